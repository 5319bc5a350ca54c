package ingestor

import (
	"context"
	"errors"
	"math"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/geyserjet/geyserjet/pkg/bus"
	"github.com/geyserjet/geyserjet/pkg/bus/bustest"
	"github.com/geyserjet/geyserjet/pkg/geysersim"
)

// benchSetup runs geysersim serving pre-built market updates at rate (negative: as fast as the
// ingestor takes them) and one ingestor with the fifteen monitors publishing to an embedded
// NATS server with file storage and dedup on. The source opens when start is called.
func benchSetup(b *testing.B, rate float64) (cfg Config, start func(), stored func() (msgs, bytes uint64, data float64)) {
	b.Helper()
	url := os.Getenv(benchNATSEnv)
	if url == "" {
		url = bustest.NewServer(b).ClientURL()
	}
	src := &openingSource{inner: geysersim.PrebuiltSource(geysersim.MarketConfig{Seed: 21}, 20000), open: make(chan struct{})}
	s, err := geysersim.New(geysersim.Config{Listen: "127.0.0.1:0", Admin: "off", Source: src, Rate: rate,
		Block: true, DialLimit: -1, QueueSize: 1 << 18})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	b.Cleanup(func() { cancel(); <-done })
	cfg = testConfigAt(b, url, s.Addr().String(), "bench")
	cfg.Streams = bus.StreamsConfig{} // the defaults: file storage, 2-minute duplicate window
	_, js := jetStreamAt(b, url)
	for _, name := range []string{bus.StreamHigh, bus.StreamMedium, bus.StreamLow, bus.StreamDLQ} {
		// An external server keeps the streams of the previous run: start from empty ones, or
		// this run's first loop of updates would all be acknowledged as duplicates.
		if err := js.DeleteStream(context.Background(), name); err != nil && !errors.Is(err, jetstream.ErrStreamNotFound) {
			b.Fatal(err)
		}
	}
	startBench(b, cfg)
	stored = func() (msgs, size uint64, data float64) {
		var sampled, dataSum float64
		for _, name := range []string{bus.StreamHigh, bus.StreamMedium, bus.StreamLow} {
			st, err := js.Stream(context.Background(), name)
			if err != nil {
				continue
			}
			info, err := st.Info(context.Background())
			if err != nil {
				continue
			}
			msgs += info.State.Msgs
			size += info.State.Bytes
			// The payload (the event's JSON) of 200 messages spread over the stream, weighted by
			// the stream's share of the messages: the message size for nats bench.
			first, last := info.State.FirstSeq, info.State.LastSeq
			var sum, n float64
			for i := uint64(0); i < 200 && last >= first; i++ {
				m, err := st.GetMsg(context.Background(), first+(last-first)*i/200)
				if err == nil {
					sum, n = sum+float64(len(m.Data)), n+1
				}
			}
			if n > 0 {
				dataSum += sum / n * float64(info.State.Msgs)
				sampled += float64(info.State.Msgs)
			}
		}
		if sampled > 0 {
			data = dataSum / sampled
		}
		return msgs, size, data
	}
	n := 3 // the fifteen monitors plan into three streams
	start = func() {
		deadline := time.Now().Add(20 * time.Second)
		for s.Stats(false).OpenStreams < n {
			if time.Now().After(deadline) {
				b.Fatal("ingestor streams not subscribed within 20s")
			}
			time.Sleep(10 * time.Millisecond)
		}
		close(src.open)
	}
	return cfg, start, stored
}

// benchNATSEnv names a nats-server for the ingestor benchmarks to publish to instead of an
// embedded one: scripts/bench-ingest.sh points it at the server nats bench used.
const benchNATSEnv = "GEYSERJET_BENCH_NATS_URL"

// openingSource passes inner's items once open is closed.
type openingSource struct {
	inner geysersim.Source
	open  chan struct{}
}

func (s *openingSource) Next(ctx context.Context) (geysersim.Item, error) {
	select {
	case <-s.open:
	case <-ctx.Done():
		return geysersim.Item{}, ctx.Err()
	}
	return s.inner.Next(ctx)
}

// startBench runs cfg until the end of the benchmark.
func startBench(b *testing.B, cfg Config) *running {
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- Run(ctx, cfg) }()
	b.Cleanup(func() { _ = r.stop() })
	return r
}

func published(reg *prometheus.Registry) float64 {
	return counterSum(reg, "geyserjet_ingestor_events_published_total")
}

// counterSum is the sum of the counter name over its labels.
func counterSum(reg *prometheus.Registry, name string) float64 {
	mfs, _ := reg.Gather()
	var sum float64
	for _, mf := range mfs {
		if mf.GetName() == name {
			for _, m := range mf.GetMetric() {
				sum += m.GetCounter().GetValue()
			}
		}
	}
	return sum
}

// BenchmarkIngestorThroughput measures one ingestor's sustained events per second from
// geysersim (loopback gRPC, pre-built market updates, unpaced) through decoding and routing to
// acknowledged JetStream publishes (file storage, dedup on). b.N is the number of events.
func BenchmarkIngestorThroughput(b *testing.B) {
	cfg, start, stored := benchSetup(b, -1)
	start()
	// Warm up: the first 50,000 events (pools, free lists, the heap goal and JetStream's file
	// store settle), so that the figure is the sustained rate.
	for published(cfg.Registry) < 50000 {
		time.Sleep(5 * time.Millisecond)
	}
	base := published(cfg.Registry)
	dups0 := counterSum(cfg.Registry, "geyserjet_ingestor_events_duplicate_total")
	updates0 := counterSum(cfg.Registry, "geyserjet_ingestor_updates_received_total")
	b.ResetTimer()
	t0 := time.Now()
	for published(cfg.Registry) < base+float64(b.N) {
		time.Sleep(time.Millisecond)
	}
	elapsed := time.Since(t0)
	b.StopTimer()
	msgs, size, data := stored()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "events/s")
	b.ReportMetric((counterSum(cfg.Registry, "geyserjet_ingestor_events_duplicate_total")-dups0)/float64(b.N), "dups/event")
	b.ReportMetric((counterSum(cfg.Registry, "geyserjet_ingestor_updates_received_total")-updates0)/float64(b.N), "updates/event")
	if msgs > 0 {
		b.ReportMetric(float64(size)/float64(msgs), "stored-bytes/msg")
		b.ReportMetric(data, "payload-bytes/msg")
	}
}

// BenchmarkIngestorLatency5k serves 5,000 updates/s for b.N updates and reports the p50 and p99
// of the time from geysersim's created_at on an update to the JetStream ack of its events.
func BenchmarkIngestorLatency5k(b *testing.B) {
	cfg, start, _ := benchSetup(b, 5000)
	start()
	h := histogram(cfg.Registry, "geyserjet_ingestor_source_to_ack_seconds")
	for count(h()) < 1000 { // warm up
		time.Sleep(5 * time.Millisecond)
	}
	before := h()
	b.ResetTimer()
	t0 := time.Now()
	want := time.Duration(float64(b.N) / 5000 * float64(time.Second))
	for time.Since(t0) < want {
		time.Sleep(10 * time.Millisecond)
	}
	b.StopTimer()
	after := h()
	b.ReportMetric(quantile(before, after, 0.50)*1000, "p50-ms")
	b.ReportMetric(quantile(before, after, 0.99)*1000, "p99-ms")
	b.ReportMetric(float64(count(after)-count(before))/time.Since(t0).Seconds(), "events/s")
}

func histogram(reg *prometheus.Registry, name string) func() *dto.Histogram {
	return func() *dto.Histogram {
		mfs, _ := reg.Gather()
		for _, mf := range mfs {
			if mf.GetName() == name && len(mf.GetMetric()) > 0 {
				return mf.GetMetric()[0].GetHistogram()
			}
		}
		return &dto.Histogram{}
	}
}

func count(h *dto.Histogram) uint64 { return h.GetSampleCount() }

// quantile estimates the q-quantile of the observations between two snapshots of a cumulative
// histogram, interpolating linearly inside the bucket that holds it.
func quantile(before, after *dto.Histogram, q float64) float64 {
	type bucket struct {
		upper float64
		n     float64
	}
	prev := map[float64]float64{}
	for _, bk := range before.GetBucket() {
		prev[bk.GetUpperBound()] = float64(bk.GetCumulativeCount())
	}
	var bs []bucket
	for _, bk := range after.GetBucket() {
		bs = append(bs, bucket{bk.GetUpperBound(), float64(bk.GetCumulativeCount()) - prev[bk.GetUpperBound()]})
	}
	sort.Slice(bs, func(i, j int) bool { return bs[i].upper < bs[j].upper })
	total := float64(after.GetSampleCount() - before.GetSampleCount())
	if total == 0 || len(bs) == 0 {
		return math.NaN()
	}
	rank, lower, below := q*total, 0.0, 0.0
	for _, bk := range bs {
		if bk.n >= rank {
			return lower + (bk.upper-lower)*(rank-below)/math.Max(bk.n-below, 1)
		}
		lower, below = bk.upper, bk.n
	}
	return bs[len(bs)-1].upper
}
