package decoder

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gagliardetto/solana-go"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"

	"github.com/geyserjet/geyserjet/pkg/anchor"
	"github.com/geyserjet/geyserjet/pkg/borsh"
	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/events"
)

var fakeID = solana.PublicKey{200}

// fakeInstruction emits data[0] slot events (a stand-in body), or fails on 0xfe, or reports an
// unknown discriminator on 0xff.
func fakeInstruction(tx *chain.Tx, i int, out []events.Event) ([]events.Event, error) {
	d := tx.Instructions[i].Data
	switch {
	case len(d) == 0:
		return out, nil
	case d[0] == 0xff:
		return out, chain.Unknown("fake", "instruction", d, 8)
	case d[0] == 0xfe:
		r := borsh.NewReader(d[1:])
		r.U64("amount")
		return out, r.Err()
	}
	for n := 0; n < int(d[0]); n++ {
		out = append(out, events.Event{Path: tx.Instructions[i].Path, Body: &events.ChainSlot{Status: "x"}})
	}
	return out, nil
}

func fakeAccount(a *chain.Account, out []events.Event) ([]events.Event, error) {
	return append(out, events.Event{Body: &events.PumpfunGlobal{Global: a.Pubkey}}), nil
}

func TestMain(m *testing.M) {
	Programs = append(Programs, Program{"fake", fakeID, fakeInstruction, fakeAccount})
	m.Run()
}

func txUpdate(failed bool, outer []byte, inner [][]byte) *pb.SubscribeUpdate {
	sig := make([]byte, 64)
	sig[0] = 1
	h := uint32(2)
	var inn []*pb.InnerInstruction
	for _, d := range inner {
		inn = append(inn, &pb.InnerInstruction{ProgramIdIndex: 1, Data: d, StackHeight: &h})
	}
	meta := &pb.TransactionStatusMeta{InnerInstructions: []*pb.InnerInstructions{{Index: 0, Instructions: inn}}}
	if failed {
		meta.Err = &pb.TransactionError{Err: []byte{1}}
	}
	router := make([]byte, 32)
	router[0] = 7
	return &pb.SubscribeUpdate{Filters: []string{"m1", "m2"}, UpdateOneof: &pb.SubscribeUpdate_Transaction{
		Transaction: &pb.SubscribeUpdateTransaction{Slot: 10, Transaction: &pb.SubscribeUpdateTransactionInfo{
			Signature: sig,
			Transaction: &pb.Transaction{Message: &pb.Message{
				AccountKeys: [][]byte{router, fakeID[:]},
				Instructions: []*pb.CompiledInstruction{
					{ProgramIdIndex: 0, Data: []byte{0}}, // a router we do not know
					{ProgramIdIndex: 1, Data: outer},
				},
			}},
			Meta: meta,
		}}}}
}

func TestDecodeEnvelopeAndSeq(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	d := New(Options{Ingestor: "ing-1", Now: func() time.Time { return now }})
	// block time for slot 10 arrives first
	_, _ = d.Decode(&pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_BlockMeta{BlockMeta: &pb.SubscribeUpdateBlockMeta{
		Slot: 10, BlockTime: &pb.UnixTimestamp{Timestamp: 1700000000}}}}, nil)
	// the router (instruction 0) invokes the fake program twice: once emitting 2 events, once 1;
	// top-level instruction 1 emits 1; a self-CPI event instruction of the fake program is skipped.
	selfCPI := append(append([]byte{}, anchor.EventTag[:]...), 3)
	u := txUpdate(false, []byte{1}, [][]byte{{2}, {1}, selfCPI})
	u.GetTransaction().Transaction.Meta.InnerInstructions[0].Instructions[2].ProgramIdIndex = 1
	// make the first two inner instructions children of the router, the self-CPI a child of the second
	h3 := uint32(3)
	u.GetTransaction().Transaction.Meta.InnerInstructions[0].Instructions[2].StackHeight = &h3
	out, err := d.Decode(u, nil)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	var ids []string
	for _, e := range out {
		ids = append(ids, e.MsgID()[len(e.Signature.String()):])
		if e.Slot != 10 || e.BlockTime != 1700000000 || e.Ingestor != "ing-1" || !e.ReceivedAt.Equal(now) ||
			len(e.Monitors) != 2 || e.Monitors[1] != "m2" {
			t.Errorf("envelope = %+v", e)
		}
	}
	want := []string{":0.0:slot", ":0.0:slot:1", ":0.1:slot", ":1:slot"}
	if strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("msg ids = %v, want %v", ids, want)
	}
	if s := d.Stats(); s.Events != 4 || s.Transactions != 1 || s.Updates != 2 {
		t.Errorf("Stats = %+v", s)
	}
}

func TestDecodeFailedTransactions(t *testing.T) {
	u := txUpdate(true, []byte{1}, nil)
	d := New(Options{})
	out, err := d.Decode(u, nil)
	if err != nil || len(out) != 0 || d.Stats().Failed != 1 {
		t.Errorf("failed tx: %d events, %v, stats %+v; want none, skipped", len(out), err, d.Stats())
	}
	d = New(Options{IncludeFailed: true})
	if out, err := d.Decode(u, nil); err != nil || len(out) != 1 {
		t.Errorf("IncludeFailed: %d events, %v; want 1", len(out), err)
	}
}

func TestDecodeErrorsAndUnknowns(t *testing.T) {
	d := New(Options{})
	// outer: unknown discriminator (counted, no error); inner: 1 event, then a corrupt one.
	u := txUpdate(false, []byte{0xff, 1, 2}, [][]byte{{1}, {0xfe, 1, 2, 3}})
	out, err := d.Decode(u, nil)
	if len(out) != 1 {
		t.Errorf("got %d events, want the 1 good one kept", len(out))
	}
	var de *Error
	if !errors.As(err, &de) || !errors.Is(err, borsh.ErrShortData) || de.Where != "instruction 0.1" {
		t.Fatalf("err = %v, want *Error at instruction 0.1 wrapping ErrShortData", err)
	}
	if !strings.Contains(err.Error(), "amount at offset 0") {
		t.Errorf("err = %q, want it to name the field and offset", err)
	}
	s := d.Stats()
	if s.Errors["fake"] != 1 || s.Unknown["fake: instruction: unknown discriminator ff0102"] != 1 {
		t.Errorf("Stats = %+v", s)
	}
	if _, err := d.Decode(&pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Transaction{
		Transaction: &pb.SubscribeUpdateTransaction{}}}, nil); !errors.Is(err, chain.ErrMalformed) {
		t.Errorf("empty transaction: err = %v, want ErrMalformed", err)
	}
}

func TestDecodeAccountsAndSlots(t *testing.T) {
	d := New(Options{})
	pk := solana.PublicKey{3}
	out, err := d.Decode(&pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Account{Account: &pb.SubscribeUpdateAccount{
		Slot: 5, Account: &pb.SubscribeUpdateAccountInfo{Pubkey: pk[:], Owner: fakeID[:], WriteVersion: 8}}}}, nil)
	if err != nil || len(out) != 1 || out[0].MsgID() != pk.String()+":5:8" {
		t.Fatalf("account: %+v, %v", out, err)
	}
	other := solana.PublicKey{4}
	out, err = d.Decode(&pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Account{Account: &pb.SubscribeUpdateAccount{
		Slot: 5, Account: &pb.SubscribeUpdateAccountInfo{Pubkey: pk[:], Owner: other[:]}}}}, nil)
	if err != nil || len(out) != 0 {
		t.Errorf("account of an unknown owner: %d events, %v", len(out), err)
	}
	parent := uint64(99)
	out, err = d.Decode(&pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Slot{Slot: &pb.SubscribeUpdateSlot{
		Slot: 100, Parent: &parent, Status: pb.CommitmentLevel_CONFIRMED}}}, nil)
	if err != nil || len(out) != 1 || out[0].Subject() != "sol.low.chain.slot.11111111111111111111111111111111" {
		t.Fatalf("slot: %+v, %v", out, err)
	}
	if s := out[0].Body.(*events.ChainSlot); s.Parent != 99 || s.Status != "confirmed" {
		t.Errorf("slot body = %+v", s)
	}
}
