package geysersim

import (
	"context"
	"crypto/subtle"
	"net"
	"sync"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/stats"
	"google.golang.org/grpc/status"
)

// Refusals, each with the code and message a provider sends. The auth, stream-limit and lag
// messages are the Yellowstone plugin's; the two connection limits read like a provider's
// connection rate limiter (no public source quotes their exact text).
const (
	msgUnauthenticated = "No valid auth token"
	msgMaxStreams      = "max subscription limit exceeded"
	msgMaxConns        = "max connections limit exceeded"
	msgLagged          = "lagged to send an update"
	msgShutdown        = "server is shutting down try again later"
)

var (
	errLagged   = status.Error(codes.Internal, msgLagged)
	errShutdown = status.Error(codes.Unavailable, msgShutdown)
)

func errDialRate(limit int, window time.Duration) error {
	return status.Errorf(codes.ResourceExhausted, "connection rate limit exceeded: at most %d new connections per %s", limit, window)
}

// Dial is one connection attempt as the server saw it.
type Dial struct {
	Time     time.Time `json:"time"`
	Conn     uint64    `json:"conn"`
	Remote   string    `json:"remote"`
	Accepted bool      `json:"accepted"`
	Code     string    `json:"code,omitempty"`   // the gRPC code of a refusal
	Reason   string    `json:"reason,omitempty"` // the message of a refusal
}

// connState is one HTTP/2 connection. It is decided (accepted or refused) at its first RPC with a
// valid token; a refusal sticks to the connection, as a provider closes it.
type connState struct {
	id     uint64
	remote string

	mu         sync.Mutex
	decided    bool
	err        error // the refusal
	accepted   bool
	authFailed bool // a refused unauthenticated attempt is recorded once
	streams    int
}

type connKey struct{}

// limits admits connections and streams and records every dial.
type limits struct {
	token      string
	dialLimit  int
	dialWindow time.Duration
	maxConns   int
	maxStreams int
	now        func() time.Time
	onDial     func(Dial)

	mu          sync.Mutex
	nextConn    uint64
	windows     map[string][]time.Time // accepted dial times per token, inside the window
	open        int
	maxInWindow int
	accepted    int
	refused     int
	dials       []Dial // the most recent maxDialLog
}

const maxDialLog = 100_000

func (l *limits) record(d Dial) {
	// callers hold mu
	if d.Accepted {
		l.accepted++
	} else {
		l.refused++
	}
	if len(l.dials) == maxDialLog {
		copy(l.dials, l.dials[1:])
		l.dials = l.dials[:maxDialLog-1]
	}
	l.dials = append(l.dials, d)
	if l.onDial != nil {
		l.onDial(d)
	}
}

// refuseConn records a connection the listener closed at once (the refuse_dials fault).
func (l *limits) refuseConn(remote string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.nextConn++
	l.record(Dial{Time: l.now(), Conn: l.nextConn, Remote: remote, Code: codes.Unavailable.String(), Reason: "refused by fault refuse_dials"})
}

// TagConn gives each connection its state.
func (l *limits) TagConn(ctx context.Context, info *stats.ConnTagInfo) context.Context {
	l.mu.Lock()
	l.nextConn++
	cs := &connState{id: l.nextConn}
	l.mu.Unlock()
	if info.RemoteAddr != nil {
		cs.remote = info.RemoteAddr.String()
	}
	return context.WithValue(ctx, connKey{}, cs)
}

// HandleConn releases an accepted connection's slot when it ends.
func (l *limits) HandleConn(ctx context.Context, s stats.ConnStats) {
	if _, ok := s.(*stats.ConnEnd); !ok {
		return
	}
	cs, _ := ctx.Value(connKey{}).(*connState)
	if cs == nil {
		return
	}
	cs.mu.Lock()
	acc := cs.accepted
	cs.accepted = false
	cs.mu.Unlock()
	if acc {
		l.mu.Lock()
		l.open--
		l.mu.Unlock()
	}
}

func (l *limits) TagRPC(ctx context.Context, _ *stats.RPCTagInfo) context.Context { return ctx }
func (l *limits) HandleRPC(context.Context, stats.RPCStats)                       {}

// admit checks the token of an RPC and decides its connection at its first valid RPC. It returns
// the status error to answer with.
func (l *limits) admit(ctx context.Context) (*connState, error) {
	cs, _ := ctx.Value(connKey{}).(*connState)
	if cs == nil {
		return nil, status.Error(codes.Internal, "geysersim: connection without state")
	}
	var tok string
	if md, ok := metadata.FromIncomingContext(ctx); ok {
		if v := md.Get("x-token"); len(v) > 0 {
			tok = v[0]
		}
	}
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if l.token != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(l.token)) != 1 {
		if !cs.decided && !cs.authFailed {
			cs.authFailed = true
			l.mu.Lock()
			l.record(Dial{Time: l.now(), Conn: cs.id, Remote: cs.remote, Code: codes.Unauthenticated.String(), Reason: msgUnauthenticated})
			l.mu.Unlock()
		}
		return cs, status.Error(codes.Unauthenticated, msgUnauthenticated)
	}
	if cs.decided {
		return cs, cs.err
	}
	cs.decided = true
	cs.err = l.decide(cs, tok)
	cs.accepted = cs.err == nil
	return cs, cs.err
}

func (l *limits) decide(cs *connState, tok string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	d := Dial{Time: now, Conn: cs.id, Remote: cs.remote}
	var err error
	win := l.windows[tok]
	if l.dialLimit >= 0 {
		cut := 0
		for cut < len(win) && !win[cut].After(now.Add(-l.dialWindow)) {
			cut++
		}
		win = win[cut:]
	}
	switch {
	case l.dialLimit >= 0 && len(win) >= l.dialLimit:
		err = errDialRate(l.dialLimit, l.dialWindow)
	case l.maxConns > 0 && l.open >= l.maxConns:
		err = status.Error(codes.ResourceExhausted, msgMaxConns)
	}
	if err != nil {
		l.windows[tok] = win
		st := status.Convert(err)
		d.Code, d.Reason = st.Code().String(), st.Message()
		l.record(d)
		return err
	}
	win = append(win, now)
	l.windows[tok] = win
	l.maxInWindow = max(l.maxInWindow, len(win))
	l.open++
	d.Accepted = true
	l.record(d)
	return nil
}

// openStream counts a Subscribe stream on cs, refusing beyond maxStreams.
func (l *limits) openStream(cs *connState) error {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if l.maxStreams > 0 && cs.streams >= l.maxStreams {
		return status.Error(codes.ResourceExhausted, msgMaxStreams)
	}
	cs.streams++
	return nil
}

func (l *limits) closeStream(cs *connState) {
	cs.mu.Lock()
	cs.streams--
	cs.mu.Unlock()
}

// listener tracks accepted connections, so that the disconnect fault can close them, and closes
// new ones at once while the refuse_dials fault lasts.
type listener struct {
	net.Listener
	refuse func() bool
	lim    *limits

	mu    sync.Mutex
	conns map[*trackedConn]struct{}
}

type trackedConn struct {
	net.Conn
	l    *listener
	once sync.Once
}

func (c *trackedConn) Close() error {
	c.once.Do(func() {
		c.l.mu.Lock()
		delete(c.l.conns, c)
		c.l.mu.Unlock()
	})
	return c.Conn.Close()
}

func (l *listener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if l.refuse() {
			l.lim.refuseConn(c.RemoteAddr().String())
			c.Close()
			continue
		}
		tc := &trackedConn{Conn: c, l: l}
		l.mu.Lock()
		l.conns[tc] = struct{}{}
		l.mu.Unlock()
		return tc, nil
	}
}

// closeAll closes every open connection and returns how many.
func (l *listener) closeAll() int {
	l.mu.Lock()
	cs := make([]*trackedConn, 0, len(l.conns))
	for c := range l.conns {
		cs = append(cs, c)
	}
	l.mu.Unlock()
	for _, c := range cs {
		c.Close()
	}
	return len(cs)
}
