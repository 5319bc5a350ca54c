package chain

import (
	"errors"
	"testing"

	"github.com/gagliardetto/solana-go"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"

	"github.com/geyserjet/geyserjet/pkg/events"
)

func key(b byte) []byte {
	k := make([]byte, 32)
	k[0], k[31] = b, b
	return k
}

func u32(v uint32) *uint32 { return &v }

// sampleTx is a v0 transaction with 3 static keys, 2 loaded writable and 1 loaded readonly
// addresses; top-level 0 calls program 5 (a loaded readonly address) which CPIs into 3, which
// CPIs into 4; top-level 1 calls 2 directly.
func sampleTx(heights bool) *pb.SubscribeUpdateTransaction {
	sig := make([]byte, 64)
	sig[0] = 9
	h := func(v uint32) *uint32 {
		if heights {
			return u32(v)
		}
		return nil
	}
	return &pb.SubscribeUpdateTransaction{Slot: 77, Transaction: &pb.SubscribeUpdateTransactionInfo{
		Signature: sig,
		Transaction: &pb.Transaction{Signatures: [][]byte{sig}, Message: &pb.Message{
			Header:      &pb.MessageHeader{NumRequiredSignatures: 1},
			AccountKeys: [][]byte{key(0), key(1), key(2)},
			Instructions: []*pb.CompiledInstruction{
				{ProgramIdIndex: 5, Accounts: []byte{0, 3}, Data: []byte{1}},
				{ProgramIdIndex: 2, Accounts: []byte{1}, Data: []byte{2}},
			},
			Versioned: true,
		}},
		Meta: &pb.TransactionStatusMeta{
			LoadedWritableAddresses: [][]byte{key(3), key(4)},
			LoadedReadonlyAddresses: [][]byte{key(5)},
			InnerInstructions: []*pb.InnerInstructions{{Index: 0, Instructions: []*pb.InnerInstruction{
				{ProgramIdIndex: 3, Accounts: []byte{0}, Data: []byte{10}, StackHeight: h(2)},
				{ProgramIdIndex: 4, Accounts: []byte{0}, Data: []byte{11}, StackHeight: h(3)},
				{ProgramIdIndex: 3, Accounts: []byte{0}, Data: []byte{12}, StackHeight: h(2)},
			}}},
			LogMessages: []string{
				"Program " + b58(key(5)) + " invoke [1]",
				"Program log: outer",
				"Program " + b58(key(3)) + " invoke [2]",
				"Program data: AQI=",
				"Program " + b58(key(4)) + " invoke [3]",
				"Program log: deepest",
				"Program " + b58(key(4)) + " success",
				"Program log: back in 3",
				"Program " + b58(key(3)) + " success",
				"Program " + b58(key(3)) + " invoke [2]",
				"Program " + b58(key(3)) + " success",
				"Program log: outer again",
				"Program " + b58(key(5)) + " success",
				"Program " + b58(key(2)) + " invoke [1]",
				"Program " + b58(key(2)) + " failed: custom program error: 0x1",
			},
			PreBalances:  []uint64{100, 0, 0, 5, 0, 0},
			PostBalances: []uint64{90, 0, 0, 7, 0, 0},
			PreTokenBalances: []*pb.TokenBalance{{AccountIndex: 3, Mint: "M",
				UiTokenAmount: &pb.UiTokenAmount{Amount: "1000", Decimals: 6}}},
			PostTokenBalances: []*pb.TokenBalance{{AccountIndex: 3, Mint: "M",
				UiTokenAmount: &pb.UiTokenAmount{Amount: "250", Decimals: 6}}},
		},
	}}
}

func b58(k []byte) string { return solana.PublicKeyFromBytes(k).String() }

func TestFillResolvesLookupTablesAndNesting(t *testing.T) {
	for _, heights := range []bool{true, false} {
		name := "stack heights"
		if !heights {
			name = "depths from logs"
		}
		t.Run(name, func(t *testing.T) {
			var tx Tx
			if err := tx.Fill(sampleTx(heights)); err != nil {
				t.Fatalf("Fill: %v", err)
			}
			if len(tx.Accounts) != 6 || tx.Accounts[5] != solana.PublicKeyFromBytes(key(5)) {
				t.Fatalf("Accounts = %v, want static then loaded writable then loaded readonly", tx.Accounts)
			}
			want := []struct {
				path          events.Path
				depth, parent int
				program       byte
			}{
				{events.Top(0), 1, -1, 5},
				{events.Path{Outer: 0, Inner: 0}, 2, 0, 3},
				{events.Path{Outer: 0, Inner: 1}, 3, 1, 4},
				{events.Path{Outer: 0, Inner: 2}, 2, 0, 3},
				{events.Top(1), 1, -1, 2},
			}
			if len(tx.Instructions) != len(want) {
				t.Fatalf("%d instructions, want %d", len(tx.Instructions), len(want))
			}
			for i, w := range want {
				ix := tx.Instructions[i]
				if ix.Path != w.path || ix.Depth != w.depth || ix.Parent != w.parent || ix.ProgramID[0] != w.program {
					t.Errorf("instruction %d = path %v depth %d parent %d program %d; want %+v", i, ix.Path, ix.Depth, ix.Parent, ix.ProgramID[0], w)
				}
			}
			var kids []int
			tx.Children(0, func(j int) bool { kids = append(kids, j); return true })
			if len(kids) != 2 || kids[0] != 1 || kids[1] != 3 {
				t.Errorf("Children(0) = %v, want [1 3]", kids)
			}
			own := map[int][]string{}
			for i := range tx.Instructions {
				tx.OwnLogs(i, func(l string) bool { own[i] = append(own[i], l); return true })
			}
			if got := own[1]; len(got) != 4 || got[1] != "Program data: AQI=" || got[2] != "Program log: back in 3" {
				t.Errorf("OwnLogs(1) = %q", got)
			}
			if got := own[2]; len(got) != 3 || got[1] != "Program log: deepest" {
				t.Errorf("OwnLogs(2) = %q", got)
			}
			if got := own[0]; len(got) != 4 || got[2] != "Program log: outer again" {
				t.Errorf("OwnLogs(0) = %q", got)
			}
			if a, ok := tx.Account(0, 1); !ok || a != solana.PublicKeyFromBytes(key(3)) {
				t.Errorf("Account(0, 1) = %v, %v", a, ok)
			}
			if _, ok := tx.Account(0, 2); ok {
				t.Error("Account(0, 2) ok for an instruction with 2 accounts")
			}
			if pre, post, mint, ok := tx.TokenAmounts(3); !ok || pre != 1000 || post != 250 || mint != "M" {
				t.Errorf("TokenAmounts(3) = %d %d %q %v", pre, post, mint, ok)
			}
			if d := tx.LamportDelta(0); d != -10 {
				t.Errorf("LamportDelta(0) = %d, want -10", d)
			}
		})
	}
}

func TestFillMalformed(t *testing.T) {
	tests := []struct {
		name   string
		break_ func(u *pb.SubscribeUpdateTransaction)
	}{
		{"no meta", func(u *pb.SubscribeUpdateTransaction) { u.Transaction.Meta = nil }},
		{"no message", func(u *pb.SubscribeUpdateTransaction) { u.Transaction.Transaction.Message = nil }},
		{"short signature", func(u *pb.SubscribeUpdateTransaction) { u.Transaction.Signature = []byte{1} }},
		{"short key", func(u *pb.SubscribeUpdateTransaction) { u.Transaction.Transaction.Message.AccountKeys[1] = []byte{1} }},
		{"program index out of range", func(u *pb.SubscribeUpdateTransaction) {
			u.Transaction.Transaction.Message.Instructions[0].ProgramIdIndex = 6
		}},
		{"inner account index out of range", func(u *pb.SubscribeUpdateTransaction) {
			u.Transaction.Meta.InnerInstructions[0].Instructions[1].Accounts = []byte{200}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := sampleTx(true)
			tt.break_(u)
			var tx Tx
			if err := tx.Fill(u); !errors.Is(err, ErrMalformed) {
				t.Errorf("Fill = %v, want ErrMalformed", err)
			}
		})
	}
	var tx Tx
	if err := tx.Fill(&pb.SubscribeUpdateTransaction{}); !errors.Is(err, ErrMalformed) {
		t.Errorf("Fill(empty) = %v, want ErrMalformed", err)
	}
}

func TestFillReusesMemory(t *testing.T) {
	u := sampleTx(true)
	var tx Tx
	if err := tx.Fill(u); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(100, func() { _ = tx.Fill(u) }); n != 0 {
		t.Errorf("Fill allocates %v times on reuse, want 0", n)
	}
}

func TestFailedAndTruncated(t *testing.T) {
	u := sampleTx(true)
	u.Transaction.Meta.Err = &pb.TransactionError{Err: []byte{8, 0, 0, 0}}
	u.Transaction.Meta.LogMessages = append(u.Transaction.Meta.LogMessages[:3], "Log truncated")
	var tx Tx
	if err := tx.Fill(u); err != nil {
		t.Fatal(err)
	}
	if !tx.Failed {
		t.Error("Failed = false for a transaction with meta.err")
	}
	tx.OwnLogs(0, func(string) bool { return true })
	if tx.LogsComplete {
		t.Error("LogsComplete = true after a Log truncated line")
	}
}

func TestAccountFill(t *testing.T) {
	var a Account
	u := &pb.SubscribeUpdateAccount{Slot: 5, Account: &pb.SubscribeUpdateAccountInfo{
		Pubkey: key(1), Owner: key(2), Lamports: 3, Data: []byte{1, 2}, WriteVersion: 9}}
	if err := a.Fill(u); err != nil || a.Slot != 5 || a.WriteVersion != 9 || a.Owner[0] != 2 || len(a.Data) != 2 {
		t.Errorf("Fill = %+v, %v", a, err)
	}
	u.Account.Owner = nil
	if err := a.Fill(u); !errors.Is(err, ErrMalformed) {
		t.Errorf("Fill(no owner) = %v, want ErrMalformed", err)
	}
}

func TestUnknownError(t *testing.T) {
	err := Unknown(events.Pumpfun, "instruction", []byte{1, 2, 3}, 8)
	if !errors.Is(err, ErrUnknownDiscriminator) || err.Error() != "pumpfun: instruction: unknown discriminator 010203" {
		t.Errorf("Unknown = %v", err)
	}
}
