package bus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/geyserjet/geyserjet/pkg/secret"
)

// Reconnect defaults of Connect.
const (
	// DefaultReconnectBufSize is how many bytes of publishes a connection buffers while it
	// reconnects; past that a publish fails at once (nats.ErrReconnectBufExceeded).
	DefaultReconnectBufSize = 32 << 20
	// MinReconnectWait and MaxReconnectWait bound the backoff between reconnect attempts: it starts
	// at the minimum, doubles per failed attempt up to the maximum, with up to 20% jitter.
	MinReconnectWait = 100 * time.Millisecond
	MaxReconnectWait = 5 * time.Second
)

// A ConnectOption configures Connect.
type ConnectOption func(*connectOptions)

type connectOptions struct {
	logger       *slog.Logger
	user         string
	password     secret.Value
	token        secret.Value
	credsFile    string
	reconnectBuf int
	natsOpts     []nats.Option
}

// WithLogger makes the connection log its lifecycle to l: connect and reconnect (Info),
// disconnect and asynchronous errors such as slow consumers (Warn), close (Info). Logs carry the
// server URL without user info, never credentials. The default discards.
func WithLogger(l *slog.Logger) ConnectOption {
	return func(o *connectOptions) { o.logger = l }
}

// WithUserPassword authenticates with a user and password.
func WithUserPassword(user string, password secret.Value) ConnectOption {
	return func(o *connectOptions) { o.user, o.password = user, password }
}

// WithToken authenticates with a token.
func WithToken(token secret.Value) ConnectOption {
	return func(o *connectOptions) { o.token = token }
}

// WithCredsFile authenticates with a NATS credentials file (user JWT and nkey seed); the path is
// not secret, the file is.
func WithCredsFile(path string) ConnectOption {
	return func(o *connectOptions) { o.credsFile = path }
}

// WithReconnectBufSize sets how many bytes of publishes the connection buffers while it
// reconnects (default DefaultReconnectBufSize; negative disables buffering).
func WithReconnectBufSize(n int) ConnectOption {
	return func(o *connectOptions) { o.reconnectBuf = n }
}

// WithNATSOptions appends options for nats.Connect after Connect's own, so they win. Pass no
// credentials here: they would not be kept out of errors; use the secret.Value options.
func WithNATSOptions(opts ...nats.Option) ConnectOption {
	return func(o *connectOptions) { o.natsOpts = append(o.natsOpts, opts...) }
}

// Connect connects to the NATS server(s) at url (comma-separated for several) as name, the
// client name servers show in their monitoring. url may carry user info
// (nats://user:password@host:4222), which no error or log of Connect shows; prefer the
// WithUserPassword, WithToken and WithCredsFile options, which keep credentials in secret.Values.
//
// The connection reconnects forever, with exponential backoff and jitter between
// MinReconnectWait and MaxReconnectWait, buffering publishes meanwhile (WithReconnectBufSize), and
// pings every 10 s so that a dead server is noticed within 30 s.
//
// Connect makes one attempt over the servers in url; ctx bounds it (dialing stops when ctx ends)
// and is not used after Connect returns. Errors name no credentials; errors.Is finds the nats
// sentinel (nats.ErrAuthorization, nats.ErrNoServers, …) or ctx's error. The caller closes (or
// drains) the returned connection. Connect is safe for concurrent use.
func Connect(ctx context.Context, url, name string, opts ...ConnectOption) (*nats.Conn, error) {
	o := connectOptions{logger: slog.New(slog.DiscardHandler), reconnectBuf: DefaultReconnectBufSize}
	for _, opt := range opts {
		opt(&o)
	}
	secrets := o.secrets(url)
	log := o.logger.With("nats_url", Redact(url), "nats_name", name)

	dialer := &ctxDialer{ctx: ctx}
	nopts := []nats.Option{
		nats.Name(name),
		nats.MaxReconnects(-1),
		nats.CustomReconnectDelay(reconnectDelay),
		nats.ReconnectBufSize(o.reconnectBuf),
		nats.PingInterval(10 * time.Second),
		nats.MaxPingsOutstanding(3),
		nats.SetCustomDialer(dialer),
		nats.ConnectHandler(func(nc *nats.Conn) {
			log.Info("nats connected", "server", Redact(nc.ConnectedUrlRedacted()))
		}),
		nats.DisconnectErrHandler(func(nc *nats.Conn, err error) {
			if err != nil {
				log.Warn("nats disconnected", "err", scrub(err, secrets).Error())
			} else if !nc.IsClosed() {
				log.Warn("nats disconnected")
			}
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) {
			log.Info("nats reconnected", "server", Redact(nc.ConnectedUrlRedacted()), "reconnects", nc.Stats().Reconnects)
		}),
		nats.ReconnectErrHandler(func(nc *nats.Conn, err error) {
			log.Debug("nats reconnect attempt failed", "err", scrub(err, secrets).Error())
		}),
		nats.ClosedHandler(func(nc *nats.Conn) {
			if err := nc.LastError(); err != nil {
				log.Info("nats connection closed", "err", scrub(err, secrets).Error())
				return
			}
			log.Info("nats connection closed")
		}),
		nats.ErrorHandler(func(nc *nats.Conn, sub *nats.Subscription, err error) {
			attrs := []any{"err", scrub(err, secrets).Error()}
			if sub != nil {
				attrs = append(attrs, "subject", sub.Subject)
			}
			log.Warn("nats async error", attrs...)
		}),
	}
	if o.user != "" || !o.password.IsZero() {
		nopts = append(nopts, nats.UserInfo(o.user, o.password.Reveal()))
	}
	if !o.token.IsZero() {
		nopts = append(nopts, nats.Token(o.token.Reveal()))
	}
	if o.credsFile != "" {
		nopts = append(nopts, nats.UserCredentials(o.credsFile))
	}
	if d, ok := ctx.Deadline(); ok {
		if t := time.Until(d); t > 0 && t < nats.DefaultTimeout {
			nopts = append(nopts, nats.Timeout(t)) // the handshake after the dial too
		}
	}
	nopts = append(nopts, o.natsOpts...)

	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("bus: connect %s: %w", Redact(url), err)
	}
	nc, err := nats.Connect(url, nopts...)
	dialer.done.Store(true)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
			err = errors.Join(err, ctxErr)
		}
		return nil, fmt.Errorf("bus: connect %s: %w", Redact(url), scrub(err, secrets))
	}
	return nc, nil
}

// secrets lists the credentials Connect holds, to scrub them from error texts should a library
// ever quote one.
func (o *connectOptions) secrets(rawURL string) []string {
	var s []string
	for _, v := range []secret.Value{o.password, o.token} {
		if !v.IsZero() {
			s = append(s, v.Reveal())
		}
	}
	for _, one := range strings.Split(rawURL, ",") {
		u, err := url.Parse(strings.TrimSpace(one))
		if err != nil || u.User == nil {
			continue
		}
		if p, ok := u.User.Password(); ok && p != "" {
			s = append(s, p)
		} else if name := u.User.Username(); name != "" {
			s = append(s, name) // nats://token@host: the user part is a token
		}
	}
	return s
}

// scrubbed is an error whose text has credentials replaced; it unwraps to the original.
type scrubbed struct {
	msg string
	err error
}

func (e *scrubbed) Error() string { return e.msg }
func (e *scrubbed) Unwrap() error { return e.err }

// scrub returns err, or an error that reads the same with every secret replaced by
// "[redacted]" and unwraps to err.
func scrub(err error, secrets []string) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	changed := false
	for _, s := range secrets {
		if len(s) >= 3 && strings.Contains(msg, s) {
			msg = strings.ReplaceAll(msg, s, secret.Redacted)
			changed = true
		}
	}
	if urlUserInfo.MatchString(msg) {
		msg = urlUserInfo.ReplaceAllString(msg, "$1")
		changed = true
	}
	if !changed {
		return err
	}
	return &scrubbed{msg: msg, err: err}
}

// reconnectDelay is the backoff before reconnect attempt n (1-based): MinReconnectWait doubling
// up to MaxReconnectWait, minus up to 20% jitter so that clients do not reconnect in lockstep.
func reconnectDelay(attempts int) time.Duration {
	d := MaxReconnectWait
	if attempts < 16 {
		d = min(MinReconnectWait<<max(attempts-1, 0), MaxReconnectWait)
	}
	return d - time.Duration(rand.Int64N(int64(d)/5+1))
}

// ctxDialer dials with the ctx given to Connect until Connect returns, then without it: ctx bounds
// the first connect, never later reconnects.
type ctxDialer struct {
	ctx  context.Context
	done atomic.Bool
}

func (d *ctxDialer) Dial(network, address string) (net.Conn, error) {
	ctx := d.ctx
	if d.done.Load() {
		ctx = context.Background()
	}
	dl := net.Dialer{Timeout: nats.DefaultTimeout}
	return dl.DialContext(ctx, network, address)
}

// Redact returns rawURL, or each of a comma-separated list, without user info (user, password or
// token) and query, for logs and errors: nats://u:p@host:4222 becomes nats://host:4222. A URL that
// does not parse loses everything before its last '@'.
func Redact(rawURL string) string {
	parts := strings.Split(rawURL, ",")
	for i, p := range parts {
		parts[i] = redactOne(strings.TrimSpace(p))
	}
	return strings.Join(parts, ",")
}

func redactOne(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Opaque != "" {
		if at := strings.LastIndexByte(raw, '@'); at >= 0 {
			scheme := ""
			if i := strings.Index(raw, "://"); i >= 0 && i < at {
				scheme = raw[:i+3]
			}
			return scheme + raw[at+1:]
		}
		return raw
	}
	if u.Host == "" && u.User == nil && !strings.Contains(raw, "://") {
		return raw // host:port without a scheme
	}
	u.User = nil
	u.RawQuery = ""
	u.Fragment = ""
	return u.String()
}

// Check returns a health check (a health.CheckFunc) that fails while nc is not connected, saying
// its status (RECONNECTING, CLOSED, …). Safe for concurrent use.
func Check(nc *nats.Conn) func(context.Context) error {
	return func(context.Context) error {
		if st := nc.Status(); st != nats.CONNECTED {
			return fmt.Errorf("nats %s: %s", Redact(nc.Opts.Url), st)
		}
		return nil
	}
}
