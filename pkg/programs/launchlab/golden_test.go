package launchlab_test

import (
	"strings"
	"testing"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/decoder"
	"github.com/geyserjet/geyserjet/pkg/decoder/decodertest"
	"github.com/geyserjet/geyserjet/pkg/events"
	"github.com/geyserjet/geyserjet/pkg/programs/launchlab"
)

// TestGolden decodes every launchlab_*.json mainnet fixture, compares the LaunchLab events with
// testdata/<name>.golden (go test -update rewrites them), and checks each event against a second
// source in the same transaction: PDAs and token balances.
func TestGolden(t *testing.T) {
	for _, name := range decodertest.Files(t, "launchlab_") {
		t.Run(name, func(t *testing.T) {
			updates := decodertest.Load(t, name)
			tx := decodertest.Tx(t, updates)
			all, _ := decodertest.Decode(t, updates, decoder.Options{})
			var evs []events.Event
			for _, e := range all {
				if e.Body.Program() == events.LaunchLab {
					evs = append(evs, e)
				}
			}
			if len(evs) == 0 {
				t.Fatalf("%s: no LaunchLab events", name)
			}
			decodertest.Golden(t, "testdata/"+strings.TrimSuffix(name, ".json")+".golden", evs)
			crossCheck(t, tx, evs)
		})
	}
}

func pda(t *testing.T, seeds ...[]byte) solana.PublicKey {
	t.Helper()
	k, _, err := solana.FindProgramAddress(seeds, launchlab.ProgramID)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// delta returns the token balance change of instruction j's account n, and whether the
// transaction lists it.
func delta(tx *chain.Tx, j, n int) (int64, bool) {
	pre, post, _, ok := tx.TokenAmounts(tx.AccountIndex(j, n))
	return int64(post) - int64(pre), ok
}

// crossCheck checks every event against the transaction's own data. The vault balance changes
// are summed over the transaction's events (a create mints the supply into the base vault that
// the following buy draws from).
func crossCheck(t *testing.T, tx *chain.Tx, evs []events.Event) {
	t.Helper()
	wantVault := map[int]int64{} // account index -> expected token delta
	vaults := map[int]string{}
	for _, e := range evs {
		j := decodertest.InstructionAt(t, tx, e.Path)
		switch b := e.Body.(type) {
		case *events.LaunchLabCreate:
			if got := pda(t, []byte("pool"), b.BaseMint[:], b.QuoteMint[:]); got != b.PoolState {
				t.Errorf("%s: pool_state %s, PDA of its mints %s", e.Path, b.PoolState, got)
			}
			if pda(t, []byte("pool_vault"), b.PoolState[:], b.BaseMint[:]) != b.BaseVault ||
				pda(t, []byte("pool_vault"), b.PoolState[:], b.QuoteMint[:]) != b.QuoteVault {
				t.Errorf("%s: vaults %s %s are not the pool's PDAs", e.Path, b.BaseVault, b.QuoteVault)
			}
			if k, _ := tx.Account(j, 1); k != b.Creator {
				t.Errorf("%s: creator %s, instruction account 1 %s", e.Path, b.Creator, k)
			}
			if k, _ := tx.Account(j, 2); k != b.Config {
				t.Errorf("%s: config %s, instruction account 2 %s", e.Path, b.Config, k)
			}
			// The supply minted: every post balance of the new mint, which had none before.
			var minted uint64
			for _, tb := range tx.PostTokens {
				if tb.Mint == b.BaseMint.String() {
					minted += tb.Amount
					if tb.Decimals != b.Decimals {
						t.Errorf("%s: decimals %d, token balance says %d", e.Path, b.Decimals, tb.Decimals)
					}
				}
			}
			for _, tb := range tx.PreTokens {
				if tb.Mint == b.BaseMint.String() {
					t.Errorf("%s: base mint %s had balances before its creation", e.Path, b.BaseMint)
				}
			}
			if minted != b.Supply {
				t.Errorf("%s: supply %d, token balances of the mint sum to %d", e.Path, b.Supply, minted)
			}
			if b.CurveType != "constant" || b.TotalBaseSell >= b.Supply || b.TotalQuoteFundRaising == 0 {
				t.Errorf("%s: implausible curve %+v", e.Path, b)
			}
			wantVault[tx.AccountIndex(j, 8)] += int64(b.Supply - b.TotalLockedAmount)
			vaults[tx.AccountIndex(j, 8)] = "base"
		case *events.LaunchLabTrade:
			checkTrade(t, tx, j, e.Path, b, wantVault, vaults)
		default:
			t.Errorf("%s: unexpected body %T", e.Path, b)
		}
	}
	for k, want := range wantVault {
		pre, post, _, ok := tx.TokenAmounts(k)
		if got := int64(post) - int64(pre); !ok || got != want {
			t.Errorf("%s vault %s: token balance change %d, events say %d", vaults[k], tx.Accounts[k], got, want)
		}
	}
}

func checkTrade(t *testing.T, tx *chain.Tx, j int, p events.Path, b *events.LaunchLabTrade, wantVault map[int]int64, vaults map[int]string) {
	t.Helper()
	if got := pda(t, []byte("pool"), b.BaseMint[:], b.QuoteMint[:]); got != b.PoolState {
		t.Errorf("%s: pool_state %s, PDA of accounts 9/10 %s", p, b.PoolState, got)
	}
	for n, mint := range map[int]solana.PublicKey{7: b.BaseMint, 8: b.QuoteMint} {
		if k, _ := tx.Account(j, n); k != pda(t, []byte("pool_vault"), b.PoolState[:], mint[:]) {
			t.Errorf("%s: account %d %s is not the pool's vault PDA", p, n, k)
		}
	}
	if b.IsBuy != (b.TradeDirection == 0) || b.IsBuy != strings.HasPrefix(b.Instruction, "buy") ||
		b.ExactIn != strings.HasSuffix(b.Instruction, "_in") {
		t.Errorf("%s: direction/exactness disagree with %s: %+v", p, b.Instruction, b)
	}
	// The curve's own accounting: real_base moves by the base amount, real_quote by the quote
	// amount net of the protocol, platform and creator fees (PROGRAMS.md 4.2).
	fees := b.ProtocolFee + b.PlatformFee + b.CreatorFee
	baseAmt, quoteNet := int64(b.AmountOut), int64(b.AmountIn-fees-b.ShareFee)
	if !b.IsBuy {
		baseAmt, quoteNet = -int64(b.AmountIn), -int64(b.AmountOut+fees+b.ShareFee)
	}
	if got := int64(b.RealBaseAfter - b.RealBaseBefore); got != baseAmt {
		t.Errorf("%s: real_base change %d, base amount %d", p, got, baseAmt)
	}
	if got := int64(b.RealQuoteAfter - b.RealQuoteBefore); got != quoteNet {
		t.Errorf("%s: real_quote change %d, net quote %d", p, got, quoteNet)
	}
	// Vaults, the second source. Base vault: −base amount. Quote vault: the real_quote change
	// plus the protocol fee, which stays in the vault (accrued in PoolState.quote_protocol_fee);
	// in version 1 events the platform fee stays there too, while version 2 transactions move
	// the platform and creator fees out to their fee vaults.
	wantVault[tx.AccountIndex(j, 7)] -= baseAmt
	vaults[tx.AccountIndex(j, 7)] = "base"
	q := quoteNet + int64(b.ProtocolFee)
	if b.EventVersion == 1 {
		q += int64(b.PlatformFee)
	}
	wantVault[tx.AccountIndex(j, 8)] += q
	vaults[tx.AccountIndex(j, 8)] = "quote"
	// The user's base token account receives the base amount (pays it on a sell).
	if d, ok := delta(tx, j, 5); ok && d != baseAmt {
		t.Errorf("%s: user base account change %d, base amount %d", p, d, baseAmt)
	} else if !ok {
		t.Errorf("%s: user base account not in the token balances", p)
	}
	// Version 2 fee vaults (remaining accounts 16, 17 when share_fee_rate is 0).
	if b.EventVersion == 2 && b.ShareFee == 0 && len(tx.Instructions[j].Accounts) >= 18 {
		for n, want := range map[int]uint64{16: b.PlatformFee, 17: b.CreatorFee} {
			if d, ok := delta(tx, j, n); ok && d != int64(want) {
				t.Errorf("%s: fee vault (account %d) change %d, event fee %d", p, n, d, want)
			} else if !ok && want != 0 {
				t.Errorf("%s: fee vault (account %d) not in the token balances, fee %d", p, n, want)
			}
		}
	}
	// The constant-product assumption behind price: the trade's own average price lies between
	// the curve price before and after it.
	before := launchlab.Price(b.VirtualBase, b.VirtualQuote, b.RealBaseBefore, b.RealQuoteBefore, b.BaseDecimals, b.QuoteDecimals)
	avg := float64(quoteNet) / float64(baseAmt) * pow10(int(b.BaseDecimals)-int(b.QuoteDecimals))
	lo, hi := before, b.Price
	if lo > hi {
		lo, hi = hi, lo
	}
	if avg < lo*(1-1e-9) || avg > hi*(1+1e-9) || b.Price <= 0 {
		t.Errorf("%s: average price %v outside the curve prices %v … %v", p, avg, before, b.Price)
	}
	if (b.QuoteMint == solana.WrappedSol) != (b.PriceSOL == b.Price) || b.BaseDecimals != 6 || b.QuoteDecimals != 9 {
		t.Errorf("%s: price_sol %v price %v decimals %d/%d", p, b.PriceSOL, b.Price, b.BaseDecimals, b.QuoteDecimals)
	}
	if want := float64(b.RealBaseAfter) / float64(b.TotalBaseSell); b.Progress != want || want <= 0 || want >= 1 {
		t.Errorf("%s: progress %v", p, b.Progress)
	}
}

func pow10(n int) float64 {
	f := 1.0
	for ; n > 0; n-- {
		f *= 10
	}
	for ; n < 0; n++ {
		f /= 10
	}
	return f
}
