package yellowstone

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/encoding/gzip" // registers the gzip compressor
	"google.golang.org/grpc/keepalive"

	"github.com/geyserjet/geyserjet/pkg/secret"
)

// endpoint is a parsed Config.Endpoint.
type endpoint struct {
	target string // host:port
	host   string
	tls    bool
}

// parseEndpoint parses "host[:port]", "https://host[:port]" or "http://host[:port]". Without a
// scheme TLS is used unless insecure; a missing port is 443 for TLS and 80 for plaintext. User
// info is refused (it would be a credential in a URL); a trailing "/" is ignored.
func parseEndpoint(s string, insecure bool) (endpoint, error) {
	var ep endpoint
	rest := strings.TrimSpace(s)
	if rest == "" {
		return ep, errors.New("endpoint is required")
	}
	ep.tls = !insecure
	if scheme, after, ok := strings.Cut(rest, "://"); ok {
		switch strings.ToLower(scheme) {
		case "https":
			if insecure {
				return ep, errors.New("endpoint: https:// contradicts Insecure")
			}
			ep.tls = true
		case "http":
			ep.tls = false
		default:
			return ep, fmt.Errorf("endpoint: scheme %q: want https or http", scheme)
		}
		rest = after
	}
	rest = strings.TrimSuffix(rest, "/")
	if strings.ContainsAny(rest, "@/?#") {
		return ep, errors.New("endpoint: want host[:port] after the scheme, without user info, path or query")
	}
	host, port, err := net.SplitHostPort(rest)
	if err != nil {
		// No port (or a bare IPv6 address in brackets).
		host, port = strings.TrimSuffix(strings.TrimPrefix(rest, "["), "]"), "443"
		if !ep.tls {
			port = "80"
		}
	}
	if host == "" {
		return ep, fmt.Errorf("endpoint %q: no host", rest)
	}
	ep.host = host
	ep.target = net.JoinHostPort(host, port)
	return ep, nil
}

// tokenCreds sends the x-token as metadata on every RPC.
type tokenCreds struct {
	token      secret.Value
	requireTLS bool
}

// GetRequestMetadata is the one place the x-token is revealed: it goes out in the request headers.
func (t tokenCreds) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"x-token": t.token.Reveal()}, nil
}

func (t tokenCreds) RequireTransportSecurity() bool { return t.requireTLS }

func (c *Client) dialOptions(ep endpoint) []grpc.DialOption {
	opts := []grpc.DialOption{
		grpc.WithContextDialer(c.dial),
		grpc.WithKeepaliveParams(keepalive.ClientParameters{Time: c.cfg.KeepaliveTime, Timeout: 20 * time.Second, PermitWithoutStream: true}),
		grpc.WithConnectParams(grpc.ConnectParams{
			Backoff:           backoff.Config{BaseDelay: 500 * time.Millisecond, Multiplier: 1.6, Jitter: 0.2, MaxDelay: 30 * time.Second},
			MinConnectTimeout: 20 * time.Second,
		}),
	}
	call := []grpc.CallOption{grpc.MaxCallRecvMsgSize(c.cfg.MaxRecvMsgSize), grpc.ForceCodecV2(newUpdateCodec())}
	if c.cfg.Gzip {
		// A compressed request makes a server answer compressed; grpc-accept-encoding lists gzip.
		call = append(call, grpc.UseCompressor(gzip.Name))
	}
	opts = append(opts, grpc.WithDefaultCallOptions(call...))
	if ep.tls {
		tc := &tls.Config{MinVersion: tls.VersionTLS12}
		if c.cfg.TLSConfig != nil {
			tc = c.cfg.TLSConfig.Clone()
		}
		if tc.ServerName == "" {
			tc.ServerName = ep.host
		}
		opts = append(opts, grpc.WithTransportCredentials(credentials.NewTLS(tc)))
	} else {
		opts = append(opts, grpc.WithTransportCredentials(insecure.NewCredentials()))
	}
	if !c.cfg.XToken.IsZero() {
		opts = append(opts, grpc.WithPerRPCCredentials(tokenCreds{token: c.cfg.XToken, requireTLS: ep.tls}))
	}
	return opts
}

// dial is every TCP dial grpc-go makes, first and reconnects: it waits in the Gate, then dials.
func (c *Client) dial(ctx context.Context, addr string) (net.Conn, error) {
	start := time.Now()
	if err := c.gate.Acquire(ctx); err != nil {
		c.met.dialErrors.Inc()
		lvl := slog.LevelWarn
		if c.isClosed() {
			lvl = slog.LevelDebug
		}
		c.log.Log(ctx, lvl, "dial not admitted by the gate", "addr", addr, "err", err)
		return nil, fmt.Errorf("yellowstone: dial %s: gate: %w", addr, err)
	}
	c.met.gateWait.Observe(time.Since(start).Seconds())
	c.dials.Add(1)
	c.met.dials.Inc()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		c.met.dialErrors.Inc()
		return nil, fmt.Errorf("yellowstone: dial %s: %w", addr, err)
	}
	tc := &trackedConn{Conn: conn, c: c, seq: c.connSeq.Add(1)}
	c.connsMu.Lock()
	c.conns[tc] = struct{}{}
	c.connsMu.Unlock()
	c.log.Debug("dialed", "addr", addr, "conn", tc.seq)
	return tc, nil
}

// recycle closes the connections dialed up to seq, so that grpc-go dials a new one for the next
// stream. It is for refusals that stick to a connection (a provider's connection limit).
func (c *Client) recycle(seq uint64) int {
	c.connsMu.Lock()
	var old []*trackedConn
	for tc := range c.conns {
		if tc.seq <= seq {
			old = append(old, tc)
		}
	}
	c.connsMu.Unlock()
	for _, tc := range old {
		tc.Close()
	}
	return len(old)
}

// trackedConn is a dialed connection, known to its Client until closed.
type trackedConn struct {
	net.Conn
	c    *Client
	seq  uint64
	once sync.Once
}

func (t *trackedConn) Close() error {
	t.once.Do(func() {
		t.c.connsMu.Lock()
		delete(t.c.conns, t)
		t.c.connsMu.Unlock()
	})
	return t.Conn.Close()
}
