package health_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/geyserjet/geyserjet/pkg/bus/bustest"
	"github.com/geyserjet/geyserjet/pkg/health"
)

// serve runs health.Serve on 127.0.0.1:0 until the test ends and returns its base URL; the
// cleanup checks that Serve returned nil.
func serve(t *testing.T, reg *prometheus.Registry, opts ...health.Option) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrs := make(chan net.Addr, 1)
	done := make(chan error, 1)
	opts = append(opts, health.WithOnListen(func(a net.Addr) { addrs <- a }))
	go func() { done <- health.Serve(ctx, "127.0.0.1:0", reg, opts...) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve = %v, want nil after ctx ended", err)
		}
	})
	select {
	case a := <-addrs:
		return "http://" + a.String()
	case err := <-done:
		t.Fatalf("Serve: %v", err)
	}
	return ""
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func TestMetricsOnlyFromRegistry(t *testing.T) {
	bustest.CheckGoroutines(t)
	defer http.DefaultClient.CloseIdleConnections()
	reg := prometheus.NewRegistry()
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: "geyserjet_test_events_total", Help: "events"})
	reg.MustRegister(c)
	c.Add(3)
	base := serve(t, reg)
	code, body := get(t, base+"/metrics")
	if code != http.StatusOK || !strings.Contains(body, "geyserjet_test_events_total 3") {
		t.Errorf("GET /metrics = %d %q, want 200 with the counter", code, body)
	}
	if strings.Contains(body, "go_goroutines") || strings.Contains(body, "process_") {
		t.Errorf("GET /metrics shows the default registry's collectors:\n%s", body)
	}
}

func TestHealthz(t *testing.T) {
	bustest.CheckGoroutines(t)
	defer http.DefaultClient.CloseIdleConnections()
	var shared health.Checks
	natsErr := error(nil)
	shared.Add("nats", func(context.Context) error { return natsErr })
	base := serve(t, nil, health.WithChecks(&shared),
		health.WithCheck("store", func(context.Context) error { return nil }))

	cases := []struct {
		name     string
		setup    func()
		wantCode int
		wantBody string
	}{
		{"all pass", func() {}, http.StatusOK, "ok\n"},
		{"one fails", func() { natsErr = errors.New("disconnected from nats://nats:4222") }, http.StatusServiceUnavailable, "nats: disconnected from nats://nats:4222\n"},
		{"added later, sorted", func() {
			shared.Add("ingestor", func(context.Context) error { return errors.New("stream stalled\nfor 30s") })
		}, http.StatusServiceUnavailable, "ingestor: stream stalled for 30s\nnats: disconnected from nats://nats:4222\n"},
		{"panicking check", func() {
			natsErr = nil
			shared.Add("ingestor", func(context.Context) error { panic("boom") })
		}, http.StatusServiceUnavailable, "ingestor: check panicked: boom\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.setup()
			code, body := get(t, base+"/healthz")
			if code != tc.wantCode || body != tc.wantBody {
				t.Errorf("GET /healthz = %d %q, want %d %q", code, body, tc.wantCode, tc.wantBody)
			}
		})
	}
	remove := shared.Add("extra", func(context.Context) error { return errors.New("x") })
	remove()
	shared.Add("ingestor", func(context.Context) error { return nil })
	if code, body := get(t, base+"/healthz"); code != http.StatusOK {
		t.Errorf("GET /healthz after removing failures = %d %q, want 200", code, body)
	}
}

func TestExtraHandlersAndMux(t *testing.T) {
	bustest.CheckGoroutines(t)
	defer http.DefaultClient.CloseIdleConnections()
	dev := http.NewServeMux() // what `geyserjet dev` collects from the services
	dev.HandleFunc("GET /api/tokens/{mint}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "token %s", r.PathValue("mint"))
	})
	base := serve(t, nil, health.WithMux(dev),
		health.WithHandler("GET /api/grpc-pool/health", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "pool ok")
		})))
	for path, want := range map[string]string{
		"/api/tokens/Mint1":     "token Mint1",
		"/api/grpc-pool/health": "pool ok",
		"/healthz":              "ok\n",
	} {
		if code, body := get(t, base+path); code != http.StatusOK || body != want {
			t.Errorf("GET %s = %d %q, want 200 %q", path, code, body, want)
		}
	}
	if code, _ := get(t, base+"/nothing"); code != http.StatusNotFound {
		t.Errorf("GET /nothing = %d, want 404", code)
	}
}

func TestMount(t *testing.T) {
	bustest.CheckGoroutines(t)
	defer http.DefaultClient.CloseIdleConnections()
	reg := prometheus.NewRegistry()
	reg.MustRegister(prometheus.NewGauge(prometheus.GaugeOpts{Name: "geyserjet_test_up", Help: "up"}))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/ping", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "pong") })
	health.Mount(mux, reg, health.WithCheck("x", func(context.Context) error { return errors.New("down") }))

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: mux}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	defer func() {
		srv.Close()
		<-done
	}()
	base := "http://" + ln.Addr().String()
	if code, body := get(t, base+"/metrics"); code != 200 || !strings.Contains(body, "geyserjet_test_up 0") {
		t.Errorf("GET /metrics = %d %q", code, body)
	}
	if code, body := get(t, base+"/healthz"); code != 503 || body != "x: down\n" {
		t.Errorf("GET /healthz = %d %q, want 503 \"x: down\\n\"", code, body)
	}
	if code, body := get(t, base+"/api/ping"); code != 200 || body != "pong" {
		t.Errorf("GET /api/ping = %d %q", code, body)
	}
}

func TestListenErrorNamesAddrAndFlag(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	err = health.Serve(t.Context(), addr, nil, health.WithAddrFlag("http-addr"))
	if err == nil {
		t.Fatal("Serve on a busy address returned nil")
	}
	for _, want := range []string{addr, "-http-addr"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
}

// TestShutdownFinishesRequests cancels ctx while a request is in flight: the request completes,
// new connections are refused, and Serve returns nil.
func TestShutdownFinishesRequests(t *testing.T) {
	bustest.CheckGoroutines(t)
	defer http.DefaultClient.CloseIdleConnections()
	started, release := make(chan struct{}), make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		fmt.Fprint(w, "done")
	})
	ctx, cancel := context.WithCancel(t.Context())
	addrs := make(chan net.Addr, 1)
	served := make(chan error, 1)
	go func() {
		served <- health.Serve(ctx, "127.0.0.1:0", nil, health.WithHandler("/slow", slow),
			health.WithOnListen(func(a net.Addr) { addrs <- a }))
	}()
	base := "http://" + (<-addrs).String()
	got := make(chan string, 1)
	go func() {
		resp, err := http.Get(base + "/slow")
		if err != nil {
			got <- err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		got <- string(b)
	}()
	<-started
	cancel()
	bustest.WaitFor(t, 5*time.Second, func() bool {
		c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
		if err == nil {
			c.Close()
		}
		return err != nil
	})
	close(release)
	if body := <-got; body != "done" {
		t.Errorf("request in flight during shutdown got %q, want done", body)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve = %v, want nil", err)
	}
}
