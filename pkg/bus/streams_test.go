package bus_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/geyserjet/geyserjet/pkg/bus"
	"github.com/geyserjet/geyserjet/pkg/bus/bustest"
)

func newJS(t *testing.T, nc *nats.Conn) jetstream.JetStream {
	t.Helper()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatalf("jetstream.New: %v", err)
	}
	return js
}

func actions(rs []bus.Result) map[string]bus.Action {
	m := make(map[string]bus.Action, len(rs))
	for _, r := range rs {
		m[r.Name] = r.Action
	}
	return m
}

func streamConfig(t *testing.T, js jetstream.JetStream, name string) jetstream.StreamInfo {
	t.Helper()
	s, err := js.Stream(t.Context(), name)
	if err != nil {
		t.Fatalf("Stream(%s): %v", name, err)
	}
	return *s.CachedInfo()
}

func TestEnsureStreams(t *testing.T) {
	bustest.CheckGoroutines(t)
	js := newJS(t, bustest.Connect(t, bustest.NewServer(t)))
	ctx := t.Context()

	got, err := bus.EnsureStreams(ctx, js, bus.StreamsConfig{})
	if err != nil {
		t.Fatalf("EnsureStreams: %v", err)
	}
	want := []bus.Result{{bus.StreamHigh, bus.Created}, {bus.StreamMedium, bus.Created}, {bus.StreamLow, bus.Created}, {bus.StreamDLQ, bus.Created}}
	if !slices.Equal(got, want) {
		t.Fatalf("EnsureStreams = %v, want %v", got, want)
	}

	d := bus.DefaultStreamsConfig()
	for _, tc := range []struct {
		stream, subject string
		limits          bus.StreamLimits
		perSubject      int64
	}{
		{bus.StreamHigh, "sol.high.>", d.High, -1},
		{bus.StreamMedium, "sol.medium.>", d.Medium, -1},
		{bus.StreamLow, "sol.low.>", d.Low, 100},
		{bus.StreamDLQ, "dlq.>", d.DLQ, -1},
	} {
		c := streamConfig(t, js, tc.stream).Config
		if !slices.Equal(c.Subjects, []string{tc.subject}) || c.Retention != jetstream.LimitsPolicy ||
			c.MaxAge != tc.limits.MaxAge || c.MaxBytes != tc.limits.MaxBytes || c.MaxMsgs != -1 ||
			c.MaxMsgsPerSubject != tc.perSubject || c.Storage != jetstream.FileStorage || c.Replicas != 1 ||
			c.Duplicates != bus.DefaultDuplicates {
			t.Errorf("stream %s: subjects %v retention %v age %v bytes %d msgs %d per subject %d storage %v replicas %d dup %v; want %s limits, age %v, bytes %d, per subject %d, file, 1, %v",
				tc.stream, c.Subjects, c.Retention, c.MaxAge, c.MaxBytes, c.MaxMsgs, c.MaxMsgsPerSubject, c.Storage, c.Replicas, c.Duplicates,
				tc.subject, tc.limits.MaxAge, tc.limits.MaxBytes, tc.perSubject, bus.DefaultDuplicates)
		}
	}

	// The same config again changes nothing, not even the server's view of the config.
	before := streamConfig(t, js, bus.StreamLow)
	got, err = bus.EnsureStreams(ctx, js, bus.DefaultStreamsConfig()) // explicit defaults = zero config
	if err != nil {
		t.Fatalf("EnsureStreams again: %v", err)
	}
	for name, a := range actions(got) {
		if a != bus.Unchanged {
			t.Errorf("EnsureStreams again: %s %s, want unchanged", name, a)
		}
	}
	after := streamConfig(t, js, bus.StreamLow)
	if !after.Created.Equal(before.Created) || fmt.Sprint(after.Config) != fmt.Sprint(before.Config) {
		t.Errorf("EnsureStreams again changed SOL_LOW: %+v -> %+v", before.Config, after.Config)
	}

	// A changed config updates what changed and keeps the messages.
	if _, err := js.Publish(ctx, "sol.high.pumpfun.trade.M1", []byte("kept")); err != nil {
		t.Fatalf("Publish: %v", err)
	}
	cfg := bus.StreamsConfig{
		High: bus.StreamLimits{MaxAge: time.Hour, Duplicates: 30 * time.Second},
		Low:  bus.StreamLimits{MaxMsgsPerSubject: 5, MaxBytes: -1},
	}
	got, err = bus.EnsureStreams(ctx, js, cfg)
	if err != nil {
		t.Fatalf("EnsureStreams changed: %v", err)
	}
	wantActions := map[string]bus.Action{bus.StreamHigh: bus.Updated, bus.StreamMedium: bus.Unchanged, bus.StreamLow: bus.Updated, bus.StreamDLQ: bus.Unchanged}
	if a := actions(got); fmt.Sprint(a) != fmt.Sprint(wantActions) {
		t.Errorf("EnsureStreams changed = %v, want %v", a, wantActions)
	}
	high := streamConfig(t, js, bus.StreamHigh)
	if high.Config.MaxAge != time.Hour || high.Config.Duplicates != 30*time.Second || high.State.Msgs != 1 {
		t.Errorf("SOL_HIGH after update: age %v dup %v msgs %d, want 1h 30s 1", high.Config.MaxAge, high.Config.Duplicates, high.State.Msgs)
	}
	low := streamConfig(t, js, bus.StreamLow).Config
	if low.MaxMsgsPerSubject != 5 || low.MaxBytes != -1 {
		t.Errorf("SOL_LOW after update: per subject %d bytes %d, want 5 -1", low.MaxMsgsPerSubject, low.MaxBytes)
	}
	if got, err := bus.EnsureStreams(ctx, js, cfg); err != nil || !allUnchanged(got) {
		t.Errorf("EnsureStreams changed again = %v, %v; want all unchanged", got, err)
	}

	// Storage cannot change: a clear error naming the stream.
	_, err = bus.EnsureStreams(ctx, js, bus.StreamsConfig{High: bus.StreamLimits{Storage: jetstream.MemoryStorage}})
	if err == nil || !containsAll(err.Error(), "SOL_HIGH", "storage") {
		t.Errorf("EnsureStreams(memory) = %v, want an error about SOL_HIGH's storage", err)
	}
}

func allUnchanged(rs []bus.Result) bool {
	for _, r := range rs {
		if r.Action != bus.Unchanged {
			return false
		}
	}
	return len(rs) > 0
}

func TestEnsureStreamsSubjectsTaken(t *testing.T) {
	js := newJS(t, bustest.Connect(t, bustest.NewServer(t)))
	if _, err := js.CreateStream(t.Context(), jetstream.StreamConfig{Name: "OTHER", Subjects: []string{"sol.>"}}); err != nil {
		t.Fatal(err)
	}
	_, err := bus.EnsureStreams(t.Context(), js, bus.StreamsConfig{})
	var apiErr *jetstream.APIError
	if err == nil || !errors.As(err, &apiErr) || !containsAll(err.Error(), "SOL_HIGH", "sol.high.>") {
		t.Errorf("EnsureStreams with overlapping subjects = %v, want an APIError naming SOL_HIGH", err)
	}
}

func TestDedup(t *testing.T) {
	bustest.CheckGoroutines(t)
	js := newJS(t, bustest.Connect(t, bustest.NewServer(t)))
	ctx := t.Context()
	if _, err := bus.EnsureStreams(ctx, js, bus.StreamsConfig{}); err != nil {
		t.Fatal(err)
	}
	id := "5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW:3.1:trade"
	for i, wantDup := range []bool{false, true, true} {
		ack, err := js.PublishMsg(ctx, bus.NewMsg("sol.high.pumpfun.trade.M1", id, []byte(`{"v":1}`), nil))
		if err != nil {
			t.Fatalf("publish %d: %v", i, err)
		}
		if ack.Duplicate != wantDup || ack.Stream != bus.StreamHigh {
			t.Errorf("publish %d: ack %+v, want duplicate %v in %s", i, ack, wantDup, bus.StreamHigh)
		}
	}
	// A different id on the same subject is a new message.
	if _, err := js.PublishMsg(ctx, bus.NewMsg("sol.high.pumpfun.trade.M1", id+":1", []byte(`{"v":1}`), nil)); err != nil {
		t.Fatal(err)
	}
	if n := streamConfig(t, js, bus.StreamHigh).State.Msgs; n != 2 {
		t.Errorf("SOL_HIGH holds %d messages, want 2", n)
	}

	// Async publishes dedup the same way.
	for range 2 {
		if _, err := js.PublishMsgAsync(bus.NewMsg("sol.medium.pumpfun.create.M1", "sig:0:create", []byte("{}"), nil)); err != nil {
			t.Fatal(err)
		}
	}
	select {
	case <-js.PublishAsyncComplete():
	case <-time.After(5 * time.Second):
		t.Fatal("async publishes not acknowledged within 5s")
	}
	if n := streamConfig(t, js, bus.StreamMedium).State.Msgs; n != 1 {
		t.Errorf("SOL_MEDIUM holds %d messages, want 1", n)
	}
}

func TestLowKeepsLatestPerSubject(t *testing.T) {
	js := newJS(t, bustest.Connect(t, bustest.NewServer(t)))
	ctx := t.Context()
	if _, err := bus.EnsureStreams(ctx, js, bus.StreamsConfig{Low: bus.StreamLimits{MaxMsgsPerSubject: 3}}); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		subj := "sol.low.pumpfun.bonding_curve.A"
		if _, err := js.PublishMsg(ctx, bus.NewMsg(subj, fmt.Sprintf("A:%d:0", i), []byte(fmt.Sprint(i)), nil)); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 2 {
		if _, err := js.PublishMsg(ctx, bus.NewMsg("sol.low.pumpfun.bonding_curve.B", fmt.Sprintf("B:%d:0", i), []byte(fmt.Sprint(i)), nil)); err != nil {
			t.Fatal(err)
		}
	}
	s, err := js.Stream(ctx, bus.StreamLow)
	if err != nil {
		t.Fatal(err)
	}
	info, err := s.Info(ctx, jetstream.WithSubjectFilter("sol.low.>"))
	if err != nil {
		t.Fatal(err)
	}
	if info.State.Subjects["sol.low.pumpfun.bonding_curve.A"] != 3 || info.State.Subjects["sol.low.pumpfun.bonding_curve.B"] != 2 || info.State.Msgs != 5 {
		t.Fatalf("SOL_LOW per subject %v (%d msgs), want A:3 B:2 (5)", info.State.Subjects, info.State.Msgs)
	}
	var kept []string
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if m.Subject == "sol.low.pumpfun.bonding_curve.A" {
			kept = append(kept, string(m.Data))
		}
	}
	if want := []string{"7", "8", "9"}; !slices.Equal(kept, want) {
		t.Errorf("SOL_LOW keeps %v for A, want the latest %v", kept, want)
	}
	last, err := s.GetLastMsgForSubject(ctx, "sol.low.pumpfun.bonding_curve.A")
	if err != nil || string(last.Data) != "9" {
		t.Errorf("GetLastMsgForSubject(A) = %v, %v; want 9", last, err)
	}
}

func TestEnsureBuckets(t *testing.T) {
	bustest.CheckGoroutines(t)
	js := newJS(t, bustest.Connect(t, bustest.NewServer(t)))
	ctx := t.Context()
	cfg := bus.BucketsConfig{PoolIngestors: bus.BucketConfig{TTL: time.Second}}
	got, err := bus.EnsureBuckets(ctx, js, cfg)
	if err != nil {
		t.Fatalf("EnsureBuckets: %v", err)
	}
	names := []string{bus.BucketPoolBudget, bus.BucketPoolAssign, bus.BucketPoolIngestors, bus.BucketPoolMonitors, bus.BucketTokens, bus.BucketPools}
	for i, name := range names {
		if i >= len(got) || got[i] != (bus.Result{Name: name, Action: bus.Created}) {
			t.Fatalf("EnsureBuckets = %v, want %v created in that order", got, names)
		}
		kv, err := js.KeyValue(ctx, name)
		if err != nil {
			t.Fatalf("KeyValue(%s): %v", name, err)
		}
		st, err := kv.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		wantTTL, wantHistory := time.Duration(0), int64(1)
		switch name {
		case bus.BucketPoolIngestors:
			wantTTL = time.Second
		case bus.BucketPoolAssign, bus.BucketPoolMonitors:
			wantHistory = 5
		}
		if st.TTL() != wantTTL || st.History() != wantHistory {
			t.Errorf("bucket %s: TTL %v history %d, want %v %d", name, st.TTL(), st.History(), wantTTL, wantHistory)
		}
	}

	if got, err := bus.EnsureBuckets(ctx, js, cfg); err != nil || !allUnchanged(got) {
		t.Errorf("EnsureBuckets again = %v, %v; want all unchanged", got, err)
	}

	// Keys of pool_ingestors expire.
	kv, err := js.KeyValue(ctx, bus.BucketPoolIngestors)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kv.Put(ctx, "ingestor-1", []byte("alive")); err != nil {
		t.Fatal(err)
	}
	bustest.WaitFor(t, 10*time.Second, func() bool {
		_, err := kv.Get(ctx, "ingestor-1")
		return errors.Is(err, jetstream.ErrKeyNotFound)
	})

	// A changed TTL and history update the buckets and keep their keys.
	tokens, err := js.KeyValue(ctx, bus.BucketTokens)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tokens.Put(ctx, "mint1", []byte("created")); err != nil {
		t.Fatal(err)
	}
	cfg.PoolIngestors.TTL = 30 * time.Second
	cfg.Tokens.History = 10
	got, err = bus.EnsureBuckets(ctx, js, cfg)
	if err != nil {
		t.Fatalf("EnsureBuckets changed: %v", err)
	}
	a := actions(got)
	if a[bus.BucketPoolIngestors] != bus.Updated || a[bus.BucketTokens] != bus.Updated || a[bus.BucketPools] != bus.Unchanged {
		t.Errorf("EnsureBuckets changed = %v, want pool_ingestors and tokens updated, the rest unchanged", got)
	}
	if e, err := tokens.Get(ctx, "mint1"); err != nil || string(e.Value()) != "created" {
		t.Errorf("tokens/mint1 after update = %v, %v; want created", e, err)
	}
	st, err := kv.Status(ctx)
	if err != nil || st.TTL() != 30*time.Second {
		t.Errorf("pool_ingestors TTL after update = %v, %v; want 30s", st.TTL(), err)
	}
}

// TestRestartKeepsStreams stops the server and starts it again on the same store: the client
// reconnects by itself, the streams, messages and dedup state are still there.
func TestRestartKeepsStreams(t *testing.T) {
	bustest.CheckGoroutines(t)
	dir := t.TempDir()
	s := bustest.NewServerAt(t, dir)
	url := s.ClientURL()
	ctx := t.Context()
	nc, err := bus.Connect(ctx, url, "restart-test")
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js := newJS(t, nc)
	if _, err := bus.EnsureStreams(ctx, js, bus.StreamsConfig{}); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := js.PublishMsg(ctx, bus.NewMsg("sol.high.pumpfun.trade.M", fmt.Sprint("id", i), []byte("x"), nil)); err != nil {
			t.Fatal(err)
		}
	}

	s.Shutdown()
	s.WaitForShutdown()
	bustest.WaitFor(t, 5*time.Second, func() bool { return !nc.IsConnected() })
	s = bustest.NewServerAt(t, dir)
	if s.ClientURL() != url {
		t.Fatalf("restarted server at %s, want %s", s.ClientURL(), url)
	}
	bustest.WaitFor(t, 10*time.Second, nc.IsConnected)
	bustest.WaitFor(t, 10*time.Second, func() bool { // JetStream recovers the streams after connections open
		_, err := js.Stream(ctx, bus.StreamHigh)
		return err == nil
	})
	if n := streamConfig(t, js, bus.StreamHigh).State.Msgs; n != 3 {
		t.Errorf("SOL_HIGH after restart holds %d messages, want 3", n)
	}
	ack, err := js.PublishMsg(ctx, bus.NewMsg("sol.high.pumpfun.trade.M", "id1", []byte("x"), nil))
	if err != nil || !ack.Duplicate {
		t.Errorf("republish of id1 after restart: ack %+v, err %v; want a duplicate", ack, err)
	}
	if got, err := bus.EnsureStreams(ctx, js, bus.StreamsConfig{}); err != nil || !allUnchanged(got) {
		t.Errorf("EnsureStreams after restart = %v, %v; want all unchanged", got, err)
	}
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
