package ingestor

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/geyserjet/geyserjet/pkg/bus"
	"github.com/geyserjet/geyserjet/pkg/bus/bustest"
	"github.com/geyserjet/geyserjet/pkg/geysersim"
	"github.com/geyserjet/geyserjet/pkg/yellowstone"
)

// TestExactlyOnceThroughEveryFault runs two ingestors with the same fifteen monitors through
// every fault in one run — a dropped stream, all streams dropped, a stalled stream, every
// connection closed, an ingestor restarted, NATS stopped and started again on its store — and
// then finds every event of geysersim's ledger in its stream exactly once, on its subject,
// with its monitors.
func TestExactlyOnceThroughEveryFault(t *testing.T) {
	if testing.Short() {
		t.Skip("long: every fault in one run")
	}
	bustest.CheckGoroutines(t)
	dir := t.TempDir()
	ns := bustest.NewServerAt(t, dir)
	_, js := jetStream(t, ns)
	mk := newMarket(t, 11, 90)
	gs := startSim(t, mk, 250)
	cfgA := testConfig(t, ns, gs, "ing-a")
	cfgA.StallTimeout = 2 * time.Second
	cfgA.PublishTimeout = time.Second
	cfgB := testConfig(t, ns, gs, "ing-b")
	cfgB.StallTimeout, cfgB.PublishTimeout = cfgA.StallTimeout, cfgA.PublishTimeout
	x := expect(t, mk, cfgA.Monitors)
	a := startIngestor(t, cfgA)
	startIngestor(t, cfgB)
	n := streamsOf(t, cfgA)
	gs.start(t, 2*n)

	stored := func() uint64 { return streamMsgs(t, js, bus.StreamHigh) }
	progress := func(what string) {
		t.Helper()
		before := stored()
		waitFor(t, 60*time.Second, what+": events flowing again", func() bool { return stored() > before+10 })
	}
	fault := func(name string, p geysersim.FaultParams) {
		t.Helper()
		if _, err := gs.Fault(name, p); err != nil {
			t.Fatalf("fault %s: %v", name, err)
		}
	}
	streamsBack := func(what string) {
		t.Helper()
		waitFor(t, 60*time.Second, what+": every stream subscribed again", func() bool { return gs.Stats(false).OpenStreams == 2*n })
	}

	progress("start")
	fault(geysersim.FaultDropStream, geysersim.FaultParams{})
	streamsBack("drop_stream")
	progress("drop_stream")

	fault(geysersim.FaultDropAll, geysersim.FaultParams{})
	streamsBack("drop_all")
	progress("drop_all")

	// A stalled stream stays open and silent; the client gives up on it after StallTimeout.
	stalledBefore := metric(t, cfgA.Registry, "yellowstone_reconnects_total", map[string]string{"cause": "stalled"}) +
		metric(t, cfgB.Registry, "yellowstone_reconnects_total", map[string]string{"cause": "stalled"})
	fault(geysersim.FaultStall, geysersim.FaultParams{For: time.Minute})
	waitFor(t, 30*time.Second, "the stalled stream abandoned", func() bool {
		return metric(t, cfgA.Registry, "yellowstone_reconnects_total", map[string]string{"cause": "stalled"})+
			metric(t, cfgB.Registry, "yellowstone_reconnects_total", map[string]string{"cause": "stalled"}) > stalledBefore
	})
	fault(geysersim.FaultClear, geysersim.FaultParams{})
	progress("stall")

	fault(geysersim.FaultDisconnect, geysersim.FaultParams{})
	streamsBack("disconnect")
	progress("disconnect")

	// Restart ingestor A: a clean stop flushes its publishes; the new process resumes.
	if err := a.stop(); err != nil {
		t.Fatalf("ingestor A stopped with %v", err)
	}
	cfgA.Registry = prometheus.NewRegistry()
	startIngestor(t, cfgA)
	streamsBack("ingestor restart")
	progress("ingestor restart")

	// NATS away for a few seconds, back on the same store.
	ns.Shutdown()
	ns.WaitForShutdown()
	time.Sleep(2 * time.Second) // the outage itself, longer than PublishTimeout
	bustest.NewServerAt(t, dir)
	progress("NATS restart")

	if gs.Stats(false).Published >= uint64(len(mk.items)) {
		t.Fatal("the market ended before the last fault: make it longer")
	}
	waitFor(t, 120*time.Second, "every expected event stored", func() bool { return x.done(t, js) })
	x.check(t, js)
	if n := streamMsgs(t, js, bus.StreamDLQ); n != 0 {
		t.Errorf("DLQ holds %d messages, want 0", n)
	}
}

// TestDialsStayUnderTheProviderLimit closes every connection again and again (a reconnect
// storm): the ingestor's gate spaces its dials so that the provider never refuses one.
func TestDialsStayUnderTheProviderLimit(t *testing.T) {
	bustest.CheckGoroutines(t)
	ns := bustest.NewServer(t)
	mk := newMarket(t, 12, 400)
	const limit = 4
	src := &gatedSource{items: mk.items, open: make(chan struct{})}
	close(src.open)
	s, err := geysersim.New(geysersim.Config{Listen: "127.0.0.1:0", Admin: "off", Source: src, Rate: 200,
		Block: true, DialLimit: limit, DialWindow: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	gs := &sim{Server: s, src: src}
	serveSim(t, s)
	cfg := testConfig(t, ns, gs, "ing-storm")
	gate := &watchedGate{inner: yellowstone.NewTokenBucket(limit, time.Minute)}
	cfg.Gate = gate // the ingestor's own gate (DialRate), watched so the test can see it wait
	startIngestor(t, cfg)
	waitFor(t, 30*time.Second, "the first dial", func() bool { return gs.Stats(false).Dials.Accepted >= 1 })
	for i := 0; i < 3*limit; i++ {
		fault := func() { _, _ = gs.Fault(geysersim.FaultDisconnect, geysersim.FaultParams{}) }
		fault()
		if gs.Stats(false).Dials.Accepted >= limit {
			break
		}
		accepted := gs.Stats(false).Dials.Accepted
		waitFor(t, 30*time.Second, "the ingestor redialled", func() bool { return gs.Stats(false).Dials.Accepted > accepted })
	}
	waitFor(t, 30*time.Second, "the budget spent", func() bool { return gs.Stats(false).Dials.Accepted >= limit })
	fault := func() { _, _ = gs.Fault(geysersim.FaultDisconnect, geysersim.FaultParams{}) }
	fault() // one more: the gate must hold this redial until the window has room
	waitFor(t, 30*time.Second, "the ingestor waiting at its gate, or a refused dial", func() bool {
		return gate.waiting.Load() > 0 || gs.Stats(false).Dials.Refused > 0
	})
	st := gs.Stats(false)
	if st.Dials.Refused != 0 || st.Dials.Accepted > limit {
		t.Errorf("geysersim accepted %d and refused %d dials with a limit of %d per minute: the gate let too many through",
			st.Dials.Accepted, st.Dials.Refused, limit)
	}
}

// watchedGate is a Gate that counts the dials waiting in it.
type watchedGate struct {
	inner   yellowstone.Gate
	waiting atomic.Int32
}

func (g *watchedGate) Acquire(ctx context.Context) error {
	g.waiting.Add(1)
	defer g.waiting.Add(-1)
	return g.inner.Acquire(ctx)
}
