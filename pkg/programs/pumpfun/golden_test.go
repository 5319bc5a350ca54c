package pumpfun_test

import (
	"strings"
	"testing"

	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/decoder"
	"github.com/geyserjet/geyserjet/pkg/decoder/decodertest"
	"github.com/geyserjet/geyserjet/pkg/events"
	"github.com/geyserjet/geyserjet/pkg/programs/pumpfun"
)

// TestGolden decodes every pumpfun_*.json mainnet fixture, compares the events with
// testdata/<fixture>.golden (rewrite with -update), and checks them against a second source: the
// transaction's own token and lamport balances, and the instruction's accounts.
func TestGolden(t *testing.T) {
	for _, name := range decodertest.Files(t, "pumpfun_") {
		t.Run(name, func(t *testing.T) {
			updates := decodertest.Load(t, name)
			evs, stats := decodertest.Decode(t, updates, decoder.Options{})
			// The second-source checks run first, so a wrong offset fails them, not only the golden.
			defer decodertest.Golden(t, "testdata/"+strings.TrimSuffix(name, ".json")+".golden", evs)
			for k, n := range stats.Unknown {
				t.Errorf("unknown discriminator %s seen %d times", k, n)
			}
			if strings.Contains(name, "failed") {
				if len(evs) != 0 {
					t.Fatalf("failed transaction decoded to %d events by default, want 0", len(evs))
				}
				all, _ := decodertest.Decode(t, updates, decoder.Options{IncludeFailed: true})
				if len(all) == 0 {
					t.Fatal("failed transaction decoded to no events with IncludeFailed")
				}
				for _, e := range all {
					if f, ok := failedOf(e.Body); !ok || !f {
						t.Errorf("IncludeFailed event %s is not marked failed", e.MsgID())
					}
				}
				decodertest.Golden(t, "testdata/"+strings.TrimSuffix(name, ".json")+".failed.golden", all)
				return
			}
			if len(evs) == 0 {
				t.Fatal("no events")
			}
			if strings.HasPrefix(name, "pumpfun_account-global") {
				checkGlobal(t, name, evs)
				return
			}
			if strings.HasPrefix(name, "pumpfun_account-") {
				checkCurves(t, evs)
				return
			}
			checkTx(t, decodertest.Tx(t, updates), evs)
		})
	}
}

func failedOf(b events.Body) (failed, ok bool) {
	switch b := b.(type) {
	case *events.PumpfunTrade:
		return b.Failed, true
	case *events.PumpfunCreate:
		return b.Failed, true
	case *events.PumpfunMigrate:
		return b.Failed, true
	case *events.PumpfunComplete:
		return b.Failed, true
	}
	return false, false
}

// checkCurves checks the reserve identities of PROGRAMS.md §2.4 on bonding-curve accounts.
func checkCurves(t *testing.T, evs []events.Event) {
	t.Helper()
	for _, e := range evs {
		c, ok := e.Body.(*events.PumpfunBondingCurve)
		if !ok {
			t.Fatalf("account event %T, want *PumpfunBondingCurve", e.Body)
		}
		if c.Complete || c.TokenTotalSupply != 1_000_000_000_000_000 || c.VirtualSolReserves-c.RealSolReserves != 30_000_000_000 ||
			c.VirtualTokenReserves-c.RealTokenReserves != 279_900_000_000_000 || c.RealTokenReserves > 793_100_000_000_000 {
			t.Errorf("bonding curve %+v breaks vsr−rsr = 30e9, vtr−rtr = 279.9e12, supply = 1e15", c)
		}
		if c.DataLen >= 81 && c.Creator.IsZero() {
			t.Errorf("bonding curve of %d bytes has no creator", c.DataLen)
		}
		t.Logf("curve %d bytes: identities hold (rtr %d, progress %.2f%%)", c.DataLen, c.RealTokenReserves, c.Progress)
	}
}

// carbonGlobal is what sevenlabs-hq/carbon's test_decode_global_account asserts for its
// global_account.json at the commit the fixture was taken from (see SOURCES.md): a second source
// for the Global decoder's offsets, written by someone else against the same bytes.
var carbonGlobal = map[string]struct {
	authority, withdrawAuthority, feeRecipient string
	feeBasisPoints, poolMigrationFee           uint64
	feeRecipients                              []string
}{
	"pumpfun_account-global_carbon-92565a6a.json": { // carbon @92565a6a: no withdraw_authority, fee recipients asserted
		authority: "DCpJReAfonSrgohiQbTmKKbjbqVofspFRHz9yQikzooP", feeRecipient: "62qc2CNXwrYqQScmEdiZFFAnJR262PxWEuNQtxfafNgV",
		feeBasisPoints: 100,
	},
	"pumpfun_account-global_carbon-e2ee14b7.json": {
		authority: "FFWtrEQ4B4PKQoVuHYzZq8FabGkVatYzDpEVHsK5rrhF", withdrawAuthority: "39azUYFWPz3VHgKCf3VChUwbpURdCHRxjWVowf5jUJjg",
		feeRecipient: "62qc2CNXwrYqQScmEdiZFFAnJR262PxWEuNQtxfafNgV", feeBasisPoints: 100, poolMigrationFee: 15_000_001,
		feeRecipients: carbonFeeRecipients,
	},
	"pumpfun_account-global_carbon.json": { // carbon @c498da4f (file unchanged through 6bbf3b26)
		authority: "FFWtrEQ4B4PKQoVuHYzZq8FabGkVatYzDpEVHsK5rrhF", withdrawAuthority: "39azUYFWPz3VHgKCf3VChUwbpURdCHRxjWVowf5jUJjg",
		feeRecipient: "62qc2CNXwrYqQScmEdiZFFAnJR262PxWEuNQtxfafNgV", feeBasisPoints: 95, poolMigrationFee: 15_000_001,
		feeRecipients: carbonFeeRecipients,
	},
}

var carbonFeeRecipients = []string{
	"7VtfL8fvgNfhz17qKRMjzQEXgbdpnHHHQRh54R9jP2RJ", "7hTckgnGnLQR6sdH7YkqFTAA7VwTfYFaZ6EhEsU3saCX",
	"9rPYyANsfQZw3DnDmKE3YCQF5E8oD89UXoHn9JFEhJUz", "AVmoTthdrX6tKt4nDjco2D775W2YK3sDhxPcMmzUAmTY",
	"CebN5WGQ4jvEPvsVU4EoHEpgzq1VV7AbicfhtW4xC9iM", "FWsW1xNtWscwNmKv6wVsU1iTzRN6wmmk3MjxRP5tT7hz",
	"G5UZAVbAf46s7cKWoyKu8kYTip9DGTpbLZ2qa9Aq69dP",
}

// checkGlobal checks a decoded Global account against the values carbon's test states for it,
// and the curve constants every pump.fun curve starts from (PROGRAMS.md §2.4).
func checkGlobal(t *testing.T, name string, evs []events.Event) {
	t.Helper()
	want, ok := carbonGlobal[name]
	if !ok {
		t.Fatalf("no stated values for %s", name)
	}
	if len(evs) != 1 {
		t.Fatalf("%d events, want 1 Global", len(evs))
	}
	g, ok := evs[0].Body.(*events.PumpfunGlobal)
	if !ok {
		t.Fatalf("account event %T, want *PumpfunGlobal", evs[0].Body)
	}
	if !g.Initialized || g.InitialVirtualTokenReserves != 1_073_000_000_000_000 || g.InitialVirtualSolReserves != 30_000_000_000 ||
		g.InitialRealTokenReserves != 793_100_000_000_000 || g.TokenTotalSupply != 1_000_000_000_000_000 {
		t.Errorf("Global %+v: curve constants differ from carbon's (1.073e15, 30e9, 793.1e12, 1e15)", g)
	}
	if g.Authority.String() != want.authority || g.FeeRecipient.String() != want.feeRecipient || g.FeeBasisPoints != want.feeBasisPoints {
		t.Errorf("Global authority %s, fee recipient %s, fee %d bps; carbon states %s, %s, %d",
			g.Authority, g.FeeRecipient, g.FeeBasisPoints, want.authority, want.feeRecipient, want.feeBasisPoints)
	}
	if want.withdrawAuthority != "" && (g.WithdrawAuthority.String() != want.withdrawAuthority || !g.EnableMigrate || g.PoolMigrationFee != want.poolMigrationFee) {
		t.Errorf("Global withdraw authority %s, enable_migrate %v, pool_migration_fee %d; carbon states %s, true, %d",
			g.WithdrawAuthority, g.EnableMigrate, g.PoolMigrationFee, want.withdrawAuthority, want.poolMigrationFee)
	}
	for k, r := range want.feeRecipients {
		if g.FeeRecipients[k].String() != r {
			t.Errorf("Global fee_recipients[%d] %s, carbon states %s", k, g.FeeRecipients[k], r)
		}
	}
	t.Logf("Global %d bytes: authority, fee recipient(s), %d bps and curve constants match carbon's test", g.DataLen, g.FeeBasisPoints)
}

// layout gives the account positions of a trading instruction (PROGRAMS.md §2.1), restated here
// so that the check does not share the decoder's tables.
type layout struct{ mint, curve, curveATA, userATA, user, curveQuoteATA int }

func layoutOf(data []byte) (layout, bool) {
	if len(data) < 8 {
		return layout{}, false
	}
	switch string(data[:8]) {
	case "\x66\x06\x3d\x12\x01\xda\xeb\xea", "\x38\xfc\x74\x08\x9e\xdf\xcd\x5f", "\x33\xe6\x85\xa4\x01\x7f\x83\xad": // buy, buy_exact_sol_in, sell
		return layout{mint: 2, curve: 3, curveATA: 4, userATA: 5, user: 6, curveQuoteATA: -1}, true
	case "\xb8\x17\xee\x61\x67\xc5\xd3\x3d", "\xc2\xab\x1c\x46\x68\x4d\x5b\x2f", "\x5d\xf6\x82\x3c\xe7\xe9\x40\xb2": // buy_v2, buy_exact_quote_in_v2, sell_v2
		return layout{mint: 1, curve: 10, curveATA: 11, userATA: 14, user: 13, curveQuoteATA: 12}, true
	}
	return layout{}, false
}

// checkTx checks every event against the transaction's balances and instruction accounts.
func checkTx(t *testing.T, tx *chain.Tx, evs []events.Event) {
	t.Helper()
	tokens := map[int]int64{}   // account index → expected token delta, summed over trades
	lamports := map[int]int64{} // curve account index → expected lamport delta from SOL trades
	created := map[int]bool{}   // curve accounts created in this tx (their delta also holds rent)
	lastTrade := map[int]*events.PumpfunTrade{}
	var creates []*events.PumpfunCreate
	createATA := map[*events.PumpfunCreate]int{}
	for _, e := range evs {
		k := decodertest.InstructionAt(t, tx, e.Path)
		key := func(n int) string { a, _ := tx.Account(k, n); return a.String() }
		switch b := e.Body.(type) {
		case *events.PumpfunTrade:
			l, ok := layoutOf(tx.Instructions[k].Data)
			if !ok {
				t.Fatalf("trade %s from an instruction with unknown layout", e.MsgID())
			}
			if key(l.mint) != b.Mint.String() {
				t.Errorf("trade %s: mint %s, instruction's mint account %s", e.MsgID(), b.Mint, key(l.mint))
			}
			if key(l.user) != b.User.String() {
				t.Errorf("trade %s: user %s, instruction's user account %s", e.MsgID(), b.User, key(l.user))
			}
			sign := int64(1)
			if !b.IsBuy {
				sign = -1
			}
			tokens[tx.AccountIndex(k, l.userATA)] += sign * int64(b.TokenAmount)
			tokens[tx.AccountIndex(k, l.curveATA)] -= sign * int64(b.TokenAmount)
			if l.curveQuoteATA >= 0 && b.SolAmount == 0 {
				tokens[tx.AccountIndex(k, l.curveQuoteATA)] += sign * int64(b.QuoteAmount)
			} else {
				lamports[tx.AccountIndex(k, l.curve)] += sign * int64(b.SolAmount)
			}
			lastTrade[tx.AccountIndex(k, l.curve)] = b
		case *events.PumpfunCreate:
			if key(0) != b.Mint.String() || key(2) != b.BondingCurve.String() {
				t.Errorf("create %s: mint %s, curve %s; instruction accounts %s, %s", e.MsgID(), b.Mint, b.BondingCurve, key(0), key(2))
			}
			created[tx.AccountIndex(k, 2)] = true
			creates = append(creates, b)
			createATA[b] = tx.AccountIndex(k, 3)
		case *events.PumpfunComplete:
			l, _ := layoutOf(tx.Instructions[k].Data)
			if key(l.curve) != b.BondingCurve.String() || key(l.mint) != b.Mint.String() {
				t.Errorf("complete %s: curve %s, mint %s; instruction accounts %s, %s", e.MsgID(), b.BondingCurve, b.Mint, key(l.curve), key(l.mint))
			}
			var tr *events.PumpfunTrade
			for _, o := range evs {
				if o.Path == e.Path {
					if x, ok := o.Body.(*events.PumpfunTrade); ok {
						tr = x
					}
				}
			}
			if tr == nil || tr.RealTokenReserves != 0 {
				t.Errorf("complete %s: the instruction's trade left real_token_reserves %v, want 0", e.MsgID(), tr)
			} else {
				t.Logf("complete: trade left real_token_reserves 0, progress %v", tr.Progress)
			}
		}
	}
	for idx, want := range tokens {
		if createdATA(createATA, idx) {
			continue // minted in this tx: checked against the supply below
		}
		pre, post, _, ok := tx.TokenAmounts(idx)
		if got := int64(post) - int64(pre); !ok || got != want {
			t.Errorf("token account %s: balance delta %d (found %v), events say %d", tx.Accounts[idx], got, ok, want)
		} else {
			t.Logf("token account %s: delta %d matches the events", tx.Accounts[idx], got)
		}
	}
	for idx, want := range lamports {
		got := tx.LamportDelta(idx)
		if created[idx] {
			// Created in this tx: the delta also holds the account's rent, which the curve keeps
			// beside real_sol_reserves: post − real_sol_reserves must be a plausible rent.
			rent := int64(tx.PostBalances[idx]) - int64(lastTrade[idx].RealSolReserves)
			if got-want != rent || rent <= 0 || rent > 5_000_000 {
				t.Errorf("new curve %s: lamport delta %d, events say %d + rent %d", tx.Accounts[idx], got, want, rent)
			} else {
				t.Logf("new curve %s: lamport delta %d = events %d + rent %d", tx.Accounts[idx], got, want, rent)
			}
			continue
		}
		if got != want {
			t.Errorf("curve %s: lamport delta %d, events say %d", tx.Accounts[idx], got, want)
		} else {
			t.Logf("curve %s: lamport delta %d matches the events", tx.Accounts[idx], got)
		}
		if tr := lastTrade[idx]; tr != nil && tr.RealSolReserves > tx.PostBalances[idx] {
			t.Errorf("curve %s: real_sol_reserves %d above its lamports %d", tx.Accounts[idx], tr.RealSolReserves, tx.PostBalances[idx])
		}
	}
	for _, c := range creates {
		supply := c.TokenTotalSupply
		if supply == 0 {
			supply = pumpfun.DefaultTokenTotalSupply
		}
		_, post, _, _ := tx.TokenAmounts(createATA[c])
		want := int64(supply) + tokens[createATA[c]]
		if int64(post) != want {
			t.Errorf("create %s: curve token balance %d, want supply %d − tokens bought = %d", c.Mint, post, supply, want)
		} else {
			t.Logf("create %s: curve token balance %d = supply − tokens bought", c.Mint, post)
		}
	}
}

func createdATA(m map[*events.PumpfunCreate]int, idx int) bool {
	for _, v := range m {
		if v == idx {
			return true
		}
	}
	return false
}
