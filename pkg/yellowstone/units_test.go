package yellowstone

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestParseEndpoint(t *testing.T) {
	for _, tc := range []struct {
		in       string
		insecure bool
		target   string
		tls      bool
		err      bool
	}{
		{in: "https://grpc.example.com", target: "grpc.example.com:443", tls: true},
		{in: "https://grpc.example.com:10000/", target: "grpc.example.com:10000", tls: true},
		{in: "grpc.example.com:443", target: "grpc.example.com:443", tls: true},
		{in: "grpc.example.com", target: "grpc.example.com:443", tls: true},
		{in: "http://127.0.0.1:10000", target: "127.0.0.1:10000"},
		{in: "http://localhost", target: "localhost:80"},
		{in: "127.0.0.1:10000", insecure: true, target: "127.0.0.1:10000"},
		{in: "[::1]:10000", insecure: true, target: "[::1]:10000"},
		{in: "https://host:1", insecure: true, err: true},
		{in: "grpc://host:1", err: true},
		{in: "https://user:pass@host:1", err: true},
		{in: "https://host/path", err: true},
		{in: "", err: true},
	} {
		t.Run(tc.in, func(t *testing.T) {
			ep, err := parseEndpoint(tc.in, tc.insecure)
			if (err != nil) != tc.err {
				t.Fatalf("parseEndpoint(%q, %v) error = %v, want error %v", tc.in, tc.insecure, err, tc.err)
			}
			if err != nil {
				if strings.Contains(err.Error(), "pass") {
					t.Errorf("error %q shows user info", err)
				}
				return
			}
			if ep.target != tc.target || ep.tls != tc.tls {
				t.Errorf("parseEndpoint(%q, %v) = %s tls=%v, want %s tls=%v", tc.in, tc.insecure, ep.target, ep.tls, tc.target, tc.tls)
			}
			if tc.tls != (tokenCreds{requireTLS: ep.tls}).RequireTransportSecurity() {
				t.Errorf("the token would go out in plaintext over %q", tc.in)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		name     string
		err      error
		fromSlot bool
		cause    string
		sentinel error
	}{
		{"stall", fmt.Errorf("x: %w", ErrStalled), false, causeStalled, ErrStalled},
		{"eof", io.EOF, false, causeEOF, nil},
		{"resource exhausted", status.Error(codes.ResourceExhausted, "max connections limit exceeded"), false, causeRateLimited, ErrRateLimited},
		{"http 429", status.Error(codes.Unavailable, "unexpected HTTP status code received from server: 429 (Too Many Requests)"), false, causeRateLimited, ErrRateLimited},
		{"unauthenticated", status.Error(codes.Unauthenticated, "No valid auth token"), false, causeUnauthenticated, ErrUnauthenticated},
		{"permission denied", status.Error(codes.PermissionDenied, "nope"), false, causeNotWhitelisted, ErrNotWhitelisted},
		{"whitelist text", status.Error(codes.Unavailable, "IP not whitelisted"), false, causeNotWhitelisted, ErrNotWhitelisted},
		{"out of range", status.Error(codes.OutOfRange, "broadcast from 5 is not available, last available: 9"), true, causeOutOfRange, ErrOutOfRange},
		{"invalid argument not available", status.Error(codes.InvalidArgument, "from_slot 5 is not available"), true, causeOutOfRange, ErrOutOfRange},
		{"from_slot unsupported", status.Error(codes.Internal, "from_slot is not supported"), true, causeOutOfRange, ErrOutOfRange},
		{"out of range, 429 in the slot", status.Error(codes.OutOfRange, "broadcast from 342900429 is not available, last available: 342904290"), true, causeOutOfRange, ErrOutOfRange},
		{"429 in a slot is no rate limit", status.Error(codes.Internal, "slot 342900429 gone"), false, causeStreamError, nil},
		{"out of range without from_slot", status.Error(codes.OutOfRange, "x"), false, causeStreamError, nil},
		{"bad filter", status.Error(codes.InvalidArgument, "failed to create filter: x"), true, causeStreamError, nil},
		{"connection dropped", status.Error(codes.Unavailable, "error reading from server: EOF"), false, causeConnection, nil},
		{"dial failed", status.Error(codes.Unavailable, `connection error: desc = "transport: Error while dialing: refused"`), false, causeConnection, nil},
		{"stream dropped", status.Error(codes.Unavailable, "stream dropped by geysersim fault drop_stream"), false, causeStreamError, nil},
		{"lagged", status.Error(codes.Internal, "lagged to send an update"), false, causeStreamError, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cause, sentinel := classify(tc.err, tc.fromSlot)
			if cause != tc.cause || sentinel != tc.sentinel {
				t.Errorf("classify(%v, %v) = %s, %v; want %s, %v", tc.err, tc.fromSlot, cause, sentinel, tc.cause, tc.sentinel)
			}
		})
	}
}

// fakeClock is a clock the test advances; timers fire when it passes their deadline.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	at time.Time
	c  chan time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Unix(1_000_000, 0)} }

func (f *fakeClock) Now() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now }

func (f *fakeClock) Timer(d time.Duration) (<-chan time.Time, func() bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := &fakeTimer{at: f.now.Add(d), c: make(chan time.Time, 1)}
	f.timers = append(f.timers, t)
	return t.c, func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		for i, x := range f.timers {
			if x == t {
				f.timers = append(f.timers[:i], f.timers[i+1:]...)
				return true
			}
		}
		return false
	}
}

func (f *fakeClock) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
	k := 0
	for _, t := range f.timers {
		if !t.at.After(f.now) {
			t.c <- f.now
			continue
		}
		f.timers[k] = t
		k++
	}
	f.timers = f.timers[:k]
}

func (f *fakeClock) pending() int { f.mu.Lock(); defer f.mu.Unlock(); return len(f.timers) }

func TestTokenBucketStartsFullThenWaitsAPeriod(t *testing.T) {
	clk := newFakeClock()
	b := newTokenBucket(3, time.Minute, clk)
	ctx := context.Background()
	for i := range 3 {
		if err := b.Acquire(ctx); err != nil {
			t.Fatalf("Acquire %d: %v", i, err)
		}
	}
	got := make(chan error, 1)
	go func() { got <- b.Acquire(ctx) }()
	waitPending(t, clk, 1)
	clk.Advance(time.Minute) // not yet: a token comes back one period plus 2% after it was taken
	select {
	case err := <-got:
		t.Fatalf("Acquire returned %v after one period, want it to wait for the margin", err)
	default:
	}
	clk.Advance(time.Minute / 50)
	if err := <-got; err != nil {
		t.Fatalf("Acquire = %v", err)
	}
}

// However acquisitions arrive, at most n return within any rolling period (with waiters woken
// up to 100 ms late, as the fake clock advances in such steps).
func TestTokenBucketAtMostNPerRollingWindow(t *testing.T) {
	clk := newFakeClock()
	const n, period = 5, 10 * time.Second
	b := newTokenBucket(n, period, clk)
	var mu sync.Mutex
	var times []time.Time
	var wg sync.WaitGroup
	for range 23 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := b.Acquire(context.Background()); err != nil {
				t.Errorf("Acquire: %v", err)
				return
			}
			mu.Lock()
			times = append(times, clk.Now())
			mu.Unlock()
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for {
		select {
		case <-done:
		default:
			clk.Advance(100 * time.Millisecond) // less than the margin, 2% of the period: a late wake-up stays inside it
			waitIdle(t, clk, &mu, &times, 23)
			continue
		}
		break
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	for i := n; i < len(times); i++ {
		if d := times[i].Sub(times[i-n]); d < period {
			t.Fatalf("acquisitions %d and %d only %v apart: %d in one period", i-n, i, d, n+1)
		}
	}
	if len(times) != 23 {
		t.Fatalf("%d acquisitions, want 23", len(times))
	}
}

// A canceled wait returns ctx's error, and a later Acquire is not held up by it.
func TestTokenBucketCancel(t *testing.T) {
	clk := newFakeClock()
	b := newTokenBucket(1, time.Second, clk)
	if err := b.Acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan error, 1)
	go func() { got <- b.Acquire(ctx) }()
	waitPending(t, clk, 1)
	cancel()
	if err := <-got; !errors.Is(err, context.Canceled) {
		t.Fatalf("Acquire after cancel = %v, want context.Canceled", err)
	}
	go func() { got <- b.Acquire(context.Background()) }()
	waitPending(t, clk, 1)
	clk.Advance(time.Second + time.Second/50)
	if err := <-got; err != nil {
		t.Fatalf("Acquire = %v", err)
	}
	if err := b.Acquire(ctxDone()); !errors.Is(err, context.Canceled) {
		t.Fatalf("Acquire(canceled ctx) = %v, want context.Canceled", err)
	}
}

func ctxDone() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// waitPending polls until n timers wait on clk.
func waitPending(t *testing.T, clk *fakeClock, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for clk.pending() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d timers pending, want %d", clk.pending(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// waitIdle polls until every goroutine of the window test either acquired or waits on a timer.
func waitIdle(t *testing.T, clk *fakeClock, mu *sync.Mutex, times *[]time.Time, total int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		n := len(*times)
		mu.Unlock()
		if n+clk.pending() >= total {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d acquired and %d waiting, want %d in all", n, clk.pending(), total)
		}
		time.Sleep(time.Millisecond)
	}
}

// Clients may share a registry: the second finds the metrics of the first.
func TestClientsShareARegistry(t *testing.T) {
	reg := prometheus.NewRegistry()
	for _, name := range []string{"a", "b"} {
		c, err := New(Config{Endpoint: "http://127.0.0.1:1", Registry: reg, Name: name})
		if err != nil {
			t.Fatalf("New(%s): %v", name, err)
		}
		c.met.stream("s")
		c.Close()
	}
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var series int
	for _, mf := range mfs {
		if mf.GetName() == "yellowstone_reconnects_total" {
			series = len(mf.GetMetric())
		}
	}
	if want := 2 * len(causes); series != want {
		t.Errorf("yellowstone_reconnects_total has %d series, want %d", series, want)
	}
}
