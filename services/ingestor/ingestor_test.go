package ingestor

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/protobuf/proto"

	"github.com/geyserjet/geyserjet/pkg/bus"
	"github.com/geyserjet/geyserjet/pkg/bus/bustest"
	"github.com/geyserjet/geyserjet/pkg/geysersim"
	"github.com/geyserjet/geyserjet/pkg/health"
	"github.com/geyserjet/geyserjet/pkg/monitors"
	"github.com/geyserjet/geyserjet/pkg/subjects"
)

// streamsOf is how many Subscribe streams the monitors of cfg plan.
func streamsOf(t *testing.T, cfg Config) int {
	t.Helper()
	plans, err := monitors.Plan(cfg.Monitors)
	if err != nil {
		t.Fatal(err)
	}
	return len(plans)
}

// metric returns the sum of the samples of the named metric in reg whose labels include want.
func metric(t *testing.T, reg *prometheus.Registry, name string, want map[string]string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	next:
		for _, m := range mf.GetMetric() {
			labels := make(map[string]string)
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			for k, v := range want {
				if labels[k] != v {
					continue next
				}
			}
			switch {
			case m.GetCounter() != nil:
				sum += m.GetCounter().GetValue()
			case m.GetGauge() != nil:
				sum += m.GetGauge().GetValue()
			case m.GetHistogram() != nil:
				sum += float64(m.GetHistogram().GetSampleCount())
			}
		}
	}
	return sum
}

// Every event of the market that a monitor asked for reaches its stream once, on its subject,
// with its Nats-Msg-Id and the monitors that asked for it.
func TestPipelineExactlyOnce(t *testing.T) {
	bustest.CheckGoroutines(t)
	ns := bustest.NewServer(t)
	_, js := jetStream(t, ns)
	mk := newMarket(t, 1, 25)
	gs := startSim(t, mk, -1)
	cfg := testConfig(t, ns, gs, "ing-1")
	x := expect(t, mk, cfg.Monitors)
	if len(x.events) < 100 || len(x.slots) < 20 {
		t.Fatalf("market too small for the test: %d events, %d slots", len(x.events), len(x.slots))
	}
	r := startIngestor(t, cfg)
	gs.start(t, streamsOf(t, cfg))
	waitFor(t, 60*time.Second, "every expected event stored", func() bool { return x.done(t, js) })
	x.check(t, js)

	if n := streamMsgs(t, js, bus.StreamDLQ); n != 0 {
		t.Errorf("DLQ holds %d messages, want 0", n)
	}
	published := metric(t, cfg.Registry, "geyserjet_ingestor_events_published_total", map[string]string{"ingestor": "ing-1"})
	if published < float64(len(x.events)) {
		t.Errorf("events_published_total = %v, want >= %d", published, len(x.events))
	}
	for _, name := range []string{"geyserjet_ingestor_updates_received_total", "geyserjet_ingestor_monitor_updates_received_total",
		"geyserjet_ingestor_publish_latency_seconds", "geyserjet_ingestor_source_to_ack_seconds", "geyserjet_ingestor_events_dropped_total"} {
		if metric(t, cfg.Registry, name, nil) == 0 {
			t.Errorf("%s = 0", name)
		}
	}
	if err := r.stop(); err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
}

// An update that does not decode goes to the DLQ with its raw bytes, the error and the
// monitors, is counted, and the stream goes on.
func TestDeadLetter(t *testing.T) {
	bustest.CheckGoroutines(t)
	ns := bustest.NewServer(t)
	_, js := jetStream(t, ns)
	mk := newMarket(t, 2, 10)
	gs := startSim(t, mk, 2000)
	cfg := testConfig(t, ns, gs, "ing-dlq")
	x := expect(t, mk, cfg.Monitors)
	startIngestor(t, cfg)
	gs.start(t, streamsOf(t, cfg))
	res, err := gs.Fault(geysersim.FaultBadUpdate, geysersim.FaultParams{})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, 30*time.Second, "a dead letter", func() bool { return streamMsgs(t, js, bus.StreamDLQ) > 0 })
	waitFor(t, 60*time.Second, "every expected event stored after the bad update", func() bool { return x.done(t, js) })
	x.check(t, js)

	dl := readStream(t, js, bus.StreamDLQ)
	if len(dl) != 1 { // two streams received it; one Nats-Msg-Id
		t.Fatalf("DLQ holds %d messages, want 1", len(dl))
	}
	m := dl[0]
	if m.subject != "dlq.ingestor.pumpfun" {
		t.Errorf("dead letter subject %s, want dlq.ingestor.pumpfun", m.subject)
	}
	if e := m.header.Get(bus.HeaderError); !strings.Contains(e, "pumpfun") {
		t.Errorf("dead letter error header %q, want the pumpfun decode error", e)
	}
	if sig := m.header.Get(bus.HeaderSignature); sig != res.Signature {
		t.Errorf("dead letter signature %q, want %q", sig, res.Signature)
	}
	mons := strings.Split(m.header.Get(bus.HeaderMonitors), ",")
	if !slices.Contains(mons, "pumpfun-price") && !slices.Contains(mons, "graduation") {
		t.Errorf("dead letter monitors %v, want the pump.fun monitors", mons)
	}
	var u pb.SubscribeUpdate
	if err := proto.Unmarshal(m.data, &u); err != nil {
		t.Fatalf("dead letter data is not the raw update: %v", err)
	}
	if got := string(subjects.AppendBase58(nil, u.GetTransaction().GetTransaction().GetSignature())); got != res.Signature {
		t.Errorf("raw update signature %s, want %s", got, res.Signature)
	}
	if n := metric(t, cfg.Registry, "geyserjet_ingestor_dead_letters_total", map[string]string{"program": "pumpfun"}); n < 1 {
		t.Errorf("dead_letters_total{program=pumpfun} = %v, want >= 1", n)
	}
	if n := metric(t, cfg.Registry, "geyserjet_ingestor_decode_errors_total", map[string]string{"program": "pumpfun"}); n < 1 {
		t.Errorf("decode_errors_total{program=pumpfun} = %v, want >= 1", n)
	}
}

// With a small window and the NATS server stopped for a while, the streams wait and nothing is
// lost: every event arrives once after NATS returns.
func TestBackpressureNATSDown(t *testing.T) {
	bustest.CheckGoroutines(t)
	dir := t.TempDir()
	ns := bustest.NewServerAt(t, dir)
	_, js := jetStream(t, ns)
	mk := newMarket(t, 3, 25)
	gs := startSim(t, mk, 200)
	cfg := testConfig(t, ns, gs, "ing-bp")
	cfg.MaxInFlight = 8
	cfg.Buffer = 4 // a blocked pipeline blocks the stream reader soon
	cfg.PublishTimeout = time.Second
	cfg.Checks = new(health.Checks)
	x := expect(t, mk, cfg.Monitors)
	startIngestor(t, cfg)
	gs.start(t, streamsOf(t, cfg))
	waitFor(t, 30*time.Second, "first events stored", func() bool { return streamMsgs(t, js, bus.StreamHigh) >= 20 })

	ns.Shutdown()
	ns.WaitForShutdown()
	waitFor(t, 30*time.Second, "the window full while NATS is down", func() bool {
		return metric(t, cfg.Registry, "geyserjet_ingestor_publishes_in_flight", nil) == float64(cfg.MaxInFlight)
	})
	if failed := cfg.Checks.Run(context.Background()); failed["ingestor ing-bp nats"] == nil {
		t.Errorf("health checks while NATS is down: %v, want \"ingestor ing-bp nats\" failing", failed)
	}
	published := gs.Stats(false).Published
	time.Sleep(2 * time.Second) // the outage: longer than PublishTimeout, so publishes time out and are resent
	if gs.Stats(false).Published == uint64(len(mk.items)) {
		t.Fatalf("geysersim sent the whole market (%d updates) while NATS was down: make it longer", len(mk.items))
	}
	t.Logf("geysersim published %d of %d updates when NATS stopped", published, len(mk.items))
	bustest.NewServerAt(t, dir)

	waitFor(t, 60*time.Second, "every expected event stored after NATS returned", func() bool { return x.done(t, js) })
	x.check(t, js)
	waitFor(t, 10*time.Second, "healthy again", func() bool { return len(cfg.Checks.Run(context.Background())) == 0 })
	if n := metric(t, cfg.Registry, "geyserjet_ingestor_publish_retries_total", nil); n == 0 {
		t.Errorf("publish_retries_total = 0 after NATS was down")
	}
}

// Streams dropped and connections closed in the middle of the market resume from their
// checkpoints: nothing is missed, nothing is stored twice.
func TestResumeAfterFaults(t *testing.T) {
	bustest.CheckGoroutines(t)
	ns := bustest.NewServer(t)
	_, js := jetStream(t, ns)
	mk := newMarket(t, 6, 25)
	gs := startSim(t, mk, 300)
	cfg := testConfig(t, ns, gs, "ing-resume")
	x := expect(t, mk, cfg.Monitors)
	startIngestor(t, cfg)
	n := streamsOf(t, cfg)
	gs.start(t, n)
	for i, f := range []string{geysersim.FaultDropAll, geysersim.FaultDisconnect} {
		waitFor(t, 30*time.Second, "events flowing", func() bool { return streamMsgs(t, js, bus.StreamHigh) >= uint64(30*(i+1)) })
		if _, err := gs.Fault(f, geysersim.FaultParams{}); err != nil {
			t.Fatalf("fault %s: %v", f, err)
		}
		waitFor(t, 30*time.Second, "streams back", func() bool { return gs.Stats(false).OpenStreams == n })
	}
	if gs.Stats(false).Published >= uint64(len(mk.items)) {
		t.Fatal("the market was done before the faults: make it longer")
	}
	waitFor(t, 60*time.Second, "every expected event stored", func() bool { return x.done(t, js) })
	x.check(t, js)
	if n := metric(t, cfg.Registry, "yellowstone_reconnects_total", nil); n < 2 {
		t.Errorf("yellowstone_reconnects_total = %v, want >= 2", n)
	}
}

// recorder keeps log records.
type recorder struct {
	mu      sync.Mutex
	records []slog.Record
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.records = append(r.records, rec.Clone())
	return nil
}
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *recorder) WithGroup(string) slog.Handler      { return r }

func (r *recorder) messages(min slog.Level) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, rec := range r.records {
		if rec.Level >= min {
			out = append(out, rec.Message)
		}
	}
	return out
}

// Stopping in the middle of a stream leaves no publish unacknowledged, nothing stored twice or
// wrong, and no goroutine behind.
func TestGracefulShutdown(t *testing.T) {
	bustest.CheckGoroutines(t)
	ns := bustest.NewServer(t)
	_, js := jetStream(t, ns)
	mk := newMarket(t, 4, 50)
	gs := startSim(t, mk, 1500)
	cfg := testConfig(t, ns, gs, "ing-stop")
	cfg.MaxInFlight = 64
	rec := new(recorder)
	cfg.Logger = slog.New(rec)
	x := expect(t, mk, cfg.Monitors)
	r := startIngestor(t, cfg)
	gs.start(t, streamsOf(t, cfg))
	waitFor(t, 30*time.Second, "events flowing", func() bool { return streamMsgs(t, js, bus.StreamHigh) >= 50 })
	if x.done(t, js) {
		t.Fatal("the market was done before the stop: make it longer")
	}
	if err := r.stop(); err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	if errs := rec.messages(slog.LevelError); len(errs) > 0 {
		t.Errorf("errors logged at shutdown: %v", errs)
	}
	if !slices.Contains(rec.messages(slog.LevelInfo), "ingestor publishes flushed") {
		t.Errorf("no \"ingestor publishes flushed\" in %v", rec.messages(slog.LevelInfo))
	}
	// What was stored is right and stored once; the rest of the market was never read.
	stored := 0
	for _, s := range []string{bus.StreamHigh, bus.StreamMedium, bus.StreamLow} {
		for _, m := range readStream(t, js, s) {
			stored++
			if _, ok := x.events[m.id]; !ok && !strings.HasPrefix(m.subject, "sol.low.chain.slot.") {
				t.Errorf("unexpected message %s on %s", m.id, m.subject)
			}
		}
	}
	if stored == 0 {
		t.Error("nothing stored")
	}
}

// Two ingestors running the same monitors store every event once.
func TestTwoIngestorsNoDuplicates(t *testing.T) {
	bustest.CheckGoroutines(t)
	ns := bustest.NewServer(t)
	_, js := jetStream(t, ns)
	mk := newMarket(t, 5, 25)
	gs := startSim(t, mk, -1)
	// As in `geyserjet dev`: one registry, one set of checks, one mux for both.
	a, b := testConfig(t, ns, gs, "ing-a"), testConfig(t, ns, gs, "ing-b")
	shared := struct {
		reg    *prometheus.Registry
		checks *health.Checks
		mux    *http.ServeMux
	}{prometheus.NewRegistry(), new(health.Checks), http.NewServeMux()}
	for _, c := range []*Config{&a, &b} {
		c.Registry, c.Checks, c.Mux = shared.reg, shared.checks, shared.mux
	}
	x := expect(t, mk, a.Monitors)
	startIngestor(t, a)
	startIngestor(t, b)
	gs.start(t, 2*streamsOf(t, a))
	waitFor(t, 60*time.Second, "every expected event stored", func() bool { return x.done(t, js) })
	// Both ingestors publish everything; wait until both are through before counting.
	waitFor(t, 30*time.Second, "both ingestors published every event", func() bool {
		for _, id := range []string{"ing-a", "ing-b"} {
			if metric(t, shared.reg, "geyserjet_ingestor_events_published_total", map[string]string{"ingestor": id}) < float64(len(x.events)) {
				return false
			}
		}
		return true
	})
	all := x.check(t, js)
	ingestors := map[string]int{}
	for _, m := range all {
		for _, id := range []string{"ing-a", "ing-b"} {
			if strings.Contains(string(m.data), `"ingestor":"`+id+`"`) {
				ingestors[id]++
			}
		}
	}
	if failed := shared.checks.Run(context.Background()); len(failed) != 0 {
		t.Errorf("health checks failing: %v", failed)
	}
	if dups := metric(t, shared.reg, "geyserjet_ingestor_events_duplicate_total", nil); dups == 0 {
		t.Errorf("events_duplicate_total = 0 for both ingestors, want JetStream to have dropped copies (stored by ingestor: %v)", ingestors)
	}
}

// High-priority waiters get slots of a full window before medium and low ones.
func TestWindowPriority(t *testing.T) {
	w := newWindow(1)
	ctx := context.Background()
	if err := w.acquire(ctx, subjects.Low); err != nil {
		t.Fatal(err)
	}
	order := make(chan subjects.Priority, 3)
	var wg sync.WaitGroup
	for i, p := range []subjects.Priority{subjects.Low, subjects.Medium, subjects.High} {
		wg.Go(func() {
			if err := w.acquire(ctx, p); err != nil {
				t.Error(err)
				return
			}
			order <- p
			w.release()
		})
		waitFor(t, 5*time.Second, "waiter queued", func() bool { n := w.waiting(); return n[0]+n[1]+n[2] == i+1 })
	}
	w.release()
	wg.Wait()
	close(order)
	var got []subjects.Priority
	for p := range order {
		got = append(got, p)
	}
	if want := []subjects.Priority{subjects.High, subjects.Medium, subjects.Low}; !slices.Equal(got, want) {
		t.Errorf("grant order %v, want %v", got, want)
	}
	// A canceled waiter holds nothing.
	if err := w.acquire(ctx, subjects.High); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := w.acquire(cctx, subjects.High); err == nil {
		t.Fatal("acquire on a full window with a canceled ctx = nil")
	}
	w.release()
	if w.used != 0 {
		t.Errorf("used = %d after every release, want 0", w.used)
	}
}

// The checkpoint is the oldest slot with work outstanding, else the newest received.
func TestCheckpoint(t *testing.T) {
	st := newStreamState("s", subjects.High)
	if got := st.checkpoint(); got != 0 {
		t.Errorf("checkpoint before any update = %d, want 0", got)
	}
	st.received(10)
	st.hold(10) // a publish of slot 10
	st.release(10)
	st.received(11)
	st.release(11)
	st.received(12)
	if got, lag := st.checkpoint(), st.lag(); got != 10 || lag != 3 {
		t.Errorf("checkpoint, lag = %d, %d; want 10, 3", got, lag)
	}
	st.release(10)
	if got := st.checkpoint(); got != 12 {
		t.Errorf("checkpoint = %d, want 12", got)
	}
	st.release(12)
	if got, lag := st.checkpoint(), st.lag(); got != 12 || lag != 0 {
		t.Errorf("checkpoint, lag with nothing held = %d, %d; want 12, 0", got, lag)
	}
}
