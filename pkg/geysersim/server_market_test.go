package geysersim

import (
	"context"
	"testing"
	"time"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
)

// The market sends its own processed slot updates and block metas; the server must still add
// confirmed and finalized statuses, or a confirmed stream would never see a transaction.
func TestMarketSourceServesConfirmedStreams(t *testing.T) {
	noLeaks(t)
	s := startServer(t, Config{Source: NewMarket(MarketConfig{Seed: 3}), Rate: -1, QueueSize: 1 << 16, Block: true})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	confirmed := pb.CommitmentLevel_CONFIRMED
	_, c := subscribe(t, ctx, s, &pb.SubscribeRequest{Commitment: &confirmed,
		Transactions: map[string]*pb.SubscribeRequestFilterTransactions{"t": {AccountInclude: []string{pumpProgramID.String()}}},
		Slots:        map[string]*pb.SubscribeRequestFilterSlots{"s": {FilterByCommitment: bptr(true)}}})
	waitFor(t, 10*time.Second, "confirmed slots and pump.fun transactions", func() bool {
		return c.count(isTx) >= 20 && c.count(func(u *pb.SubscribeUpdate) bool { return u.GetSlot() != nil }) >= 3
	})
	processed := 0
	for _, u := range c.snapshot() {
		if sl := u.GetSlot(); sl != nil && sl.Status != pb.CommitmentLevel_CONFIRMED {
			processed++
		}
	}
	if processed != 0 {
		t.Errorf("%d slot updates that are not confirmed on a filter_by_commitment stream", processed)
	}
	if st := s.Stats(false); st.Slot == 0 {
		t.Errorf("Stats().Slot = 0 while serving the market")
	}
}

// Every update carries created_at, stamped when the server sends it, as providers do: the
// ingestor measures its latency from it.
func TestUpdatesCarryCreatedAt(t *testing.T) {
	noLeaks(t)
	start := time.Now()
	s := startServer(t, Config{Source: NewMarket(MarketConfig{Seed: 4}), Rate: 2000})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, c := subscribe(t, ctx, s, &pb.SubscribeRequest{
		Transactions: map[string]*pb.SubscribeRequestFilterTransactions{"t": {AccountInclude: []string{pumpProgramID.String()}}}})
	waitFor(t, 10*time.Second, "transactions", func() bool { return c.count(isTx) >= 10 })
	for _, u := range c.snapshot() {
		ts := u.GetCreatedAt()
		if ts == nil {
			t.Fatalf("update without created_at: %v", u)
		}
		if at := ts.AsTime(); at.Before(start) || at.After(time.Now()) {
			t.Errorf("created_at %v outside the test's run (%v …)", at, start)
		}
	}
}
