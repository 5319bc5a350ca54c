// Package health serves what every GeyserJet process exposes over HTTP: /metrics (Prometheus,
// from the registry passed in, never the default one) and /healthz (200 "ok", or 503 listing the
// checks that fail), plus any extra handlers, such as a service's API.
//
// Serve runs its own HTTP server until ctx ends; Mount puts the same endpoints on a mux someone
// else serves. `geyserjet dev`, which runs every service in one process, serves one mux on one
// address: it passes the services' handlers to Serve with WithMux, or mounts onto its own mux,
// and shares one Checks between the services so that /healthz covers them all.
//
// Serve owns one goroutine per open connection (net/http's) and none after it returns.
package health

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// ShutdownTimeout is how long Serve waits for requests in flight once ctx ends before it closes
// their connections.
const ShutdownTimeout = 10 * time.Second

// CheckTimeout bounds one /healthz request; a check still running then fails.
const CheckTimeout = 5 * time.Second

// A CheckFunc reports whether one part of the process is healthy: nil, or an error saying what is
// wrong. /healthz shows the error text, so it must not hold credentials. It must return soon
// after ctx ends.
type CheckFunc func(ctx context.Context) error

// Checks is a set of named health checks. The zero value is empty and ready to use; it is safe
// for concurrent use, so services running in one process can share one.
type Checks struct {
	mu     sync.Mutex
	checks map[string]CheckFunc // guarded by mu
}

// Add adds (or replaces) the check called name and returns a function that removes it.
func (c *Checks) Add(name string, check CheckFunc) (remove func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.checks == nil {
		c.checks = make(map[string]CheckFunc)
	}
	c.checks[name] = check
	return func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		delete(c.checks, name)
	}
}

// Run runs every check at once and returns the failures by name; an empty map means healthy.
func (c *Checks) Run(ctx context.Context) map[string]error {
	c.mu.Lock()
	checks := make(map[string]CheckFunc, len(c.checks))
	for name, f := range c.checks {
		checks[name] = f
	}
	c.mu.Unlock()

	var mu sync.Mutex
	failed := make(map[string]error)
	var wg sync.WaitGroup
	for name, f := range checks {
		wg.Go(func() {
			err := runCheck(ctx, f)
			if err != nil {
				mu.Lock()
				failed[name] = err
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return failed
}

// runCheck runs f, turning a panic into an error; the process keeps serving.
func runCheck(ctx context.Context, f CheckFunc) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("check panicked: %v", r)
		}
	}()
	return f(ctx)
}

// An Option configures Serve and Mount.
type Option func(*options)

type options struct {
	checks   []*Checks
	own      Checks // checks added by WithCheck
	handlers []handler
	mux      *http.ServeMux
	addrFlag string
	logger   *slog.Logger
	onListen func(net.Addr)
}

type handler struct {
	pattern string
	h       http.Handler
}

// WithCheck adds a check called name to /healthz.
func WithCheck(name string, check CheckFunc) Option {
	return func(o *options) { o.own.Add(name, check) }
}

// WithChecks makes /healthz run the checks in c, also those added to c later.
func WithChecks(c *Checks) Option {
	return func(o *options) { o.checks = append(o.checks, c) }
}

// WithHandler adds a handler for pattern (http.ServeMux syntax, such as "GET /api/tokens/{mint}").
func WithHandler(pattern string, h http.Handler) Option {
	return func(o *options) { o.handlers = append(o.handlers, handler{pattern, h}) }
}

// WithMux makes Serve pass every request that is not for /metrics, /healthz or a WithHandler
// pattern to mux: the shared mux of `geyserjet dev`, or a service's API. Mount ignores it.
func WithMux(mux *http.ServeMux) Option {
	return func(o *options) { o.mux = mux }
}

// WithAddrFlag names the flag that sets Serve's address (such as "http-addr"), so that an error
// listening on it says how to change it.
func WithAddrFlag(name string) Option {
	return func(o *options) { o.addrFlag = strings.TrimLeft(name, "-") }
}

// WithLogger makes Serve log start and stop, and HTTP server errors, to l; the default discards.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) { o.logger = l }
}

// WithOnListen makes Serve call f with the address it listens on before it serves: the port it
// got for ":0", for tests and for printing where to look.
func WithOnListen(f func(net.Addr)) Option {
	return func(o *options) { o.onListen = f }
}

func newOptions(opts []Option) *options {
	o := &options{logger: slog.New(slog.DiscardHandler)}
	for _, opt := range opts {
		opt(o)
	}
	o.checks = append(o.checks, &o.own)
	return o
}

// Serve serves /metrics for reg (a nil reg serves an empty registry), /healthz, and the handlers
// given in opts on addr until ctx ends. Then it stops accepting, waits up to ShutdownTimeout for
// requests in flight, closes the rest, and returns nil.
//
// An error listening on addr (the port in use, say) returns at once and names addr and, given
// WithAddrFlag, the flag that changes it. A pattern that conflicts with /metrics or /healthz
// panics, as http.ServeMux does.
func Serve(ctx context.Context, addr string, reg *prometheus.Registry, opts ...Option) error {
	o := newOptions(opts)
	mux := http.NewServeMux()
	mount(mux, reg, o)
	if o.mux != nil {
		mux.Handle("/", o.mux)
	}

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		if o.addrFlag != "" {
			return fmt.Errorf("health: listen on %s (change it with --%s): %w", addr, o.addrFlag, err)
		}
		return fmt.Errorf("health: listen on %s: %w", addr, err)
	}
	if o.onListen != nil {
		o.onListen(ln.Addr())
	}
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(o.logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	o.logger.Info("http listening", "addr", ln.Addr().String())

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served: // Serve failed before anyone asked it to stop
		return fmt.Errorf("health: serve on %s: %w", addr, err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		o.logger.Warn("http shutdown timed out, closing connections", "addr", ln.Addr().String(), "err", err)
		srv.Close()
	}
	<-served // http.ErrServerClosed
	o.logger.Info("http stopped", "addr", ln.Addr().String())
	return nil
}

// Mount registers /metrics for reg (a nil reg serves an empty registry), /healthz, and the
// WithHandler handlers on mux, for a process that serves mux itself. It panics if mux already has
// one of those patterns, as http.ServeMux does.
func Mount(mux *http.ServeMux, reg *prometheus.Registry, opts ...Option) {
	mount(mux, reg, newOptions(opts))
}

func mount(mux *http.ServeMux, reg *prometheus.Registry, o *options) {
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{
		ErrorLog: slog.NewLogLogger(o.logger.Handler(), slog.LevelWarn),
	}))
	mux.Handle("/healthz", healthz(o.checks))
	for _, h := range o.handlers {
		mux.Handle(h.pattern, h.h)
	}
}

// healthz answers 200 "ok" when every check passes, else 503 with one "name: error" line per
// failing check, sorted by name.
func healthz(sets []*Checks) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), CheckTimeout)
		defer cancel()
		failed := make(map[string]error)
		for _, c := range sets {
			for name, err := range c.Run(ctx) {
				failed[name] = err
			}
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if len(failed) == 0 {
			fmt.Fprintln(w, "ok")
			return
		}
		names := make([]string, 0, len(failed))
		for name := range failed {
			names = append(names, name)
		}
		slices.Sort(names)
		w.WriteHeader(http.StatusServiceUnavailable)
		for _, name := range names {
			err := failed[name]
			if errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
				err = fmt.Errorf("no answer within %v: %w", CheckTimeout, err)
			}
			fmt.Fprintf(w, "%s: %s\n", name, strings.ReplaceAll(err.Error(), "\n", " "))
		}
	})
}
