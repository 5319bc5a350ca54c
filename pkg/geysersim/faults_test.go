package geysersim

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/mr-tron/base58"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/geyserjet/geyserjet/pkg/chain"
)

var slotsReq = &pb.SubscribeRequest{Slots: map[string]*pb.SubscribeRequestFilterSlots{"s": {}}}

func endedWith(t *testing.T, c *collector, code codes.Code) {
	t.Helper()
	waitFor(t, 5*time.Second, "the stream to end", func() bool { ended, _ := c.ended(); return ended })
	if _, err := c.ended(); status.Code(err) != code {
		t.Errorf("stream ended with %v, want %v", err, code)
	}
}

func TestFaultDrop(t *testing.T) {
	noLeaks(t)
	s := startServer(t, Config{SlotInterval: 5 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, c1 := subscribe(t, ctx, s, slotsReq)
	// c1 must be open before c2 subscribes, or the server may see c2 first and drop c1 as the newest.
	waitFor(t, 5*time.Second, "one stream", func() bool { return len(s.Stats(false).Streams) == 1 })
	_, c2 := subscribe(t, ctx, s, slotsReq)
	waitFor(t, 5*time.Second, "two streams", func() bool { return len(s.Stats(false).Streams) == 2 })
	r := postFault(t, s, FaultDropStream, "code=Internal")
	if len(r.Streams) != 1 {
		t.Fatalf("drop_stream acted on %v", r.Streams)
	}
	endedWith(t, c2, codes.Internal) // the newest
	if ended, _ := c1.ended(); ended {
		t.Error("drop_stream ended the other stream too")
	}
	_, c3 := subscribe(t, ctx, s, slotsReq)
	waitFor(t, 5*time.Second, "two streams", func() bool { return len(s.Stats(false).Streams) == 2 })
	postFault(t, s, FaultDropAll, "")
	endedWith(t, c1, codes.Unavailable)
	endedWith(t, c3, codes.Unavailable)
}

func TestFaultStallAndSlow(t *testing.T) {
	noLeaks(t)
	s := startServer(t, Config{SlotInterval: 2 * time.Millisecond, PingInterval: 5 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, c := subscribe(t, ctx, s, slotsReq)
	waitFor(t, 5*time.Second, "some slots", func() bool { return c.count(isSlot) > 3 })
	postFault(t, s, FaultStall, "")
	var sent uint64
	waitFor(t, 5*time.Second, "the stream to stall", func() bool {
		st := s.Stats(false).Streams
		if len(st) == 1 && st[0].Stalled {
			sent = st[0].Sent
			return true
		}
		return false
	})
	// Everything sent before the stall arrives; then nothing, not even pings, while slots go on.
	waitFor(t, 5*time.Second, "what was sent before the stall", func() bool { return uint64(len(c.snapshot())) >= sent })
	slot := s.Stats(false).Slot
	waitFor(t, 5*time.Second, "10 more slots", func() bool { return s.Stats(false).Slot >= slot+10 })
	if got := uint64(len(c.snapshot())); got != sent {
		t.Errorf("stalled stream received %d updates, want %d", got, sent)
	}
	if ended, _ := c.ended(); ended {
		t.Fatal("stalled stream ended")
	}
	postFault(t, s, FaultClear, "")
	waitFor(t, 5*time.Second, "updates after the stall", func() bool { return uint64(len(c.snapshot())) > sent+5 })

	// Slow: 20 ms per update against a slot every 2 ms: the stream falls behind, yet delivers.
	postFault(t, s, FaultSlow, "delay=20ms")
	n := len(c.snapshot())
	waitFor(t, 5*time.Second, "the slowed stream to lag", func() bool {
		st := s.Stats(false).Streams
		return len(st) == 1 && st[0].Lag > 50
	})
	waitFor(t, 5*time.Second, "the slowed stream to deliver", func() bool { return len(c.snapshot()) > n })
	postFault(t, s, FaultClear, "")
}

func TestSlowStreamDropped(t *testing.T) {
	noLeaks(t)
	s := startServer(t, Config{SlotInterval: time.Millisecond, QueueSize: 20})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, c := subscribe(t, ctx, s, slotsReq)
	waitFor(t, 5*time.Second, "the stream", func() bool { return len(s.Stats(false).Streams) == 1 })
	if _, err := s.Fault(FaultSlow, FaultParams{Stream: 1, Delay: 50 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	endedWith(t, c, codes.Internal)
	if _, err := c.ended(); status.Convert(err).Message() != msgLagged {
		t.Errorf("dropped with %v, want %q", err, msgLagged)
	}
}

func TestFaultDisconnectAndRefuseDials(t *testing.T) {
	noLeaks(t)
	s := startServer(t, Config{SlotInterval: 5 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, c := subscribe(t, ctx, s, slotsReq)
	waitFor(t, 5*time.Second, "a slot", func() bool { return c.count(isSlot) > 0 })
	if r := postFault(t, s, FaultDisconnect, ""); r.Conns != 1 {
		t.Errorf("disconnect closed %d connections, want 1", r.Conns)
	}
	endedWith(t, c, codes.Unavailable)

	postFault(t, s, FaultRefuseDials, "for=1h")
	if err := pingOnce(t, s, ""); status.Code(err) != codes.Unavailable {
		t.Errorf("dial while refusing: %v, want Unavailable", err)
	}
	st := s.Stats(false)
	if last := st.Dials.Log[len(st.Dials.Log)-1]; last.Accepted || last.Reason != "refused by fault refuse_dials" {
		t.Errorf("last dial recorded as %+v", last)
	}
	postFault(t, s, FaultClear, "")
	if err := pingOnce(t, s, ""); err != nil {
		t.Errorf("dial after clear: %v", err)
	}
}

func TestFaultBadUpdate(t *testing.T) {
	noLeaks(t)
	s := startServer(t, Config{SlotInterval: 5 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, c := subscribe(t, ctx, s, &pb.SubscribeRequest{Transactions: map[string]*pb.SubscribeRequestFilterTransactions{
		"pump": {AccountInclude: []string{"6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P"}}}})
	waitFor(t, 5*time.Second, "the stream", func() bool { return len(s.Stats(false).Streams) == 1 })
	truncated := postFault(t, s, FaultBadUpdate, "")
	index := postFault(t, s, FaultBadUpdate, "kind=index")
	waitFor(t, 5*time.Second, "two bad transactions", func() bool { return c.count(isTx) == 2 })
	for _, u := range c.snapshot() {
		tx := u.GetTransaction()
		if tx == nil {
			continue
		}
		sig := base58.Encode(tx.GetTransaction().GetSignature())
		var view chain.Tx
		err := view.Fill(tx)
		switch sig {
		case truncated.Signature:
			if err != nil {
				t.Fatalf("truncated: Fill: %v", err)
			}
			ix := view.Instructions[0]
			if !bytes.Equal(ix.Data[:8], pumpfunBuy) || len(ix.Data) >= 8+16 {
				t.Errorf("truncated: data %x, want the buy discriminator and less than 16 bytes of arguments", ix.Data)
			}
		case index.Signature:
			if !errors.Is(err, chain.ErrMalformed) {
				t.Errorf("index: Fill = %v, want ErrMalformed", err)
			}
		default:
			t.Errorf("unexpected transaction %s", sig)
		}
	}
}
