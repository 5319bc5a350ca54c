package yellowstone

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mr-tron/base58"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"

	"github.com/geyserjet/geyserjet/pkg/bus/bustest"
	"github.com/geyserjet/geyserjet/pkg/geysersim"
)

// startSim runs a geysersim Server on loopback until the test ends (admin HTTP off).
func startSim(t testing.TB, cfg geysersim.Config) *geysersim.Server {
	t.Helper()
	var err error
	if cfg.Listener == nil {
		if cfg.Listener, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
	}
	cfg.Admin = "off"
	s, err := geysersim.New(cfg)
	if err != nil {
		t.Fatalf("geysersim.New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("geysersim Serve: %v", err)
		}
	})
	return s
}

// market is a fast deterministic market source.
func market() geysersim.Config {
	return geysersim.Config{Source: geysersim.NewMarket(geysersim.MarketConfig{Seed: 7}), Rate: 1000}
}

// logBuffer collects slog output for the test to read.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// lines returns the log lines that contain every one of subs.
func (l *logBuffer) lines(subs ...string) []string {
	var out []string
	for _, line := range strings.Split(l.String(), "\n") {
		ok := line != ""
		for _, s := range subs {
			ok = ok && strings.Contains(line, s)
		}
		if ok {
			out = append(out, line)
		}
	}
	return out
}

// newClient returns a Client of s (plaintext) logging at Debug into a buffer, closed when the
// test ends.
func newClient(t testing.TB, addr string, cfg Config) (*Client, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	cfg.Endpoint = "http://" + addr
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
	}
	if cfg.Name == "" {
		cfg.Name = "test"
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c, logs
}

// sub is a Subscribe running in the background until the test ends.
type sub struct {
	cancel context.CancelFunc
	done   chan error
}

// subscribe runs c.Subscribe until the test ends (or stop); the test fails if it returns an error
// other than want.
func subscribe(t testing.TB, c *Client, sc StreamConfig, handle func(*pb.SubscribeUpdate) error) *sub {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &sub{cancel: cancel, done: make(chan error, 1)}
	go func() { s.done <- c.Subscribe(ctx, sc, handle) }()
	t.Cleanup(func() {
		cancel()
		if err := <-s.done; err != nil {
			t.Errorf("Subscribe = %v, want nil after cancel", err)
		}
	})
	return s
}

// recorder is a handle that records every transaction's signature and the slots it saw.
type recorder struct {
	mu      sync.Mutex
	sigs    map[string]int // signature -> times seen
	updates int
	txs     int
	first   uint64 // the first slot handled
	last    uint64 // the highest slot handled
	filters map[string]int
	other   int // pings and pongs: must stay 0
	// after counts updates by the filter names they carry, since mark
	errs []error
}

func newRecorder() *recorder { return &recorder{sigs: map[string]int{}, filters: map[string]int{}} }

func (r *recorder) handle(u *pb.SubscribeUpdate) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.updates++
	for _, f := range u.Filters {
		r.filters[f]++
	}
	switch x := u.UpdateOneof.(type) {
	case *pb.SubscribeUpdate_Ping, *pb.SubscribeUpdate_Pong:
		r.other++
	case *pb.SubscribeUpdate_Transaction:
		r.txs++
		r.sigs[base58.Encode(x.Transaction.GetTransaction().GetSignature())]++
	}
	if sl := slotOf(u); sl > 0 {
		if r.first == 0 {
			r.first = sl
		}
		r.last = max(r.last, sl)
	}
	return nil
}

// checkpoint is the slot of the last handled update: every earlier slot is complete.
func (r *recorder) checkpoint() uint64 { r.mu.Lock(); defer r.mu.Unlock(); return r.last }

func (r *recorder) onError(err error) { r.mu.Lock(); defer r.mu.Unlock(); r.errs = append(r.errs, err) }

func (r *recorder) errors() []error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]error(nil), r.errs...)
}

func (r *recorder) hasError(target error) bool {
	for _, err := range r.errors() {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

func (r *recorder) count() (updates, txs int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.updates, r.txs
}

func (r *recorder) filterCount(name string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.filters[name]
}

// reconnects returns the stream's reconnects_total of cause.
func reconnects(c *Client, stream, cause string) float64 {
	return testutil.ToFloat64(c.met.reconnects.WithLabelValues(c.met.client, stream, cause))
}

// allTxs subscribes to every transaction.
func allTxs() *pb.SubscribeRequest {
	return &pb.SubscribeRequest{Transactions: map[string]*pb.SubscribeRequestFilterTransactions{"txs": {}}}
}

// checkGoroutines fails the test if it leaves goroutines behind; call it first.
func checkGoroutines(t *testing.T) { t.Helper(); bustest.CheckGoroutines(t) }

// progress waits until the recorder has handled n more updates than now.
func progress(t *testing.T, r *recorder, n int) {
	t.Helper()
	u0, _ := r.count()
	bustest.WaitFor(t, 10*time.Second, func() bool { u, _ := r.count(); return u >= u0+n })
}
