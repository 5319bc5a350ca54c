package raydiumamm_test

import (
	"strings"
	"testing"

	"github.com/gagliardetto/solana-go"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"

	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/decoder"
	"github.com/geyserjet/geyserjet/pkg/decoder/decodertest"
	"github.com/geyserjet/geyserjet/pkg/events"
	"github.com/geyserjet/geyserjet/pkg/programs/raydiumamm"
)

// delta returns post − pre of k's token balance, and whether the transaction lists it.
func delta(tx *chain.Tx, k solana.PublicKey) (int64, bool) {
	pre, post, _, ok := tx.TokenAmounts(tx.IndexOf(k))
	return int64(post) - int64(pre), ok
}

// vaultUses counts the AMM v4 instructions of tx that name vault k.
func vaultUses(tx *chain.Tx, k solana.PublicKey) int {
	n := 0
	for i := range tx.Instructions {
		if tx.Instructions[i].ProgramID != raydiumamm.ProgramID {
			continue
		}
		for _, a := range tx.Instructions[i].Accounts {
			if tx.Accounts[a] == k {
				n++
			}
		}
	}
	return n
}

// TestGolden decodes every AMM v4 fixture, cross-checks each event against the transaction's
// token balances, decodes it again with the logs stripped (the vault-balance fallback) and
// compares, and compares the events with testdata/<fixture>.golden.
func TestGolden(t *testing.T) {
	for _, name := range decodertest.Files(t, "ammv4_") {
		t.Run(name, func(t *testing.T) {
			ups := decodertest.Load(t, name)
			all, stats := decodertest.Decode(t, ups, decoder.Options{})
			evs := decodertest.Of(all, events.RaydiumAMM)
			if len(evs) == 0 {
				t.Fatalf("no raydium_amm events (stats %+v)", stats)
			}
			tx := decodertest.Tx(t, ups)
			for _, e := range evs {
				switch b := e.Body.(type) {
				case *events.RaydiumAMMSwap:
					checkSwap(t, tx, b)
					checkFallback(t, ups, e.Path, b)
				case *events.RaydiumAMMPoolCreate:
					checkPoolCreate(t, tx, b)
				default:
					t.Errorf("unexpected %T", b)
				}
			}
			decodertest.Golden(t, "testdata/"+strings.TrimSuffix(name, ".json")+".golden", evs)
		})
	}
}

// checkSwap compares a swap's amounts with the deltas of the pool's vaults and the user's
// accounts. A wrong offset in the ray_log or the accounts fails it.
func checkSwap(t *testing.T, tx *chain.Tx, b *events.RaydiumAMMSwap) {
	t.Helper()
	if b.AmountsSource != raydiumamm.SourceRayLog {
		t.Errorf("amounts_source = %q, want ray_log in a full-log fixture", b.AmountsSource)
	}
	if b.InputAmount == 0 || b.OutputAmount == 0 {
		t.Errorf("zero amounts: %+v", b)
	}
	if b.Instruction == "swap_base_in" && (b.InputAmount != b.AmountIn || b.OutputAmount < b.MinimumAmountOut) {
		t.Errorf("swap_base_in: in %d out %d, args %d min %d", b.InputAmount, b.OutputAmount, b.AmountIn, b.MinimumAmountOut)
	}
	inVault, outVault := b.CoinVault, b.PcVault
	if b.Direction == raydiumamm.PcToCoin {
		inVault, outVault = b.PcVault, b.CoinVault
	}
	if vaultUses(tx, inVault) != 1 {
		t.Logf("vault %s used by several instructions: deltas not per swap, skipped", inVault)
		return
	}
	dIn, ok1 := delta(tx, inVault)
	dOut, ok2 := delta(tx, outVault)
	if !ok1 || !ok2 || dIn != int64(b.InputAmount) || -dOut != int64(b.OutputAmount) {
		t.Errorf("vault deltas in %d (%v) out %d (%v), event in %d out %d", dIn, ok1, -dOut, ok2, b.InputAmount, b.OutputAmount)
	}
	_, _, inMint, _ := tx.TokenAmounts(tx.IndexOf(inVault))
	_, _, outMint, _ := tx.TokenAmounts(tx.IndexOf(outVault))
	if b.InputMint.String() != inMint || b.OutputMint.String() != outMint {
		t.Errorf("mints %s→%s, vault mints %s→%s", b.InputMint, b.OutputMint, inMint, outMint)
	}
	// The user's accounts move by the same amounts, unless the transaction also moves them
	// elsewhere (a router's wrapped-SOL account closed in the same transaction).
	if d, ok := delta(tx, b.UserDestination); ok && d != int64(b.OutputAmount) {
		t.Logf("user destination delta %d != output %d (other transfers in the transaction)", d, b.OutputAmount)
	} else if ok {
		t.Logf("user destination delta = output %d ✓", d)
	}
	if d, ok := delta(tx, b.UserSource); ok && -d != int64(b.InputAmount) {
		t.Logf("user source delta %d != input %d (other transfers in the transaction)", -d, b.InputAmount)
	} else if ok {
		t.Logf("user source delta = input %d ✓", -d)
	}
}

// checkFallback decodes the swap at path p again from a copy of the transaction without logs,
// which takes the vault-balance path, and wants the same amounts.
func checkFallback(t *testing.T, ups []*pb.SubscribeUpdate, p events.Path, want *events.RaydiumAMMSwap) {
	t.Helper()
	tx := decodertest.Tx(t, ups)
	tx.Logs, tx.LogsComplete = nil, false
	out, err := raydiumamm.DecodeInstruction(tx, decodertest.InstructionAt(t, tx, p), nil)
	if err != nil || len(out) != 1 {
		t.Fatalf("fallback: %v, %v", out, err)
	}
	got := out[0].Body.(*events.RaydiumAMMSwap)
	if got.AmountsSource != raydiumamm.SourceVaultBalances || got.InputAmount != want.InputAmount ||
		got.OutputAmount != want.OutputAmount || got.Direction != want.Direction || got.InputMint != want.InputMint ||
		got.OutputMint != want.OutputMint || got.Price != want.Price {
		t.Errorf("fallback = %+v\nray_log = %+v", got, want)
	}
}

// checkPoolCreate compares initialize2's amounts with the new vaults' balances.
func checkPoolCreate(t *testing.T, tx *chain.Tx, b *events.RaydiumAMMPoolCreate) {
	t.Helper()
	_, coinPost, coinMint, ok1 := tx.TokenAmounts(tx.IndexOf(b.CoinVault))
	_, pcPost, pcMint, ok2 := tx.TokenAmounts(tx.IndexOf(b.PcVault))
	if !ok1 || !ok2 || coinPost != b.InitCoinAmount || pcPost != b.InitPcAmount {
		t.Errorf("vault post balances coin %d pc %d, init %d %d", coinPost, pcPost, b.InitCoinAmount, b.InitPcAmount)
	}
	for _, tb := range tx.PostTokens {
		if (tx.Accounts[tb.AccountIndex] == b.CoinVault && tb.Decimals != b.CoinDecimals) ||
			(tx.Accounts[tb.AccountIndex] == b.PcVault && tb.Decimals != b.PcDecimals) {
			t.Errorf("vault %s has %d decimals, InitLog says coin %d pc %d", tx.Accounts[tb.AccountIndex], tb.Decimals, b.CoinDecimals, b.PcDecimals)
		}
	}
	if coinMint != b.CoinMint.String() || pcMint != b.PcMint.String() {
		t.Errorf("vault mints %s %s, event %s %s", coinMint, pcMint, b.CoinMint, b.PcMint)
	}
}

// BenchmarkDecodeRaydiumAMMSwap: decode, then subject, Nats-Msg-Id and JSON (decodertest.BenchDecode).
func BenchmarkDecodeRaydiumAMMSwap(b *testing.B) {
	decodertest.BenchDecode(b, "ammv4_swap_base_in_54MFrVcf.json")
}

// BenchmarkUnmarshalRaydiumAMMSwap: the protobuf unmarshal of the same update.
func BenchmarkUnmarshalRaydiumAMMSwap(b *testing.B) {
	decodertest.BenchUnmarshal(b, "ammv4_swap_base_in_54MFrVcf.json")
}
