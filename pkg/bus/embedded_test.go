package bus_test

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/geyserjet/geyserjet/pkg/bus"
	"github.com/geyserjet/geyserjet/pkg/bus/bustest"
)

// TestStartEmbedded runs the dev server twice on one store: what the first run stored, the
// second still has; canceling ctx stops it.
func TestStartEmbedded(t *testing.T) {
	bustest.CheckGoroutines(t)
	dir := t.TempDir()
	for run := range 2 {
		ctx, cancel := context.WithCancel(t.Context())
		s, url, err := bus.StartEmbedded(ctx, bus.EmbeddedConfig{Port: -1, StoreDir: dir})
		if err != nil {
			cancel()
			t.Fatalf("run %d: StartEmbedded: %v", run, err)
		}
		if !strings.HasPrefix(url, "nats://127.0.0.1:") {
			t.Errorf("run %d: client URL %q, want nats://127.0.0.1:…", run, url)
		}
		nc, err := bus.Connect(ctx, url, "embedded-test")
		if err != nil {
			cancel()
			t.Fatal(err)
		}
		js := newJS(t, nc)
		res, err := bus.EnsureStreams(ctx, js, bus.StreamsConfig{})
		if err != nil {
			t.Fatal(err)
		}
		wantAction := bus.Created
		if run == 1 {
			wantAction = bus.Unchanged
		}
		if res[0].Action != wantAction {
			t.Errorf("run %d: EnsureStreams = %v, want %s", run, res, wantAction)
		}
		if _, err := js.PublishMsg(ctx, bus.NewMsg("sol.medium.pumpfun.create.M", "sig:0:create", []byte("{}"), nil)); err != nil {
			t.Fatal(err)
		}
		if n := streamConfig(t, js, bus.StreamMedium).State.Msgs; n != 1 {
			t.Errorf("run %d: SOL_MEDIUM holds %d messages, want 1 (deduplicated across runs)", run, n)
		}
		nc.Close()
		cancel()
		done := make(chan struct{})
		go func() { s.WaitForShutdown(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("run %d: server still running 10s after ctx ended", run)
		}
	}
}

func TestStartEmbeddedPortInUse(t *testing.T) {
	bustest.CheckGoroutines(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	_, _, err = bus.StartEmbedded(t.Context(), bus.EmbeddedConfig{Port: port, StoreDir: t.TempDir(), PortFlag: "nats-port"})
	if !errors.Is(err, bus.ErrPortInUse) {
		t.Fatalf("StartEmbedded on a busy port = %v, want ErrPortInUse", err)
	}
	for _, want := range []string{strconv.Itoa(port), "-nats-port"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
}

func TestStartEmbeddedMemoryStream(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	s, url, err := bus.StartEmbedded(ctx, bus.EmbeddedConfig{Port: -1, StoreDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.WaitForShutdown()
	defer cancel()
	nc, err := bus.Connect(ctx, url, "memory-test")
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js := newJS(t, nc)
	cfg := bus.StreamsConfig{High: bus.StreamLimits{Storage: jetstream.MemoryStorage, MaxBytes: 64 << 20}}
	if _, err := bus.EnsureStreams(ctx, js, cfg); err != nil {
		t.Fatal(err)
	}
	if st := streamConfig(t, js, bus.StreamHigh).Config.Storage; st != jetstream.MemoryStorage {
		t.Errorf("SOL_HIGH storage %v, want memory", st)
	}
}
