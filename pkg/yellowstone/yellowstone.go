package yellowstone

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/grpc"

	"github.com/geyserjet/geyserjet/pkg/secret"
)

// Errors that classify a provider's refusals; errors returned and logged wrap one of them when
// it applies, and the reconnect metrics use them as causes.
var (
	ErrRateLimited     = errors.New("provider refused: rate or connection limit (ResourceExhausted / HTTP 429)")
	ErrUnauthenticated = errors.New("provider refused: bad or missing x-token (Unauthenticated)")
	ErrNotWhitelisted  = errors.New("provider refused: IP not whitelisted")
	ErrStalled         = errors.New("stream stalled: nothing received within the stall timeout")
)

// More errors callers may branch on.
var (
	// ErrOutOfRange means the provider no longer has the from_slot asked for: data was missed.
	// The stream resubscribes without from_slot.
	ErrOutOfRange = errors.New("from_slot not available at the provider")
	// ErrClosed means the Client was closed.
	ErrClosed = errors.New("yellowstone: client closed")
)

// Gate admits dials: every TCP dial of the provider, first or reconnect, waits in Acquire. The
// connection budget implements it; TokenBucket is the local one.
type Gate interface {
	Acquire(ctx context.Context) error
}

// Config configures a Client. A zero field means its documented default.
type Config struct {
	Endpoint       string               // "host:port", "https://host[:port]" (TLS) or "http://host:port" (plaintext); required
	XToken         secret.Value         // sent as x-token metadata; never logged
	Insecure       bool                 // plaintext even without an http:// scheme
	Gzip           bool                 // ask for gzip-compressed responses
	MaxRecvMsgSize int                  // default 1 GiB
	KeepaliveTime  time.Duration        // client pings; default 10s (grpc-go's minimum)
	Gate           Gate                 // default: NewTokenBucket(60, time.Minute)
	Logger         *slog.Logger         // default: discard
	Registry       *prometheus.Registry // metrics go here (yellowstone_*); nil: none. Clients may share one.
	Name           string               // for logs and metric labels (e.g. the ingestor id)

	// TLSConfig is used for TLS endpoints; default: system roots, TLS 1.2 or later. ServerName
	// defaults to the endpoint's host.
	TLSConfig *tls.Config
}

// StreamConfig configures one Subscribe stream.
type StreamConfig struct {
	Name    string               // for logs and metrics
	Request *pb.SubscribeRequest // initial filters (FromSlot is set by the client on resubscribe)
	// Checkpoint returns the slot to resume from after a failure (the oldest slot not yet fully
	// processed); the client resubscribes with from_slot = Checkpoint(). 0: no from_slot.
	// nil: the slot of the last update handle returned nil for, which is right for streams whose
	// updates come in slot order (processed commitment).
	Checkpoint   func() uint64
	Filters      <-chan *pb.SubscribeRequest // new filters, sent on the open stream (no new dial)
	StallTimeout time.Duration               // default 30s (providers ping every ~15s)
	MinBackoff   time.Duration               // default 250ms; exponential with jitter
	MaxBackoff   time.Duration               // default 30s

	// Buffer is how many updates the receiver may be ahead of handle; default 64.
	Buffer int
	// HealthyAfter is how long an attempt must have run, receiving, for the backoff to start
	// again from MinBackoff; default 30s.
	HealthyAfter time.Duration
	// OnError, when set, is called on Subscribe's goroutine with every failure that makes the
	// stream resubscribe, before the backoff. The error wraps the cause's sentinel when there is
	// one (ErrRateLimited, ErrUnauthenticated, ErrNotWhitelisted, ErrStalled, ErrOutOfRange).
	OnError func(error)
}

func (sc StreamConfig) withDefaults() StreamConfig {
	if sc.Name == "" {
		sc.Name = "stream"
	}
	if sc.Request == nil {
		sc.Request = &pb.SubscribeRequest{}
	}
	if sc.StallTimeout <= 0 {
		sc.StallTimeout = 30 * time.Second
	}
	if sc.MinBackoff <= 0 {
		sc.MinBackoff = 250 * time.Millisecond
	}
	if sc.MaxBackoff <= 0 {
		sc.MaxBackoff = 30 * time.Second
	}
	sc.MaxBackoff = max(sc.MaxBackoff, sc.MinBackoff)
	if sc.Buffer <= 0 {
		sc.Buffer = 64
	}
	if sc.HealthyAfter <= 0 {
		sc.HealthyAfter = 30 * time.Second
	}
	return sc
}

// Client is a connection to one provider. It is safe for concurrent use.
type Client struct {
	cfg    Config
	target string
	cc     *grpc.ClientConn
	geyser pb.GeyserClient
	log    *slog.Logger
	met    *metrics
	gate   Gate

	dials   atomic.Uint64
	connSeq atomic.Uint64 // the sequence number of the newest dialed connection

	closeOnce sync.Once
	closed    chan struct{}

	// connsMu guards conns, the open TCP connections this Client dialed, by sequence number.
	connsMu sync.Mutex
	conns   map[*trackedConn]struct{}

	// logMu guards lastLoud: when a refusal that needs an operator (unauthenticated, not
	// whitelisted) was last logged at Error, by cause; such refusals are logged once a minute.
	logMu    sync.Mutex
	lastLoud map[string]time.Time
}

// New returns a Client; it dials lazily, through cfg.Gate. It returns an error when the
// endpoint cannot be parsed or the configuration contradicts itself; it never dials.
func New(cfg Config) (*Client, error) {
	ep, err := parseEndpoint(cfg.Endpoint, cfg.Insecure)
	if err != nil {
		return nil, fmt.Errorf("yellowstone: config: %w", err)
	}
	if cfg.MaxRecvMsgSize <= 0 {
		cfg.MaxRecvMsgSize = 1 << 30
	}
	if cfg.KeepaliveTime <= 0 {
		cfg.KeepaliveTime = 10 * time.Second
	}
	if cfg.Gate == nil {
		cfg.Gate = NewTokenBucket(60, time.Minute)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	c := &Client{cfg: cfg, target: ep.target, gate: cfg.Gate, closed: make(chan struct{}),
		conns: make(map[*trackedConn]struct{}), lastLoud: make(map[string]time.Time)}
	c.log = cfg.Logger
	if cfg.Name != "" {
		c.log = c.log.With("client", cfg.Name)
	}
	if c.met, err = newMetrics(cfg.Registry, cfg.Name); err != nil {
		return nil, fmt.Errorf("yellowstone: %w", err)
	}
	cc, err := grpc.NewClient(ep.target, c.dialOptions(ep)...)
	if err != nil {
		return nil, fmt.Errorf("yellowstone: new client for %s: %w", ep.target, err)
	}
	c.cc = cc
	c.geyser = pb.NewGeyserClient(cc)
	c.log.Info("yellowstone client ready", "endpoint", ep.target, "tls", ep.tls, "gzip", cfg.Gzip,
		"x_token", !cfg.XToken.IsZero())
	return c, nil
}

// Dials returns how many TCP dials of the provider the Client has started (each one admitted by
// the Gate). It is safe for concurrent use.
func (c *Client) Dials() uint64 { return c.dials.Load() }

// Close closes the connection; running Subscribe calls return ErrClosed. It is safe to call more
// than once and concurrently.
func (c *Client) Close() error {
	var err error
	c.closeOnce.Do(func() {
		close(c.closed)
		if cerr := c.cc.Close(); cerr != nil {
			err = fmt.Errorf("yellowstone: close: %w", cerr)
		}
	})
	return err
}

func (c *Client) isClosed() bool {
	select {
	case <-c.closed:
		return true
	default:
		return false
	}
}
