package launchlab

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/anchor"
	"github.com/geyserjet/geyserjet/pkg/borsh"
	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/events"
)

// synthTx builds a transaction with one LaunchLab instruction (data, nAccounts accounts: account
// k is the key {k+1}, except those set in keys) and, when event is not nil, a self-CPI emitting
// event (discriminator and body).
func synthTx(data []byte, nAccounts int, keys map[int]solana.PublicKey, event []byte) *chain.Tx {
	tx := &chain.Tx{}
	for k := 0; k < 40; k++ {
		tx.Accounts = append(tx.Accounts, solana.PublicKey{byte(k + 1)})
	}
	for k, v := range keys {
		tx.Accounts[k] = v
	}
	tx.Accounts[39] = ProgramID
	accts := make([]byte, nAccounts)
	for k := range accts {
		accts[k] = byte(k)
	}
	tx.Instructions = []chain.Instruction{{Path: events.Top(0), Depth: 1, Parent: -1, ProgramID: ProgramID, Accounts: accts, Data: data}}
	if event != nil {
		tx.Instructions = append(tx.Instructions, chain.Instruction{Path: events.Path{Outer: 0, Inner: 0}, Depth: 2,
			Parent: 0, ProgramID: ProgramID, Accounts: []byte{38}, Data: append(anchor.EventTag[:], event...)})
	}
	return tx
}

func withDisc(d [8]byte, b []byte) []byte { return append(d[:], b...) }

func pubkeyOf(b []byte) solana.PublicKey {
	var k solana.PublicKey
	copy(k[:], b)
	return k
}

func TestDecodeInstructionSwap(t *testing.T) {
	sell := body(t, "TradeEvent_139", "uzuSemMh")
	v1 := body(t, "TradeEvent_130", "3USu3YAs")
	wsol := map[int]solana.PublicKey{swapQuoteMint: solana.WrappedSol}
	keys := func(pool []byte) map[int]solana.PublicKey {
		return map[int]solana.PublicKey{swapPoolState: pubkeyOf(pool), swapQuoteMint: solana.WrappedSol}
	}
	args := make([]byte, 24)
	tests := []struct {
		name    string
		tx      *chain.Tx
		check   func(*events.LaunchLabTrade) bool
		wantErr error
		errText string
	}{
		{"sell_exact_in v2", synthTx(withDisc(discSellExactIn, args), 15, keys(sell), withDisc(discTradeEvent, sell)),
			func(b *events.LaunchLabTrade) bool {
				return !b.IsBuy && b.ExactIn && b.EventVersion == 2 && b.Instruction == "sell_exact_in" &&
					b.BaseMint == (solana.PublicKey{swapBaseMint + 1}) && b.User == (solana.PublicKey{1}) &&
					b.PriceSOL > 0 && b.PriceSOL == b.Price && b.Progress > 0 && b.Progress < 1 &&
					b.BaseDecimals == DefaultBaseDecimals && b.QuoteDecimals == DefaultQuoteDecimals
			}, nil, ""},
		{"buy_exact_out v1 takes exact_in from the instruction", synthTx(withDisc(discBuyExactOut, args), 15, keys(v1), withDisc(discTradeEvent, v1)),
			func(b *events.LaunchLabTrade) bool {
				return b.IsBuy && !b.ExactIn && b.EventVersion == 1 && b.CreatorFee == 0
			}, nil, ""},
		{"no event", synthTx(withDisc(discBuyExactIn, args), 15, wsol, nil), nil, ErrNoEvent, "buy_exact_in: TradeEvent for pool"},
		{"event of another pool", synthTx(withDisc(discBuyExactIn, args), 15, wsol, withDisc(discTradeEvent, v1)), nil, ErrNoEvent, "TradeEvent"},
		{"other event only", synthTx(withDisc(discBuyExactIn, args), 15, keys(v1), withDisc(discCreateVestingEvent, make([]byte, 72))), nil, ErrNoEvent, ""},
		{"corrupt event", synthTx(withDisc(discSellExactOut, args), 15, keys(sell), withDisc(discTradeEvent, with(sell, 136, 9))),
			nil, borsh.ErrInvalid, "launchlab: sell_exact_out: decode TradeEvent: trade_direction at offset 136: value 9"},
		{"short event", synthTx(withDisc(discBuyExactIn, args), 15, keys(sell), withDisc(discTradeEvent, sell[:100])),
			nil, borsh.ErrShortData, "decode TradeEvent: amount_out at offset 96"},
		{"short args", synthTx(withDisc(discBuyExactIn, args[:10]), 15, keys(sell), withDisc(discTradeEvent, sell)),
			nil, borsh.ErrShortData, "launchlab: buy_exact_in: decode swap args: limit at offset 8"},
		{"too few accounts", synthTx(withDisc(discBuyExactIn, args), 9, keys(sell), withDisc(discTradeEvent, sell)),
			nil, chain.ErrMalformed, "buy_exact_in: 9 accounts, want at least 11"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := DecodeInstruction(tt.tx, 0, nil)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.errText) || len(out) != 0 {
					t.Fatalf("DecodeInstruction(%s) = %d events, %v; want %v naming %q", tt.name, len(out), err, tt.wantErr, tt.errText)
				}
				return
			}
			if err != nil || len(out) != 1 {
				t.Fatalf("DecodeInstruction(%s) = %d events, %v", tt.name, len(out), err)
			}
			b, ok := out[0].Body.(*events.LaunchLabTrade)
			if !ok || !tt.check(b) || out[0].Path != events.Top(0) {
				t.Fatalf("DecodeInstruction(%s) = %+v", tt.name, out[0].Body)
			}
		})
	}
}

func TestDecodeInstructionCreate(t *testing.T) {
	ev := body(t, "PoolCreateEvent_283", "5LzhiGZB")
	ix := body(t, "ix_initialize_v2", "5LzhiGZB")
	keys := map[int]solana.PublicKey{createPoolState: pubkeyOf(ev), createCreator: pubkeyOf(ev[32:])}
	out, err := DecodeInstruction(synthTx(ix, 18, keys, withDisc(discPoolCreateEvent, ev)), 0, nil)
	if err != nil || len(out) != 1 {
		t.Fatalf("DecodeInstruction(initialize_v2) = %v, %v", out, err)
	}
	b := out[0].Body.(*events.LaunchLabCreate)
	if b.Name != "Sora Loser" || b.CurveType != "constant" || b.Supply != 1e15 || b.BaseMint != (solana.PublicKey{createBaseMint + 1}) ||
		b.Creator != keys[createCreator] || b.Instruction != "initialize_v2" || b.Config.String() != "6s1xP3hpbAfFoNtUNF8mfHsjr2Bd97JxFJRWLbL6aHuX" {
		t.Errorf("DecodeInstruction(initialize_v2) = %+v", b)
	}
	// initialize (v1 args) with an event that predates amm_fee_on.
	v1 := append(discInitialize[:], ix[8:len(ix)-8]...)
	out, err = DecodeInstruction(synthTx(v1, 18, keys, withDisc(discPoolCreateEvent, ev[:len(ev)-1])), 0, nil)
	if err != nil || len(out) != 1 || out[0].Body.(*events.LaunchLabCreate).Instruction != "initialize" {
		t.Errorf("DecodeInstruction(initialize) = %v, %v", out, err)
	}
	for name, tc := range map[string]struct {
		tx      *chain.Tx
		wantErr error
		errText string
	}{
		"no event":      {synthTx(ix, 18, keys, nil), ErrNoEvent, "initialize_v2: PoolCreateEvent for pool"},
		"corrupt event": {synthTx(ix, 18, keys, withDisc(discPoolCreateEvent, with(ev, 96+1+14+14+107, 7))), borsh.ErrInvalid, "curve_param at offset 232: value 7"},
		"corrupt args":  {synthTx(ix[:40], 18, keys, withDisc(discPoolCreateEvent, ev)), borsh.ErrShortData, "launchlab: initialize_v2: decode initialize_v2 args: uri at offset 29"},
		"few accounts":  {synthTx(ix, 6, keys, withDisc(discPoolCreateEvent, ev)), chain.ErrMalformed, "6 accounts"},
	} {
		out, err := DecodeInstruction(tc.tx, 0, nil)
		if !errors.Is(err, tc.wantErr) || !strings.Contains(err.Error(), tc.errText) || len(out) != 0 {
			t.Errorf("DecodeInstruction(%s) = %d events, %v; want %v naming %q", name, len(out), err, tc.wantErr, tc.errText)
		}
	}
}

// No real migrate_to_amm or migrate_to_cpswap transaction was found: these check the account
// positions of PROGRAMS.md 4.1 on synthetic instructions.
func TestDecodeInstructionMigrate(t *testing.T) {
	amm := binary.LittleEndian.AppendUint64(binary.LittleEndian.AppendUint64(discMigrateToAmm[:], 1_000_000), 1)
	amm = append(amm, 3)
	out, err := DecodeInstruction(synthTx(amm, 32, map[int]solana.PublicKey{ammProgram: RaydiumAMMProgramID}, nil), 0, nil)
	if err != nil || len(out) != 1 {
		t.Fatalf("DecodeInstruction(migrate_to_amm) = %v, %v", out, err)
	}
	b := out[0].Body.(*events.LaunchLabMigrate)
	want := events.LaunchLabMigrate{Instruction: "migrate_to_amm", Target: "raydium_amm", TargetProgram: RaydiumAMMProgramID,
		Payer: solana.PublicKey{1}, PoolState: solana.PublicKey{24}, GlobalConfig: solana.PublicKey{25},
		BaseMint: solana.PublicKey{2}, QuoteMint: solana.PublicKey{3}, BaseVault: solana.PublicKey{26}, QuoteVault: solana.PublicKey{27},
		NewPool: solana.PublicKey{14}, NewLPMint: solana.PublicKey{17}, NewBaseVault: solana.PublicKey{18}, NewQuoteVault: solana.PublicKey{19},
		BaseLotSize: 1_000_000, QuoteLotSize: 1, MarketVaultSignerNonce: 3}
	if *b != want {
		t.Errorf("DecodeInstruction(migrate_to_amm) =\n%+v\nwant\n%+v", *b, want)
	}
	out, err = DecodeInstruction(synthTx(discMigrateToCpswap[:], 28, map[int]solana.PublicKey{cpProgram: RaydiumCPMMProgramID}, nil), 0, nil)
	if err != nil || len(out) != 1 {
		t.Fatalf("DecodeInstruction(migrate_to_cpswap) = %v, %v", out, err)
	}
	c := out[0].Body.(*events.LaunchLabMigrate)
	wantC := events.LaunchLabMigrate{Instruction: "migrate_to_cpswap", Target: "raydium_cpmm", TargetProgram: RaydiumCPMMProgramID,
		Payer: solana.PublicKey{1}, PoolState: solana.PublicKey{18}, GlobalConfig: solana.PublicKey{19}, PlatformConfig: solana.PublicKey{4},
		BaseMint: solana.PublicKey{2}, QuoteMint: solana.PublicKey{3}, BaseVault: solana.PublicKey{20}, QuoteVault: solana.PublicKey{21},
		NewPool: solana.PublicKey{6}, NewLPMint: solana.PublicKey{8}, NewBaseVault: solana.PublicKey{9}, NewQuoteVault: solana.PublicKey{10}}
	if *c != wantC {
		t.Errorf("DecodeInstruction(migrate_to_cpswap) =\n%+v\nwant\n%+v", *c, wantC)
	}
	if _, err := DecodeInstruction(synthTx(amm[:20], 32, nil, nil), 0, nil); !errors.Is(err, borsh.ErrShortData) ||
		!strings.Contains(err.Error(), "launchlab: migrate_to_amm: decode migrate_to_amm args: quote_lot_size at offset 8") {
		t.Errorf("DecodeInstruction(migrate_to_amm short) error = %v", err)
	}
	if _, err := DecodeInstruction(synthTx(discMigrateToCpswap[:], 20, nil, nil), 0, nil); !errors.Is(err, chain.ErrMalformed) {
		t.Errorf("DecodeInstruction(migrate_to_cpswap, 20 accounts) error = %v", err)
	}
}

func TestDecodeInstructionOther(t *testing.T) {
	tests := []struct {
		name    string
		data    []byte
		unknown bool
	}{
		{"empty", nil, true},
		{"short", []byte{1, 2, 3}, true},
		{"unknown", []byte{1, 2, 3, 4, 5, 6, 7, 8, 9}, true},
		{"pump.fun buy", []byte{0x66, 0x06, 0x3d, 0x12, 0x01, 0xda, 0xeb, 0xea}, true},
		{"claim_creator_fee", discClaimCreatorFee[:], false},
		{"collect_fee", discCollectFee[:], false},
		{"event CPI", withDisc(anchor.EventTag, discTradeEvent[:]), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := DecodeInstruction(synthTx(tt.data, 3, nil, nil), 0, nil)
			var u *chain.UnknownError
			if tt.unknown != errors.As(err, &u) || (!tt.unknown && err != nil) || len(out) != 0 {
				t.Fatalf("DecodeInstruction(%s) = %d events, %v; want unknown=%v", tt.name, len(out), err, tt.unknown)
			}
			if tt.unknown && (u.Program != events.LaunchLab || u.What != "instruction" || !errors.Is(err, ErrUnknownDiscriminator)) {
				t.Fatalf("DecodeInstruction(%s) error = %#v", tt.name, u)
			}
		})
	}
}

func TestDecodeAccount(t *testing.T) {
	a := &chain.Account{Pubkey: solana.PublicKey{7}, Owner: ProgramID, Data: poolStateBytes(t)}
	out, err := DecodeAccount(a, nil)
	if err != nil || len(out) != 1 {
		t.Fatalf("DecodeAccount(PoolState) = %v, %v", out, err)
	}
	b := out[0].Body.(*events.LaunchLabPool)
	if b.PoolState != a.Pubkey || b.Key() != a.Pubkey || b.BaseMint.String() != "ALvT2usBGUC8C21dDiXpwAGVwA3x1GBKtut3VFWQcX8x" ||
		b.PriceSOL != 0 || b.Price <= 0 || b.Progress <= 0 || b.Progress >= 1 {
		t.Errorf("DecodeAccount(PoolState) = %+v", b)
	}
	for name, tc := range map[string]struct {
		data    []byte
		events  int
		wantErr error
	}{
		"global config":   {globalConfigBytes(), 0, nil},
		"platform config": {withDisc(discPlatformConfig, make([]byte, 100)), 0, nil},
		"unknown":         {make([]byte, 50), 0, ErrUnknownDiscriminator},
		"short":           {[]byte{1}, 0, ErrUnknownDiscriminator},
		"cut pool":        {poolStateBytes(t)[:300], 0, borsh.ErrShortData},
		"cut config":      {globalConfigBytes()[:40], 0, borsh.ErrShortData},
	} {
		out, err := DecodeAccount(&chain.Account{Data: tc.data}, nil)
		if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil && err != nil) || len(out) != tc.events {
			t.Errorf("DecodeAccount(%s) = %d events, %v; want %v", name, len(out), err, tc.wantErr)
		}
	}
}
