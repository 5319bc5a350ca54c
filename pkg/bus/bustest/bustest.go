// Package bustest provides test helpers around a real, embedded nats-server with JetStream, like
// net/http/httptest: NewServer, NewServerAt to stop and restart one on the same store, Connect,
// WaitFor, and CheckGoroutines, which fails a test that leaves goroutines behind.
//
// Everything a helper starts stops in t.Cleanup. Helpers call t.Fatal, so call them on the
// test's goroutine.
package bustest

import (
	"errors"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
)

// portFile, in a store directory, records the port NewServerAt used for it.
const portFile = "bustest-port"

// NewServer runs nats-server with JetStream on a random loopback port, storing in t.TempDir(),
// until the test ends.
func NewServer(t testing.TB) *server.Server {
	t.Helper()
	return NewServerAt(t, t.TempDir())
}

// NewServerAt runs nats-server with JetStream on loopback with its store in storeDir until the
// test ends. The first server for a storeDir gets a random port, which is recorded in storeDir;
// later ones take the same port, so a test can shut the server down (s.Shutdown()), start it
// again on the same store, and see its clients reconnect to the same URL with streams and
// messages kept.
func NewServerAt(t testing.TB, storeDir string) *server.Server {
	t.Helper()
	port := server.RANDOM_PORT
	if b, err := os.ReadFile(filepath.Join(storeDir, portFile)); err == nil {
		if p, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
			port = p
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("bustest: read port: %v", err)
	}
	s, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: port,
		JetStream: true, StoreDir: storeDir, NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatalf("bustest: new server: %v", err)
	}
	s.Start()
	t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatalf("bustest: nats-server on port %d not ready after 10s", port)
	}
	if !s.JetStreamEnabled() {
		t.Fatal("bustest: nats-server started without JetStream")
	}
	if port == server.RANDOM_PORT {
		p := strconv.Itoa(s.Addr().(*net.TCPAddr).Port)
		if err := os.WriteFile(filepath.Join(storeDir, portFile), []byte(p), 0o644); err != nil {
			t.Fatalf("bustest: record port: %v", err)
		}
	}
	return s
}

// Connect connects to s until the test ends. The connection reconnects forever, every 50 ms, so
// it outlives a restart of the server through NewServerAt.
func Connect(t testing.TB, s *server.Server) *nats.Conn {
	t.Helper()
	nc, err := nats.Connect(s.ClientURL(), nats.Name(t.Name()), nats.MaxReconnects(-1),
		nats.ReconnectWait(50*time.Millisecond), nats.ReconnectJitter(0, 0))
	if err != nil {
		t.Fatalf("bustest: connect %s: %v", s.ClientURL(), err)
	}
	t.Cleanup(nc.Close)
	return nc
}

// WaitFor polls cond every 10 ms until it returns true, and fails the test if it has not within
// timeout.
func WaitFor(t testing.TB, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("bustest: condition not met within %v", timeout)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// CheckGoroutines fails the test if, once its other cleanups have run, more goroutines are left
// than when CheckGoroutines was called; it polls for up to 5 s, since stopping goroutines exit
// shortly after their owners return. Call it first in the test, so that its cleanup runs last.
// Not for parallel tests: it counts the whole process.
func CheckGoroutines(t testing.TB) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(5 * time.Second)
		n := runtime.NumGoroutine()
		for n > before && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
			n = runtime.NumGoroutine()
		}
		if n > before {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			t.Errorf("bustest: %d goroutines left behind (%d before, %d after):\n%s", n-before, before, n, buf)
		}
	})
}
