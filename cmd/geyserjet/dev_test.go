package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/geyserjet/geyserjet/pkg/bus"
	"github.com/geyserjet/geyserjet/pkg/bus/bustest"
)

// startDev runs `geyserjet dev` on random ports with its store in dir, as a newcomer would run
// it, until the returned stop is called.
func startDev(t *testing.T, dir string) (devInfo, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan devInfo, 1)
	done := make(chan error, 1)
	var out, errOut bytes.Buffer
	cfg := devConfig{DataDir: dir, NATSPort: -1, HTTPAddr: "127.0.0.1:0", SimListen: "127.0.0.1:0", SimAdmin: "127.0.0.1:0",
		MonitorsFile: "../../deploy/monitors.yaml", ready: func(i devInfo) { ready <- i }}
	go func() { done <- runDev(ctx, cfg, &out, &errOut) }()
	var info devInfo
	select {
	case info = <-ready:
	case err := <-done:
		t.Fatalf("dev stopped before it was ready: %v\n%s", err, errOut.String())
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatalf("dev not ready after 30s\n%s", errOut.String())
	}
	if !bytes.Contains(out.Bytes(), []byte("nats -s "+info.NATSURL+" sub 'sol.high.>'")) {
		t.Errorf("the banner does not say how to tap the streams:\n%s", out.String())
	}
	return info, func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("dev stopped with %v\n%s", err, errOut.String())
			}
		case <-time.After(30 * time.Second):
			t.Errorf("dev did not stop within 30s of Ctrl-C")
		}
	}
}

// msgIDs returns every Nats-Msg-Id in stream, with the number of messages carrying it.
func msgIDs(t *testing.T, js jetstream.JetStream, stream string) map[string]int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := js.Stream(ctx, stream)
	if err != nil {
		t.Fatalf("stream %s: %v", stream, err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int{}
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && info.State.Msgs > 0; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue // removed by the per-subject limit
		}
		if err != nil {
			t.Fatalf("%s seq %d: %v", stream, seq, err)
		}
		ids[m.Header.Get(nats.MsgIdHdr)]++
	}
	return ids
}

func streamMsgs(t *testing.T, js jetstream.JetStream, name string) uint64 {
	t.Helper()
	s, err := js.Stream(context.Background(), name)
	if err != nil {
		return 0
	}
	info, err := s.Info(context.Background())
	if err != nil {
		return 0
	}
	return info.State.Msgs
}

// openStore starts a bare NATS server on the store dev left in dir and returns a JetStream
// client of it, to read what a run stored with nothing else running, and a func that stops it.
func openStore(t *testing.T, dir string) (jetstream.JetStream, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	srv, url, err := bus.StartEmbedded(ctx, bus.EmbeddedConfig{Port: -1, StoreDir: dir})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	closeStore := func() { nc.Close(); cancel(); srv.WaitForShutdown() }
	js, err := jetstream.New(nc)
	if err != nil {
		closeStore()
		t.Fatal(err)
	}
	return js, closeStore
}

// TestDevAsANewcomer runs `geyserjet dev` as a newcomer would: start, see events in every
// stream and a healthy /healthz, stop, start again on the same store, see more events, and
// find no message stored twice.
func TestDevAsANewcomer(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the whole system twice")
	}
	dir := t.TempDir()
	streams := []string{"SOL_HIGH", "SOL_MEDIUM", "SOL_LOW"}
	before := map[string]uint64{}
	for run := 1; run <= 2; run++ {
		info, stop := startDev(t, dir)
		nc, err := nats.Connect(info.NATSURL)
		if err != nil {
			stop()
			t.Fatal(err)
		}
		js, _ := jetstream.New(nc)
		for _, s := range streams {
			bustest.WaitFor(t, 60*time.Second, func() bool { return streamMsgs(t, js, s) > before[s] })
		}
		resp, err := http.Get("http://" + info.HTTPAddr + "/healthz")
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Errorf("run %d: GET /healthz = %v, %v; want 200", run, resp, err)
		}
		if resp != nil {
			resp.Body.Close()
		}
		nc.Close()
		stop()

		js, closeStore := openStore(t, dir)
		for _, s := range streams[:2] { // SOL_LOW keeps only the latest messages per subject
			ids := msgIDs(t, js, s)
			if n := uint64(len(ids)); n <= before[s] {
				t.Errorf("run %d: %s holds %d messages, %d before the run: the store lost or the run added nothing", run, s, n, before[s])
			}
			for id, n := range ids {
				if n > 1 || id == "" {
					t.Errorf("run %d: %s: message id %q stored %d times", run, s, id, n)
				}
			}
			before[s] = uint64(len(ids))
		}
		before["SOL_LOW"] = streamMsgs(t, js, "SOL_LOW")
		closeStore()
	}
}

// Each run of dev must generate new transactions: within JetStream's duplicate window a
// repeated market would be dropped silently, but after it the same signatures would be stored
// again. So without --seed the seed and the first slot come from the clock.
func TestDevMarketStartIsFreshEachRun(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 5, 0, 0, 0, time.UTC)
	s1, slot1 := devMarketStart(0, t0)
	s2, slot2 := devMarketStart(0, t0.Add(10*time.Second))
	if s1 == s2 {
		t.Errorf("two runs 10s apart got the same seed %d", s1)
	}
	if slot2-slot1 != 25 {
		t.Errorf("first slots %d and %d, 10s apart: want 25 slots (400 ms each) between them", slot1, slot2)
	}
	if s, _ := devMarketStart(7, t0); s != 7 {
		t.Errorf("devMarketStart(7) seed = %d, want the given 7", s)
	}
}
