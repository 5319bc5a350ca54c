package yellowstone

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/grpc/codes"

	"github.com/geyserjet/geyserjet/pkg/bus/bustest"
	"github.com/geyserjet/geyserjet/pkg/geysersim"
	"github.com/geyserjet/geyserjet/pkg/secret"
)

// Updates flow on two streams that share one connection; pings never reach handle.
func TestUpdatesFlow(t *testing.T) {
	for _, gzip := range []bool{false, true} {
		name := "plain"
		if gzip {
			name = "gzip"
		}
		t.Run(name, func(t *testing.T) {
			checkGoroutines(t)
			cfg := market()
			cfg.PingInterval = 20 * time.Millisecond
			cfg.XToken = "the-token"
			sim := startSim(t, cfg)
			c, _ := newClient(t, sim.Addr().String(), Config{XToken: secret.New("the-token"), Gzip: gzip})
			txs, slots := newRecorder(), newRecorder()
			subscribe(t, c, StreamConfig{Name: "txs", Request: allTxs()}, txs.handle)
			subscribe(t, c, StreamConfig{Name: "slots", Request: &pb.SubscribeRequest{
				Slots: map[string]*pb.SubscribeRequestFilterSlots{"slots": {}}}}, slots.handle)
			bustest.WaitFor(t, 10*time.Second, func() bool {
				_, n := txs.count()
				return n >= 200 && slots.filterCount("slots") >= 20
			})
			if txs.other+slots.other != 0 {
				t.Errorf("handle got %d pings or pongs, want 0", txs.other+slots.other)
			}
			if got := c.Dials(); got != 1 {
				t.Errorf("Dials() = %d, want 1", got)
			}
			st := sim.Stats(false)
			if st.OpenConns != 1 || st.OpenStreams != 2 {
				t.Errorf("geysersim sees %d connections and %d streams, want 1 and 2", st.OpenConns, st.OpenStreams)
			}
			if got := testutil.ToFloat64(c.met.up.WithLabelValues("test", "txs")); got != 1 {
				t.Errorf("stream_up{txs} = %v, want 1", got)
			}
			if got := testutil.ToFloat64(c.met.updates.WithLabelValues("test", "txs")); got < 200 {
				t.Errorf("updates_received_total{txs} = %v, want >= 200", got)
			}
			if got := testutil.ToFloat64(c.met.lastSlot.WithLabelValues("test", "slots")); got < 300_000_000 {
				t.Errorf("last_slot{slots} = %v, want a slot", got)
			}
		})
	}
}

// After each fault the stream resubscribes from its checkpoint and no transaction of the ledger
// is missing.
func TestResubscribeMissesNothing(t *testing.T) {
	for _, tc := range []struct {
		fault string
		cause string
		own   bool // the handler's Checkpoint; else the client's default, the last slot handled
	}{
		{geysersim.FaultDropStream, causeStreamError, true},
		{geysersim.FaultDropAll, causeStreamError, false},
		{geysersim.FaultDisconnect, causeConnection, true},
	} {
		t.Run(tc.fault, func(t *testing.T) {
			checkGoroutines(t)
			sim := startSim(t, market())
			c, _ := newClient(t, sim.Addr().String(), Config{})
			r := newRecorder()
			sc := StreamConfig{Name: "s", Request: allTxs(), MinBackoff: 20 * time.Millisecond, MaxBackoff: 100 * time.Millisecond}
			if tc.own {
				sc.Checkpoint = r.checkpoint
			}
			subscribe(t, c, sc, r.handle)
			progress(t, r, 100)
			for i := range 3 {
				if _, err := sim.Fault(tc.fault, geysersim.FaultParams{}); err != nil {
					t.Fatalf("Fault(%s): %v", tc.fault, err)
				}
				bustest.WaitFor(t, 10*time.Second, func() bool { return reconnects(c, "s", tc.cause) >= float64(i+1) })
				progress(t, r, 100)
			}
			checkLedger(t, sim, r)
			if tc.fault == geysersim.FaultDisconnect && c.Dials() < 4 {
				t.Errorf("Dials() = %d after 3 disconnects, want >= 4", c.Dials())
			}
		})
	}
}

// checkLedger waits until r has handled past the slots geysersim has published so far and
// checks that every transaction published after r's first slot reached it.
func checkLedger(t *testing.T, sim *geysersim.Server, r *recorder) {
	t.Helper()
	led := sim.Stats(true).Ledger
	var top uint64
	for _, tx := range led.Transactions {
		top = max(top, tx.Slot)
	}
	until := top - 1 // every transaction of the slots before the newest has been published
	bustest.WaitFor(t, 10*time.Second, func() bool { return r.checkpoint() > until })
	r.mu.Lock()
	defer r.mu.Unlock()
	var want, missing, dups int
	for _, tx := range led.Transactions {
		if tx.Slot <= r.first || tx.Slot > until {
			continue
		}
		want++
		switch n := r.sigs[tx.Signature]; {
		case n == 0:
			missing++
			if missing <= 5 {
				t.Errorf("transaction %s of slot %d is missing", tx.Signature, tx.Slot)
			}
		case n > 1:
			dups += n - 1
		}
	}
	if want < 100 {
		t.Errorf("only %d ledger transactions between slots %d and %d", want, r.first, until)
	}
	if missing > 0 {
		t.Errorf("%d of %d transactions missing", missing, want)
	}
	t.Logf("%d transactions in slots %d..%d, %d missing, %d duplicates (dropped downstream by dedup)", want, r.first+1, until, missing, dups)
}

// A stalled stream is detected and resubscribed.
func TestStallRecovers(t *testing.T) {
	checkGoroutines(t)
	sim := startSim(t, market())
	c, _ := newClient(t, sim.Addr().String(), Config{})
	r := newRecorder()
	subscribe(t, c, StreamConfig{Name: "s", Request: allTxs(), Checkpoint: r.checkpoint, StallTimeout: 300 * time.Millisecond,
		MinBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond, OnError: r.onError}, r.handle)
	progress(t, r, 50)
	if _, err := sim.Fault(geysersim.FaultStall, geysersim.FaultParams{}); err != nil { // until cleared
		t.Fatal(err)
	}
	bustest.WaitFor(t, 10*time.Second, func() bool { return reconnects(c, "s", causeStalled) >= 1 })
	progress(t, r, 100)
	if !r.hasError(ErrStalled) {
		t.Errorf("OnError got %v, want one wrapping ErrStalled", r.errors())
	}
	if c.Dials() != 1 {
		t.Errorf("Dials() = %d, want 1: a stall resubscribes on the same connection", c.Dials())
	}
	checkLedger(t, sim, r)
}

// New filters go out on the open stream: what arrives changes, no new dial, no new stream.
func TestFiltersOnOpenStream(t *testing.T) {
	checkGoroutines(t)
	sim := startSim(t, market())
	c, _ := newClient(t, sim.Addr().String(), Config{})
	r := newRecorder()
	filters := make(chan *pb.SubscribeRequest, 1)
	subscribe(t, c, StreamConfig{Name: "s", Request: allTxs(), Filters: filters}, r.handle)
	bustest.WaitFor(t, 10*time.Second, func() bool { return r.filterCount("txs") >= 50 })
	before := sim.Stats(false).Streams
	filters <- &pb.SubscribeRequest{Slots: map[string]*pb.SubscribeRequestFilterSlots{"slots": {}}}
	bustest.WaitFor(t, 10*time.Second, func() bool { return r.filterCount("slots") >= 5 })
	txs := r.filterCount("txs")
	n := r.filterCount("slots")
	bustest.WaitFor(t, 10*time.Second, func() bool { return r.filterCount("slots") >= n+5 })
	if got := r.filterCount("txs"); got != txs {
		t.Errorf("%d transactions arrived after the new filters had taken effect", got-txs)
	}
	after := sim.Stats(false).Streams
	if c.Dials() != 1 {
		t.Errorf("Dials() = %d, want 1", c.Dials())
	}
	if len(before) != 1 || len(after) != 1 || before[0].ID != after[0].ID {
		t.Errorf("geysersim streams before %+v, after %+v: want the same one stream", before, after)
	}
	if len(after) == 1 && strings.Join(after[0].Filters, ",") != "slots/slots" {
		t.Errorf("geysersim stream filters = %v, want [slots/slots]", after[0].Filters)
	}
}

// A wrong token is ErrUnauthenticated: counted, retried at MaxBackoff, logged at Error once, and
// the token is in no log line and no error.
func TestWrongToken(t *testing.T) {
	checkGoroutines(t)
	const token = "tok-WRONG-5f3a9c"
	sim := startSim(t, geysersim.Config{XToken: "the-right-token"})
	c, logs := newClient(t, sim.Addr().String(), Config{XToken: secret.New(token)})
	r := newRecorder()
	subscribe(t, c, StreamConfig{Name: "s", Request: allTxs(), MinBackoff: time.Millisecond, MaxBackoff: 20 * time.Millisecond,
		OnError: r.onError}, r.handle)
	bustest.WaitFor(t, 10*time.Second, func() bool { return reconnects(c, "s", causeUnauthenticated) >= 4 })
	errs := r.errors()
	for _, err := range errs {
		if !errors.Is(err, ErrUnauthenticated) {
			t.Errorf("OnError(%v): want ErrUnauthenticated", err)
		}
		if strings.Contains(err.Error(), token) {
			t.Errorf("error %q holds the token", err)
		}
	}
	if n := len(logs.lines("level=ERROR", "cause=unauthenticated")); n != 1 {
		t.Errorf("%d Error lines for %d refusals, want 1 (once a minute):\n%s", n, len(errs), logs)
	}
	if strings.Contains(logs.String(), token) {
		t.Errorf("the token is in the logs:\n%s", logs)
	}
}

// With a gate that lets more through than geysersim's dial limit, the refusal is ErrRateLimited;
// when the provider's window has passed the stream recovers on a new connection.
func TestDialLimitRefusal(t *testing.T) {
	checkGoroutines(t)
	var now atomic.Int64 // geysersim's clock of the dial windows, advanced by hand
	now.Store(time.Now().UnixNano())
	cfg := market()
	cfg.DialLimit, cfg.DialWindow = 3, time.Minute
	cfg.Now = func() time.Time { return time.Unix(0, now.Load()) }
	sim := startSim(t, cfg)
	c, logs := newClient(t, sim.Addr().String(), Config{Gate: NewTokenBucket(100, time.Second)})
	r := newRecorder()
	subscribe(t, c, StreamConfig{Name: "s", Request: allTxs(), MinBackoff: 5 * time.Millisecond,
		MaxBackoff: 50 * time.Millisecond, OnError: r.onError}, r.handle)
	for i := range 3 { // the 4th connection is refused
		progress(t, r, 10)
		if _, err := sim.Fault(geysersim.FaultDisconnect, geysersim.FaultParams{}); err != nil {
			t.Fatal(err)
		}
		bustest.WaitFor(t, 10*time.Second, func() bool { return reconnects(c, "s", causeConnection) >= float64(i+1) })
	}
	bustest.WaitFor(t, 10*time.Second, func() bool { return reconnects(c, "s", causeRateLimited) >= 2 })
	if !r.hasError(ErrRateLimited) {
		t.Errorf("OnError got %v, want ErrRateLimited", r.errors())
	}
	if len(logs.lines("level=WARN", "cause=rate_limited")) == 0 {
		t.Errorf("no Warn line with cause=rate_limited:\n%s", logs)
	}
	now.Add(int64(2 * time.Minute)) // the provider's window passes
	progress(t, r, 50)
	if st := sim.Stats(false); st.Dials.Refused == 0 || st.OpenStreams != 1 {
		t.Errorf("geysersim: %d dials refused, %d streams open; want > 0 and 1", st.Dials.Refused, st.OpenStreams)
	}
}

// A TokenBucket of the provider's limit keeps the client under it through a burst of disconnects.
func TestGateKeepsUnderDialLimit(t *testing.T) {
	checkGoroutines(t)
	const window = time.Second
	cfg := market()
	cfg.DialLimit, cfg.DialWindow = 3, window
	sim := startSim(t, cfg)
	c, _ := newClient(t, sim.Addr().String(), Config{Gate: NewTokenBucket(3, window)})
	r := newRecorder()
	subscribe(t, c, StreamConfig{Name: "s", Request: allTxs(), MinBackoff: time.Millisecond,
		MaxBackoff: 10 * time.Millisecond}, r.handle)
	var last uint64
	for range 8 {
		last = waitNewStream(t, sim, last)
		if res, err := sim.Fault(geysersim.FaultDisconnect, geysersim.FaultParams{}); err != nil || res.Conns != 1 {
			t.Fatalf("Fault(disconnect) = %+v, %v; want 1 connection closed", res, err)
		}
	}
	waitNewStream(t, sim, last)
	st := sim.Stats(false)
	if st.Dials.Refused != 0 || st.Dials.MaxInWindow > 3 {
		t.Errorf("geysersim: %d dials refused, at most %d in a window; want 0 and <= 3", st.Dials.Refused, st.Dials.MaxInWindow)
	}
	if c.Dials() < 9 {
		t.Errorf("Dials() = %d, want >= 9", c.Dials())
	}
	if got := reconnects(c, "s", causeRateLimited); got != 0 {
		t.Errorf("reconnects{rate_limited} = %v, want 0", got)
	}
}

// waitNewStream waits until geysersim has one stream open, newer than stream last, and returns
// its id.
func waitNewStream(t *testing.T, sim *geysersim.Server, last uint64) uint64 {
	t.Helper()
	var id uint64
	bustest.WaitFor(t, 10*time.Second, func() bool {
		ss := sim.Stats(false).Streams
		if len(ss) == 1 && ss[0].ID > last {
			id = ss[0].ID
			return true
		}
		return false
	})
	return id
}

// A from_slot the provider no longer has is a gap: counted once, and the stream goes on without it.
func TestOutOfRangeResubscribesWithoutFromSlot(t *testing.T) {
	checkGoroutines(t)
	cfg := market()
	cfg.ReplaySlots = 2
	sim := startSim(t, cfg)
	c, logs := newClient(t, sim.Addr().String(), Config{})
	r := newRecorder()
	subscribe(t, c, StreamConfig{Name: "s", Request: allTxs(), Checkpoint: func() uint64 { return 1 },
		MinBackoff: time.Millisecond, MaxBackoff: 10 * time.Millisecond, OnError: r.onError}, r.handle)
	progress(t, r, 50)
	if _, err := sim.Fault(geysersim.FaultDropStream, geysersim.FaultParams{Code: codes.Internal}); err != nil {
		t.Fatal(err)
	}
	bustest.WaitFor(t, 10*time.Second, func() bool { return reconnects(c, "s", causeOutOfRange) >= 1 })
	progress(t, r, 100)
	if got := testutil.ToFloat64(c.met.gaps.WithLabelValues("test", "s")); got != 1 {
		t.Errorf("gaps_total = %v, want 1", got)
	}
	if got := reconnects(c, "s", causeOutOfRange); got != 1 {
		t.Errorf("reconnects{out_of_range} = %v, want 1", got)
	}
	if !r.hasError(ErrOutOfRange) {
		t.Errorf("OnError got %v, want ErrOutOfRange", r.errors())
	}
	if len(logs.lines("level=ERROR", "cause=out_of_range", "from_slot=1")) != 1 {
		t.Errorf("want one Error line for the gap:\n%s", logs)
	}
}

// An error from handle ends Subscribe and is returned; Close ends it with ErrClosed.
func TestSubscribeReturns(t *testing.T) {
	checkGoroutines(t)
	sim := startSim(t, market())
	c, _ := newClient(t, sim.Addr().String(), Config{})
	boom := errors.New("boom")
	n := 0
	err := c.Subscribe(context.Background(), StreamConfig{Request: allTxs()}, func(*pb.SubscribeUpdate) error {
		if n++; n == 10 {
			return boom
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Errorf("Subscribe = %v, want boom", err)
	}
	done := make(chan error, 1)
	r := newRecorder()
	go func() { done <- c.Subscribe(context.Background(), StreamConfig{Request: allTxs()}, r.handle) }()
	progress(t, r, 10)
	c.Close()
	if err := <-done; !errors.Is(err, ErrClosed) {
		t.Errorf("Subscribe after Close = %v, want ErrClosed", err)
	}
	if err := c.Subscribe(context.Background(), StreamConfig{}, r.handle); !errors.Is(err, ErrClosed) {
		t.Errorf("Subscribe on a closed Client = %v, want ErrClosed", err)
	}
}
