package geysersim

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// marketItems is a small deterministic traffic: slots 100..109, each with two transactions (one
// naming key 5) and one account write (owner 10 in even slots, 11 in odd ones).
func marketItems() []Item {
	var items []Item
	for i := range 10 {
		slot := uint64(100 + i)
		at := time.Duration(i) * 10 * time.Millisecond
		items = append(items,
			Item{Update: mkTx(txSpec{slot: slot, sig: 2 * i, keys: []int{1, 5, 9}}), At: at},
			Item{Update: mkTx(txSpec{slot: slot, sig: 2*i + 1, keys: []int{2, 9}}), At: at},
			Item{Update: mkAcct(acctSpec{slot: slot, key: 20 + i, owner: 10 + i%2, data: []byte{1, 2, 3, 4}, wv: uint64(i + 1)}), At: at})
	}
	return items
}

func subscribe(t *testing.T, ctx context.Context, s *Server, req *pb.SubscribeRequest) (pb.Geyser_SubscribeClient, *collector) {
	t.Helper()
	stream, err := pb.NewGeyserClient(dial(t, s)).Subscribe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if req != nil {
		if err := stream.Send(req); err != nil {
			t.Fatal(err)
		}
	}
	return stream, collect(stream)
}

func waitPublished(t *testing.T, s *Server, n uint64) {
	t.Helper()
	waitFor(t, 5*time.Second, "updates published", func() bool { return s.Stats(false).Published >= n })
}

func TestSubscribeFiltersAndFromSlot(t *testing.T) {
	noLeaks(t)
	s := startServer(t, Config{Source: &sliceSource{items: marketItems()}, Rate: -1, SlotInterval: time.Hour})
	waitPublished(t, s, 30)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, c := subscribe(t, ctx, s, &pb.SubscribeRequest{
		FromSlot:     u64(100),
		Transactions: map[string]*pb.SubscribeRequestFilterTransactions{"key5": {AccountInclude: []string{testKeyStr(5)}}},
		Accounts:     map[string]*pb.SubscribeRequestFilterAccounts{"owner10": {Owner: []string{testKeyStr(10)}}},
		Slots:        map[string]*pb.SubscribeRequestFilterSlots{"slots": {}},
	})
	waitFor(t, 5*time.Second, "10 transactions and 5 accounts", func() bool {
		return c.count(isTx) >= 10 && c.count(isAcct) >= 5 && c.count(isSlot) >= 10
	})
	for _, u := range c.snapshot() {
		switch {
		case isTx(u):
			if !slices.Equal(u.Filters, []string{"key5"}) || u.GetTransaction().GetTransaction().GetSignature()[0] != testSig(int(2 * (u.GetTransaction().Slot - 100)))[0] {
				t.Errorf("transaction update %v: filters %v, want key5 and the key-5 transaction", u.GetTransaction().Slot, u.Filters)
			}
		case isAcct(u):
			if !slices.Equal(u.Filters, []string{"owner10"}) || u.GetAccount().Slot%2 != 0 {
				t.Errorf("account update of slot %d: filters %v", u.GetAccount().Slot, u.Filters)
			}
		case isSlot(u):
			if !slices.Equal(u.Filters, []string{"slots"}) {
				t.Errorf("slot update: filters %v", u.Filters)
			}
		case u.GetPing() != nil:
		default:
			t.Errorf("unexpected update %v", u)
		}
	}
	if n := c.count(isTx); n != 10 {
		t.Errorf("got %d transactions, want 10", n)
	}
}

func TestFromSlotOutsideWindow(t *testing.T) {
	noLeaks(t)
	s := startServer(t, Config{Source: &sliceSource{items: marketItems()}, Rate: -1, SlotInterval: time.Hour, ReplaySlots: 3, QueueSize: 4})
	waitPublished(t, s, 30)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, c := subscribe(t, ctx, s, &pb.SubscribeRequest{FromSlot: u64(100), Slots: map[string]*pb.SubscribeRequestFilterSlots{"s": {}}})
	waitFor(t, 5*time.Second, "the stream to end", func() bool { ended, _ := c.ended(); return ended })
	_, err := c.ended()
	st := status.Convert(err)
	if st.Code() != codes.OutOfRange || !strings.HasPrefix(st.Message(), "broadcast from 100 is not available, last available: 10") {
		t.Errorf("from_slot 100 outside the window: %v, want OutOfRange broadcast from 100 is not available…", err)
	}
	// Inside the window it replays.
	_, c2 := subscribe(t, ctx, s, &pb.SubscribeRequest{FromSlot: u64(108), Transactions: map[string]*pb.SubscribeRequestFilterTransactions{"t": {}}})
	waitFor(t, 5*time.Second, "slots 108 and 109 replayed", func() bool { return c2.count(isTx) >= 4 })
}

func TestFilterReplacementOnOpenStream(t *testing.T) {
	noLeaks(t)
	s := startServer(t, Config{Source: &sliceSource{items: marketItems()}, Rate: -1, SlotInterval: time.Hour})
	waitPublished(t, s, 30)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stream, c := subscribe(t, ctx, s, &pb.SubscribeRequest{FromSlot: u64(100),
		Transactions: map[string]*pb.SubscribeRequestFilterTransactions{"first": {AccountInclude: []string{testKeyStr(5)}}}})
	waitFor(t, 5*time.Second, "the first filter's transactions", func() bool { return c.count(isTx) >= 10 })
	if err := stream.Send(&pb.SubscribeRequest{FromSlot: u64(100),
		Accounts: map[string]*pb.SubscribeRequestFilterAccounts{"second": {Owner: []string{testKeyStr(11)}}}}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "the second filter's accounts", func() bool { return c.count(isAcct) >= 5 })
	for _, u := range c.snapshot() {
		if isAcct(u) && !slices.Equal(u.Filters, []string{"second"}) || isTx(u) && !slices.Equal(u.Filters, []string{"first"}) {
			t.Errorf("update with filters %v", u.Filters)
		}
	}
	if n := c.count(isTx); n != 10 {
		t.Errorf("%d transactions after the replacement dropped them, want 10", n)
	}
	st := s.Stats(false)
	if st.Dials.Accepted != 1 || st.OpenStreams != 1 || !slices.Equal(st.Streams[0].Filters, []string{"accounts/second"}) {
		t.Errorf("stats after replacement: dials %d, streams %d %+v; want one dial and one stream with accounts/second", st.Dials.Accepted, st.OpenStreams, st.Streams)
	}
}

func TestPingPongAndServerPing(t *testing.T) {
	noLeaks(t)
	s := startServer(t, Config{PingInterval: 20 * time.Millisecond, SlotInterval: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stream, c := subscribe(t, ctx, s, nil)
	if err := stream.Send(&pb.SubscribeRequest{Ping: &pb.SubscribeRequestPing{Id: 7}}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "a pong and a server ping", func() bool {
		return c.count(func(u *pb.SubscribeUpdate) bool { return u.GetPong().GetId() == 7 }) == 1 &&
			c.count(func(u *pb.SubscribeUpdate) bool { return u.GetPing() != nil }) > 0
	})
}

func TestInvalidFilter(t *testing.T) {
	noLeaks(t)
	s := startServer(t, Config{SlotInterval: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, c := subscribe(t, ctx, s, &pb.SubscribeRequest{Transactions: map[string]*pb.SubscribeRequestFilterTransactions{"t": {AccountInclude: []string{"bad"}}}})
	waitFor(t, 5*time.Second, "the stream to end", func() bool { ended, _ := c.ended(); return ended })
	_, err := c.ended()
	if st := status.Convert(err); st.Code() != codes.InvalidArgument || !strings.HasPrefix(st.Message(), "failed to create filter: ") {
		t.Errorf("invalid filter: %v, want InvalidArgument failed to create filter: …", err)
	}
}

func TestCommitmentConfirmedWaitsForItsSlot(t *testing.T) {
	noLeaks(t)
	s := startServer(t, Config{Source: &sliceSource{items: marketItems()}, Rate: -1, SlotInterval: time.Hour})
	waitPublished(t, s, 30)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	confirmed := pb.CommitmentLevel_CONFIRMED
	_, c := subscribe(t, ctx, s, &pb.SubscribeRequest{FromSlot: u64(100), Commitment: &confirmed,
		Transactions: map[string]*pb.SubscribeRequestFilterTransactions{"t": {}},
		Slots:        map[string]*pb.SubscribeRequestFilterSlots{"s": {FilterByCommitment: bptr(true)}}})
	// Slots 100..109 are processed, so 100..107 are confirmed: 16 transactions, not 20.
	waitFor(t, 5*time.Second, "the confirmed transactions", func() bool { return c.count(isTx) >= 16 })
	confirmedUpTo := uint64(0)
	for _, u := range c.snapshot() {
		if sl := u.GetSlot(); sl != nil {
			if sl.Status != pb.CommitmentLevel_CONFIRMED {
				t.Errorf("slot update with status %v despite filter_by_commitment", sl.Status)
			}
			confirmedUpTo = max(confirmedUpTo, sl.Slot)
		}
		if tx := u.GetTransaction(); tx != nil && tx.Slot > confirmedUpTo {
			t.Errorf("transaction of slot %d before its slot was confirmed (confirmed up to %d)", tx.Slot, confirmedUpTo)
		}
	}
	if n := c.count(isTx); n != 16 {
		t.Errorf("%d confirmed transactions, want 16", n)
	}
}

func TestUnary(t *testing.T) {
	noLeaks(t)
	s := startServer(t, Config{Source: &sliceSource{items: marketItems()}, Rate: -1, SlotInterval: time.Hour})
	waitPublished(t, s, 30)
	ctx := context.Background()
	cl := pb.NewGeyserClient(dial(t, s))
	if r, err := cl.Ping(ctx, &pb.PingRequest{Count: 3}); err != nil || r.Count != 3 {
		t.Errorf("Ping = %v, %v; want count 3", r, err)
	}
	if r, err := cl.GetSlot(ctx, &pb.GetSlotRequest{}); err != nil || r.Slot != 109 {
		t.Errorf("GetSlot = %v, %v; want 109", r, err)
	}
	fin := pb.CommitmentLevel_CONFIRMED
	if r, err := cl.GetSlot(ctx, &pb.GetSlotRequest{Commitment: &fin}); err != nil || r.Slot != 107 {
		t.Errorf("GetSlot(confirmed) = %v, %v; want 107", r, err)
	}
	bh, err := cl.GetLatestBlockhash(ctx, &pb.GetLatestBlockhashRequest{})
	if err != nil || bh.Slot != 109 || bh.LastValidBlockHeight != slotBlockHeight(109)+150 {
		t.Fatalf("GetLatestBlockhash = %v, %v", bh, err)
	}
	if r, err := cl.IsBlockhashValid(ctx, &pb.IsBlockhashValidRequest{Blockhash: bh.Blockhash}); err != nil || !r.Valid {
		t.Errorf("IsBlockhashValid(latest) = %v, %v; want valid", r, err)
	}
	if r, err := cl.IsBlockhashValid(ctx, &pb.IsBlockhashValidRequest{Blockhash: "11111111111111111111111111111111"}); err != nil || r.Valid {
		t.Errorf("IsBlockhashValid(unknown) = %v, %v; want invalid", r, err)
	}
	if r, err := cl.GetBlockHeight(ctx, &pb.GetBlockHeightRequest{}); err != nil || r.BlockHeight != slotBlockHeight(109) {
		t.Errorf("GetBlockHeight = %v, %v", r, err)
	}
	v, err := cl.GetVersion(ctx, &pb.GetVersionRequest{})
	var parsed map[string]any
	if err != nil || json.Unmarshal([]byte(v.Version), &parsed) != nil {
		t.Errorf("GetVersion = %v, %v; want JSON", v, err)
	}
}
