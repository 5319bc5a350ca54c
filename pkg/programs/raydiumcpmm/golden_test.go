package raydiumcpmm_test

import (
	"strings"
	"testing"

	"github.com/gagliardetto/solana-go"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/protobuf/proto"

	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/decoder"
	"github.com/geyserjet/geyserjet/pkg/decoder/decodertest"
	"github.com/geyserjet/geyserjet/pkg/events"
	"github.com/geyserjet/geyserjet/pkg/programs/raydiumcpmm"
)

func delta(tx *chain.Tx, k solana.PublicKey) (int64, bool) {
	pre, post, _, ok := tx.TokenAmounts(tx.IndexOf(k))
	return int64(post) - int64(pre), ok
}

// fixtures are the cpmm_ files, and other programs' fixtures that route through CPMM.
func fixtures(t *testing.T) []string {
	return append(decodertest.Files(t, "cpmm_"), "launchlab_buy_exact_in_8QTg427x.json")
}

// TestGolden decodes every CPMM fixture, cross-checks each swap with the token balance deltas
// of the pool's vaults and the user's accounts, decodes it again with the logs stripped and
// compares, and compares the events with testdata/<fixture>.golden.
func TestGolden(t *testing.T) {
	for _, name := range fixtures(t) {
		t.Run(name, func(t *testing.T) {
			ups := decodertest.Load(t, name)
			all, stats := decodertest.Decode(t, ups, decoder.Options{})
			evs := decodertest.Of(all, events.RaydiumCPMM)
			if len(evs) == 0 {
				t.Fatalf("no raydium_cpmm events (stats %+v)", stats)
			}
			tx := decodertest.Tx(t, ups)
			for _, e := range evs {
				switch b := e.Body.(type) {
				case *events.RaydiumCPMMSwap:
					checkSwap(t, tx, b)
					checkFallback(t, ups, e.Path, b)
				default:
					t.Errorf("unexpected %T", b)
				}
			}
			decodertest.Golden(t, "testdata/"+strings.TrimSuffix(name, ".json")+".golden", evs)
		})
	}
}

// checkSwap: the input vault grows by input_amount (what arrived, after any Token-2022 fee), the
// output vault shrinks by output_amount plus the output transfer fee; the user's source shrinks
// by input_amount plus the input fee, the destination grows by output_amount. The event's
// pre-swap vault balances never exceed the vaults' pre balances (fees accrued are excluded).
func checkSwap(t *testing.T, tx *chain.Tx, b *events.RaydiumCPMMSwap) {
	t.Helper()
	if b.AmountsSource != raydiumcpmm.SourceEvent || b.EventVersion == 0 {
		t.Errorf("amounts_source %q version %d, want an event", b.AmountsSource, b.EventVersion)
	}
	dIn, ok1 := delta(tx, b.InputVault)
	dOut, ok2 := delta(tx, b.OutputVault)
	if !ok1 || !ok2 || dIn != int64(b.InputAmount) || -dOut != int64(b.OutputAmount+b.OutputTransferFee) {
		t.Errorf("vault deltas in %d out %d, event in %d out %d (+fee %d)", dIn, -dOut, b.InputAmount, b.OutputAmount, b.OutputTransferFee)
	}
	inPre, _, inMint, _ := tx.TokenAmounts(tx.IndexOf(b.InputVault))
	outPre, _, outMint, _ := tx.TokenAmounts(tx.IndexOf(b.OutputVault))
	if b.InputVaultBefore > inPre || b.OutputVaultBefore > outPre || b.InputVaultBefore == 0 {
		t.Errorf("vault_before %d %d, vault pre balances %d %d", b.InputVaultBefore, b.OutputVaultBefore, inPre, outPre)
	}
	if b.InputMint.String() != inMint || b.OutputMint.String() != outMint {
		t.Errorf("mints %s→%s, vault mints %s→%s", b.InputMint, b.OutputMint, inMint, outMint)
	}
	if b.BaseInput != (b.Instruction == "swap_base_input") || (b.BaseInput && b.OutputAmount < b.MinimumAmountOut) {
		t.Errorf("base_input %v for %s", b.BaseInput, b.Instruction)
	}
	if d, ok := delta(tx, b.InputTokenAccount); ok && -d == int64(b.InputAmount+b.InputTransferFee) {
		t.Logf("user input delta = input %d + fee %d ✓", b.InputAmount, b.InputTransferFee)
	} else {
		t.Logf("user input delta %d (listed %v) != input %d + fee %d (other transfers in the transaction)", -d, ok, b.InputAmount, b.InputTransferFee)
	}
	if d, ok := delta(tx, b.OutputTokenAccount); ok && d == int64(b.OutputAmount) {
		t.Logf("user output delta = output %d ✓", d)
	} else {
		t.Logf("user output delta %d (listed %v) != output %d (other transfers in the transaction)", d, ok, b.OutputAmount)
	}
}

// checkFallback decodes the swap again without logs (the vault-balance path).
func checkFallback(t *testing.T, ups []*pb.SubscribeUpdate, p events.Path, want *events.RaydiumCPMMSwap) {
	t.Helper()
	tx := decodertest.Tx(t, ups)
	tx.Logs, tx.LogsComplete = nil, false
	out, err := raydiumcpmm.DecodeInstruction(tx, decodertest.InstructionAt(t, tx, p), nil)
	if err != nil || len(out) != 1 {
		t.Fatalf("fallback: %v, %v", out, err)
	}
	got := out[0].Body.(*events.RaydiumCPMMSwap)
	if got.AmountsSource != raydiumcpmm.SourceVaultBalances || got.InputAmount != want.InputAmount ||
		got.OutputAmount != want.OutputAmount+want.OutputTransferFee || got.InputMint != want.InputMint || got.PoolID != want.PoolID {
		t.Errorf("fallback = %+v\nevent = %+v", got, want)
	}
}

func updates(b *testing.B, name string) ([]*pb.SubscribeUpdate, [][]byte) {
	ups := decodertest.Load(b, name)
	var raw [][]byte
	for _, u := range ups {
		m, err := proto.Marshal(u)
		if err != nil {
			b.Fatal(err)
		}
		raw = append(raw, m)
	}
	return ups, raw
}

// BenchmarkDecodeRaydiumCPMMSwap: decode, then subject, Nats-Msg-Id and JSON (decodertest.BenchDecode).
func BenchmarkDecodeRaydiumCPMMSwap(b *testing.B) {
	decodertest.BenchDecode(b, "cpmm_swap_base_input_4RoVbE9H.json")
}

// BenchmarkUnmarshalRaydiumCPMMSwap: the protobuf unmarshal of the same update.
func BenchmarkUnmarshalRaydiumCPMMSwap(b *testing.B) {
	decodertest.BenchUnmarshal(b, "cpmm_swap_base_input_4RoVbE9H.json")
}
