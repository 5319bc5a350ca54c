package bus_test

import (
	"context"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/geyserjet/geyserjet/pkg/bus"
	"github.com/geyserjet/geyserjet/pkg/bus/bustest"
)

// idPrefix makes ids as long as the ingestor's (a base58 signature, the instruction path and
// the kind: ~100 bytes).
const idPrefix = "5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW:3.1:trade:"

// BenchmarkPublishDedup measures acknowledged JetStream publishes of 512-byte messages, each with
// its own Nats-Msg-Id, to a file-storage stream with duplicate detection (SOL_HIGH's defaults),
// published asynchronously with a bounded window of unacknowledged messages, on an embedded
// server in the same process. It is the in-process yardstick next to
// `nats bench js pub --dedup --size 512` for issue 5; it reports msgs/s.
func BenchmarkPublishDedup(b *testing.B) {
	for _, window := range []int{256, 4096} {
		b.Run("window="+strconv.Itoa(window), func(b *testing.B) {
			benchPublish(b, window)
		})
	}
}

func benchPublish(b *testing.B, window int) {
	s := bustest.NewServer(b)
	ctx := context.Background()
	nc, err := bus.Connect(ctx, s.ClientURL(), "bench")
	if err != nil {
		b.Fatal(err)
	}
	defer nc.Close()
	var failed atomic.Int64
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(window),
		jetstream.WithPublishAsyncErrHandler(func(jetstream.JetStream, *nats.Msg, error) { failed.Add(1) }))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := bus.EnsureStreams(ctx, js, bus.StreamsConfig{High: bus.StreamLimits{MaxBytes: 4 << 30}}); err != nil {
		b.Fatal(err)
	}
	data := make([]byte, 512)
	id := make([]byte, 0, len(idPrefix)+20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	i := 0
	var start time.Time // msgs/s counts until the last ack, which b.Elapsed does not
	for b.Loop() {
		if i == 0 {
			start = time.Now()
		}
		id = strconv.AppendInt(append(id[:0], idPrefix...), int64(i), 10)
		i++
		if _, err := bus.PublishAsync(ctx, js, bus.NewMsg("sol.high.pumpfun.trade.Mint1", string(id), data, nil)); err != nil {
			b.Fatal(err)
		}
	}
	select {
	case <-js.PublishAsyncComplete():
	case <-time.After(30 * time.Second):
		b.Fatal("publishes not acknowledged within 30s")
	}
	elapsed := time.Since(start)
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d publishes failed", n)
	}
	b.ReportMetric(float64(i)/elapsed.Seconds(), "msgs/s")
}

// BenchmarkDedupMemory estimates what the duplicate window costs the server: it publishes
// messages with distinct ~100-byte ids to a memory stream that keeps only the last message but
// remembers every id for 10 minutes, and reports the heap growth per id (B/id). Run it with a
// fixed count, such as -benchtime=200000x; the server is in this process, so the heap is its.
func BenchmarkDedupMemory(b *testing.B) {
	s := bustest.NewServer(b)
	ctx := context.Background()
	nc, err := bus.Connect(ctx, s.ClientURL(), "bench")
	if err != nil {
		b.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(1024))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "DEDUP", Subjects: []string{"dedup"},
		Storage: jetstream.MemoryStorage, MaxMsgs: 1, Duplicates: 10 * time.Minute}); err != nil {
		b.Fatal(err)
	}
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	id := make([]byte, 0, len(idPrefix)+20)
	data := []byte("x")
	before := heap()
	n := 0
	for b.Loop() {
		id = strconv.AppendInt(append(id[:0], idPrefix...), int64(n), 10)
		n++
		if _, err := bus.PublishAsync(ctx, js, bus.NewMsg("dedup", string(id), data, nil)); err != nil {
			b.Fatal(err)
		}
	}
	<-js.PublishAsyncComplete()
	after := heap()
	b.ReportMetric(float64(int64(after)-int64(before))/float64(n), "B/id")
	b.ReportMetric(float64(len(id)), "id-bytes")
}
