package geysersim

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Config configures a Server. A zero field means its documented default.
type Config struct {
	Listen        string       // gRPC address; default "127.0.0.1:10000"; unused when Listener is set
	Listener      net.Listener // serve gRPC here instead of listening on Listen; Serve closes it
	Admin         string       // admin HTTP address (/stats, /faults, /metrics, /healthz); default "127.0.0.1:10001"; "off" disables
	AdminListener net.Listener // serve admin HTTP here instead of listening on Admin; Serve closes it

	// XToken is the token every RPC must carry in metadata "x-token"; empty turns auth off.
	// It is never logged.
	XToken string

	Source Source // the traffic; nil serves only slot and block-meta updates
	// Rate paces the source: 0 follows Item.At (simulated time = wall time), N > 0 publishes N
	// updates per second regardless of At, N < 0 publishes as fast as the streams take them.
	Rate         float64
	SlotInterval time.Duration // a synthesized slot every this much idle time; default 400ms
	PingInterval time.Duration // server SubscribeUpdatePing on every stream; default 15s
	StartSlot    uint64        // first synthesized slot when the source has given none; default 300_000_000

	DialLimit  int           // new connections per DialWindow per token; default 60; negative: no limit
	DialWindow time.Duration // rolling window of DialLimit; default 60s
	MaxConns   int           // open connections at once; 0: no limit
	MaxStreams int           // Subscribe streams per connection; 0: no limit

	QueueSize      int  // updates a stream may fall behind before it is dropped; default 65536
	Block          bool // slow streams slow the source instead of being dropped
	ReplaySlots    int  // slots retained for from_slot; default 150; negative: from_slot unsupported
	ConfirmedDepth int  // a slot is confirmed this many slots after it is processed; default 2
	FinalizedDepth int  // a slot is finalized this many slots after it is processed; default 32
	LedgerMax      int  // records kept in the ledger of published transactions and accounts; default 1_000_000

	// Faults are applied at start, each "name" or "name?key=value&…" as POST /faults/name takes.
	Faults []string

	Now      func() time.Time     // clock of the dial windows; default time.Now (tests inject a fake)
	Logger   *slog.Logger         // default: discard
	Registry *prometheus.Registry // default: a new registry
}

func (c Config) withDefaults() Config {
	if c.Listen == "" {
		c.Listen = "127.0.0.1:10000"
	}
	if c.Admin == "" {
		c.Admin = "127.0.0.1:10001"
	}
	if c.SlotInterval == 0 {
		c.SlotInterval = 400 * time.Millisecond
	}
	if c.PingInterval == 0 {
		c.PingInterval = 15 * time.Second
	}
	if c.StartSlot == 0 {
		c.StartSlot = 300_000_000
	}
	if c.DialLimit == 0 {
		c.DialLimit = 60
	}
	if c.DialWindow == 0 {
		c.DialWindow = 60 * time.Second
	}
	if c.QueueSize == 0 {
		c.QueueSize = 65536
	}
	if c.ReplaySlots == 0 {
		c.ReplaySlots = 150
	}
	if c.ConfirmedDepth == 0 {
		c.ConfirmedDepth = 2
	}
	if c.FinalizedDepth == 0 {
		c.FinalizedDepth = 32
	}
	if c.LedgerMax == 0 {
		c.LedgerMax = 1_000_000
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if c.Registry == nil {
		c.Registry = prometheus.NewRegistry()
	}
	return c
}

func (c Config) validate() error {
	var errs []error
	if c.SlotInterval < 0 || c.PingInterval < 0 || c.DialWindow < 0 {
		errs = append(errs, errors.New("intervals must not be negative"))
	}
	if c.MaxConns < 0 || c.MaxStreams < 0 || c.QueueSize < 0 {
		errs = append(errs, fmt.Errorf("max conns %d, max streams %d, queue size %d: must not be negative", c.MaxConns, c.MaxStreams, c.QueueSize))
	}
	if c.ConfirmedDepth < 0 || c.FinalizedDepth < c.ConfirmedDepth || c.FinalizedDepth > 512 {
		errs = append(errs, fmt.Errorf("confirmed depth %d, finalized depth %d: need 0 <= confirmed <= finalized <= 512", c.ConfirmedDepth, c.FinalizedDepth))
	}
	for _, f := range c.Faults {
		if _, _, err := parseFaultSpec(f); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// ParseDialLimit parses "N/window", such as "60/60s", into a limit and its window.
func ParseDialLimit(s string) (int, time.Duration, error) {
	var n int
	var w string
	for i := 0; i < len(s); i++ {
		if s[i] == '/' {
			if _, err := fmt.Sscanf(s[:i], "%d", &n); err != nil {
				return 0, 0, fmt.Errorf("geysersim: dial limit %q: count: %w", s, err)
			}
			w = s[i+1:]
			break
		}
	}
	if w == "" {
		return 0, 0, fmt.Errorf("geysersim: dial limit %q: want N/window such as 60/60s", s)
	}
	d, err := time.ParseDuration(w)
	if err != nil || d <= 0 {
		return 0, 0, fmt.Errorf("geysersim: dial limit %q: window must be a positive duration", s)
	}
	return n, d, nil
}
