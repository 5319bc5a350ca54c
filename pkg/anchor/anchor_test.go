package anchor

import (
	"encoding/base64"
	"encoding/hex"
	"testing"

	"github.com/gagliardetto/solana-go"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"

	"github.com/geyserjet/geyserjet/pkg/chain"
)

func TestDiscriminator(t *testing.T) {
	// Values from PROGRAMS.md, recomputed there and matching the IDLs.
	tests := []struct{ ns, name, want string }{
		{"event", "TradeEvent", "bddb7fd34ee661ee"},
		{"global", "buy", "66063d1201daebea"},
		{"account", "BondingCurve", "17b7f83760d8ac60"},
		{"event", "SwapEvent", "40c6cde8260871e2"},
	}
	for _, tt := range tests {
		d := Discriminator(tt.ns, tt.name)
		if got := hex.EncodeToString(d[:]); got != tt.want {
			t.Errorf("Discriminator(%q, %q) = %s, want %s", tt.ns, tt.name, got, tt.want)
		}
	}
}

func k(b byte) []byte {
	x := make([]byte, 32)
	x[0] = b
	return x
}

// txWith builds a transaction whose top-level instruction 0 is program 1, with the given inner
// instructions (all at depth 2) and logs.
func txWith(t *testing.T, inner []*pb.InnerInstruction, logs []string) *chain.Tx {
	t.Helper()
	h := uint32(2)
	for _, ii := range inner {
		ii.StackHeight = &h
	}
	u := &pb.SubscribeUpdateTransaction{Transaction: &pb.SubscribeUpdateTransactionInfo{
		Signature: make([]byte, 64),
		Transaction: &pb.Transaction{Message: &pb.Message{
			AccountKeys:  [][]byte{k(0), k(1), k(2)},
			Instructions: []*pb.CompiledInstruction{{ProgramIdIndex: 1, Data: []byte{0xaa}}},
		}},
		Meta: &pb.TransactionStatusMeta{InnerInstructions: []*pb.InnerInstructions{{Index: 0, Instructions: inner}},
			LogMessages: logs},
	}}
	tx := new(chain.Tx)
	if err := tx.Fill(u); err != nil {
		t.Fatal(err)
	}
	return tx
}

func collect(tx *chain.Tx, i int) (out []string, src []Source) {
	for ev := range Events(tx, i) {
		out = append(out, hex.EncodeToString(ev.Data))
		src = append(src, ev.Source)
	}
	return out, src
}

func TestEventsPrefersSelfCPI(t *testing.T) {
	p1 := solana.PublicKeyFromBytes(k(1)).String()
	logs := []string{"Program " + p1 + " invoke [1]",
		"Program data: " + base64.StdEncoding.EncodeToString([]byte{1, 2, 3}),
		"Program " + p1 + " invoke [2]", "Program " + p1 + " success",
		"Program " + p1 + " success"}
	cpi := append(append([]byte{}, EventTag[:]...), 1, 2, 3)
	tx := txWith(t, []*pb.InnerInstruction{
		{ProgramIdIndex: 1, Data: cpi},
		{ProgramIdIndex: 2, Data: append(append([]byte{}, EventTag[:]...), 9)}, // another program's tag: not ours
	}, logs)
	got, src := collect(tx, 0)
	if len(got) != 1 || got[0] != "010203" || src[0] != SelfCPI {
		t.Errorf("Events = %v %v, want the one self-CPI copy only", got, src)
	}
	if !IsEventCPI(tx, 1) || IsEventCPI(tx, 2) || IsEventCPI(tx, 0) {
		t.Errorf("IsEventCPI = %v %v %v, want true false false", IsEventCPI(tx, 1), IsEventCPI(tx, 2), IsEventCPI(tx, 0))
	}
}

func TestEventsFallsBackToOwnLogs(t *testing.T) {
	p1 := solana.PublicKeyFromBytes(k(1)).String()
	p2 := solana.PublicKeyFromBytes(k(2)).String()
	logs := []string{"Program " + p1 + " invoke [1]",
		"Program data: " + base64.StdEncoding.EncodeToString([]byte{1, 2, 3}),
		"Program " + p2 + " invoke [2]",
		"Program data: " + base64.StdEncoding.EncodeToString([]byte{7}), // the CPI's, not ours
		"Program " + p2 + " success",
		"Program data: not base64!",
		"Program data: " + base64.StdEncoding.EncodeToString([]byte{4, 5}),
		"Program " + p1 + " success"}
	tx := txWith(t, []*pb.InnerInstruction{{ProgramIdIndex: 2, Data: []byte{1}}}, logs)
	got, src := collect(tx, 0)
	if len(got) != 2 || got[0] != "010203" || got[1] != "0405" || src[0] != Log {
		t.Errorf("Events = %v %v, want [010203 0405] from logs", got, src)
	}
	got, _ = collect(tx, 1)
	if len(got) != 1 || got[0] != "07" {
		t.Errorf("Events(inner) = %v, want [07]", got)
	}
}

// LaunchLab writes its "Program data:" line inside the emit_cpi! self-invocation's frame. When
// a provider omits inner instructions, that frame has no instruction, and its lines must still
// count as the caller's.
func TestEventsInSelfCPIFrameWithoutInnerInstructions(t *testing.T) {
	p1 := solana.PublicKeyFromBytes(k(1)).String()
	logs := []string{"Program " + p1 + " invoke [1]",
		"Program log: Instruction: BuyExactIn",
		"Program " + p1 + " invoke [2]",
		"Program data: " + base64.StdEncoding.EncodeToString([]byte{1, 2, 3}),
		"Program " + p1 + " consumed 100 of 200 compute units",
		"Program " + p1 + " success",
		"Program data: " + base64.StdEncoding.EncodeToString([]byte{4}),
		"Program " + p1 + " success"}
	tx := txWith(t, nil, logs)
	got, _ := collect(tx, 0)
	if len(got) != 2 || got[0] != "010203" || got[1] != "04" {
		t.Errorf("Events = %v, want [010203 04]", got)
	}
}
