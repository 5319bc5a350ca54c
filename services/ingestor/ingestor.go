package ingestor

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/sync/errgroup"

	"github.com/geyserjet/geyserjet/pkg/bus"
	"github.com/geyserjet/geyserjet/pkg/decoder"
	"github.com/geyserjet/geyserjet/pkg/health"
	"github.com/geyserjet/geyserjet/pkg/monitors"
	"github.com/geyserjet/geyserjet/pkg/yellowstone"
)

// Run runs the ingestor until ctx is canceled, then shuts down in order (see the package doc)
// and returns nil. It returns an error when it cannot start (bad config or monitors, NATS
// unreachable, streams that cannot be created or updated, the HTTP address in use) or when a
// stream fails for good.
func Run(ctx context.Context, cfg Config) error {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return fmt.Errorf("ingestor: config: %w", err)
	}
	return run(ctx, cfg, func(log *slog.Logger) (subscribeFunc, func(), error) {
		client, err := yellowstone.New(yellowstone.Config{
			Endpoint: cfg.Endpoint,
			XToken:   cfg.XToken,
			Insecure: cfg.Insecure,
			Gzip:     cfg.Gzip,
			Gate:     cfg.gate(),
			Logger:   log,
			Registry: cfg.Registry,
			Name:     cfg.ID,
		})
		if err != nil {
			return nil, nil, fmt.Errorf("ingestor: yellowstone client for %s: %w", bus.Redact(cfg.Endpoint), err)
		}
		return client.Subscribe, func() { client.Close() }, nil
	})
}

func (c Config) gate() yellowstone.Gate {
	if c.Gate != nil {
		return c.Gate
	}
	return yellowstone.NewTokenBucket(c.DialRate, time.Minute)
}

// run is Run with the Yellowstone client that newClient returns: its Subscribe, and a close
// that run calls once every stream is done.
func run(ctx context.Context, cfg Config, newClient func(*slog.Logger) (subscribeFunc, func(), error)) error {
	log := cfg.Logger.With("ingestor", cfg.ID)
	ms := cfg.Monitors
	if len(ms) == 0 {
		var err error
		if ms, err = monitors.LoadFile(cfg.MonitorsFile); err != nil {
			return fmt.Errorf("ingestor: %w", err)
		}
	}
	plans, err := monitors.Plan(ms)
	if err != nil {
		return fmt.Errorf("ingestor: plan monitors: %w", err)
	}
	all := cfg.AllMonitors
	if len(all) == 0 {
		all = ms
	}
	matcher, err := monitors.NewMatcher(all)
	if err != nil {
		return fmt.Errorf("ingestor: %w", err)
	}
	log.Info("ingestor starting", "config", cfg, "monitors", len(ms), "streams", len(plans))
	subscribe, closeClient, err := newClient(log)
	if err != nil {
		return err
	}
	closeClient = sync.OnceFunc(closeClient)
	defer closeClient()

	met, err := newMetrics(cfg.Registry, cfg.ID)
	if err != nil {
		return fmt.Errorf("ingestor: register metrics: %w", err)
	}
	defer met.unregister()

	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	nc, err := bus.Connect(cctx, cfg.NATSURL, cfg.ID, cfg.natsOptions(log)...)
	cancel()
	if err != nil {
		return fmt.Errorf("ingestor: %w", err)
	}
	defer nc.Close()

	pub := newPublisher(nc, cfg.MaxInFlight, met)
	js, err := jetstream.New(nc)
	if err != nil {
		return fmt.Errorf("ingestor: jetstream: %w", err)
	}
	ectx, cancel := context.WithTimeout(ctx, 30*time.Second)
	results, err := bus.EnsureStreams(ectx, js, cfg.Streams)
	cancel()
	if err != nil {
		return fmt.Errorf("ingestor: %w", err)
	}
	for _, r := range results {
		log.Info("stream ensured", "stream", r.Name, "action", string(r.Action))
	}

	labels := prometheus.Labels{"ingestor": cfg.ID}
	if err := met.gaugeFunc("publishes_in_flight", "Publishes sent and not yet acknowledged by JetStream.", labels,
		func() float64 { return float64(pub.inFlight()) }); err != nil {
		return fmt.Errorf("ingestor: register metrics: %w", err)
	}
	streams := make([]*stream, len(plans))
	for i, p := range plans {
		s, err := newStream(cfg, p, matcher, pub, met)
		if err != nil {
			return fmt.Errorf("ingestor: stream %s: register metrics: %w", p.Name, err)
		}
		streams[i] = s
	}

	// Health checks, named per ingestor: two ingestors may share one Checks in `geyserjet dev`.
	defer cfg.Checks.Add("ingestor "+cfg.ID+" nats", bus.Check(nc))()
	defer cfg.Checks.Add("ingestor "+cfg.ID+" streams", streamsCheck(streams, cfg.StreamDownAfter))()
	stopHTTP, err := serveHTTP(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer stopHTTP()

	if err := pub.start(cfg.PublishTimeout); err != nil {
		return fmt.Errorf("ingestor: %w", err)
	}
	go pub.resend()
	defer pub.stop()

	// work is the context of the updates in hand: it ends ShutdownTimeout after intake stops.
	work, endWork := context.WithCancel(context.WithoutCancel(ctx))
	defer endWork()
	g, intake := errgroup.WithContext(ctx)
	var deadline sync.WaitGroup
	stopDeadline := make(chan struct{})
	deadline.Go(func() {
		select {
		case <-intake.Done():
		case <-stopDeadline:
			return
		}
		t := time.NewTimer(ShutdownTimeout)
		defer t.Stop()
		select {
		case <-t.C:
			endWork()
		case <-stopDeadline:
		}
	})
	defer func() { close(stopDeadline); deadline.Wait() }()

	for _, s := range streams {
		g.Go(func() error { return s.run(intake, work, subscribe) })
	}
	log.Info("ingestor running", "streams", streamNames(plans))
	err = g.Wait() // intake stopped, work in hand done
	closeClient()
	start := time.Now()
	var abandoned uint64
	for _, s := range streams {
		abandoned += s.abandoned.Load()
	}
	left := pub.flush(work)
	if left > 0 || abandoned > 0 {
		log.Error("ingestor stopped with publishes not acknowledged", "count", left, "updates_abandoned", abandoned,
			"timeout", ShutdownTimeout.String())
	} else {
		log.Info("ingestor publishes flushed", "took", time.Since(start).String())
	}
	pub.stop()
	nc.Close()
	stopHTTP()
	log.Info("ingestor stopped")
	return err
}

func newStream(cfg Config, p monitors.StreamPlan, matcher *monitors.Matcher, pub *publisher, met *metrics) (*stream, error) {
	s := &stream{
		matcher: matcher,
		plan:    p,
		st:      newStreamState(p.Name, p.Group),
		dec:     decoder.New(decoder.Options{Ingestor: cfg.ID, Now: cfg.Now}),
		pub:     pub,
		met:     met,
		buffer:  cfg.Buffer,
		stall:   cfg.StallTimeout,
		updates: met.updates.WithLabelValues(p.Name),
		dropped: met.dropped.WithLabelValues(p.Name),
		byMon:   make(map[string]prometheus.Counter, len(p.Monitors)),
		buf:     make([]byte, 0, 256),
	}
	for _, id := range p.Monitors {
		s.byMon[id] = met.monitorUpdates.WithLabelValues(id)
	}
	labels := prometheus.Labels{"ingestor": cfg.ID, "stream": p.Name}
	if err := met.gaugeFunc("slot_lag", "Newest slot received minus the newest slot whose updates are all processed and acknowledged.",
		labels, func() float64 { return float64(s.st.lag()) }); err != nil {
		return nil, err
	}
	if err := met.counterFunc("unknown_filters_total", "Filter names in updates that the stream did not plan.",
		labels, func() float64 { return float64(p.Router.UnknownFilters()) }); err != nil {
		return nil, err
	}
	return s, nil
}

// streamsCheck fails while a stream has received nothing for longer than after.
func streamsCheck(streams []*stream, after time.Duration) health.CheckFunc {
	return func(context.Context) error {
		var down []string
		for _, s := range streams {
			if silent := time.Since(time.Unix(0, s.st.lastUpdate.Load())); silent > after {
				down = append(down, fmt.Sprintf("%s: no update for %v", s.plan.Name, silent.Round(time.Second)))
			}
		}
		if len(down) > 0 {
			return fmt.Errorf("streams down: %s", strings.Join(down, "; "))
		}
		return nil
	}
}

func streamNames(plans []monitors.StreamPlan) []string {
	names := make([]string, len(plans))
	for i, p := range plans {
		names[i] = p.Name
	}
	return names
}

// natsOptions are Connect's options for c's credentials and log.
func (c Config) natsOptions(log *slog.Logger) []bus.ConnectOption {
	opts := []bus.ConnectOption{bus.WithLogger(log)}
	if c.NATSUser != "" || !c.NATSPassword.IsZero() {
		opts = append(opts, bus.WithUserPassword(c.NATSUser, c.NATSPassword))
	}
	if !c.NATSToken.IsZero() {
		opts = append(opts, bus.WithToken(c.NATSToken))
	}
	if c.NATSCredsFile != "" {
		opts = append(opts, bus.WithCredsFile(c.NATSCredsFile))
	}
	return opts
}

// serveHTTP serves /metrics and /healthz on cfg.HTTPAddr until stop is called, and returns once
// it listens, or with the error listening. With cfg.Mux set it serves nothing: the owner of the
// mux serves the registry and the checks.
func serveHTTP(ctx context.Context, cfg Config, log *slog.Logger) (stop func(), err error) {
	if cfg.Mux != nil {
		return func() {}, nil
	}
	hctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	listening := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		served <- health.Serve(hctx, cfg.HTTPAddr, cfg.Registry, health.WithChecks(cfg.Checks),
			health.WithAddrFlag("http-addr"), health.WithLogger(log),
			health.WithOnListen(func(net.Addr) { close(listening) }))
	}()
	select {
	case <-listening:
	case err := <-served:
		cancel()
		return nil, fmt.Errorf("ingestor: %w", err)
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			cancel()
			if err := <-served; err != nil {
				log.Warn("http server stopped", "err", err)
			}
		})
	}, nil
}
