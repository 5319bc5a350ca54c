package bus

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// DefaultAckTimeout is how long an AckPublisher waits for an acknowledgement by default.
const DefaultAckTimeout = 5 * time.Second

// ErrPublisherClosed means the AckPublisher was closed: Publish returns it after Close, and
// Close reports the publishes still waiting for their acknowledgement with it.
var ErrPublisherClosed = errors.New("bus: ack publisher closed")

// errNoStream is the error of a publish that no stream listens for: the server answered with
// status 503, no responders.
var errNoStream = fmt.Errorf("%w: %w", jetstream.ErrNoStreamResponse, nats.ErrNoResponders)

// An Ack is JetStream's acknowledgement of a publish.
type Ack struct {
	Stream string // the stream that holds the message
	Seq    uint64 // its sequence in Stream; for a duplicate, the sequence of the message it repeats
	// Duplicate means the stream already held a message with the same Nats-Msg-Id within its
	// duplicate window, and did not store this one.
	Duplicate bool
}

// AckConfig configures an AckPublisher. A zero field means its documented default.
type AckConfig struct {
	// Timeout: a publish not acknowledged within it is reported with an error wrapping
	// jetstream.ErrAsyncPublishTimeout. Default DefaultAckTimeout.
	Timeout time.Duration
	// OnAck is called exactly once for every Publish that returned nil, with the token given to
	// Publish and either the acknowledgement or an error (then ack is zero):
	//   - the server's API error, wrapping a *jetstream.APIError (errors.As gives the code and
	//     description), such as a wrong expected last sequence or a message too large;
	//   - no stream for the subject: wraps nats.ErrNoResponders and jetstream.ErrNoStreamResponse;
	//   - no acknowledgement within Timeout: wraps jetstream.ErrAsyncPublishTimeout;
	//   - the connection was lost while the acknowledgement was pending (it may never come):
	//     wraps nats.ErrDisconnected, or nats.ErrConnectionClosed once the connection is closed;
	//   - Close while it was pending: wraps ErrPublisherClosed;
	//   - an acknowledgement that does not parse: wraps jetstream.ErrInvalidJSAck.
	// The message may have been stored even after an error; publishing it again with the same
	// Nats-Msg-Id is safe within the stream's duplicate window. Required.
	//
	// OnAck must not block and must not call Close. It is called from the connection's
	// subscription goroutine, the publisher's goroutine and, for Close, the goroutine calling
	// Close, concurrently for different publishes.
	OnAck func(token any, ack Ack, err error)
}

// An AckPublisher publishes to JetStream streams asynchronously and reports each publish's
// acknowledgement, or its failure, to AckConfig.OnAck. It speaks JetStream's publish protocol over
// core NATS, like jetstream.PublishMsgAsync, with less work per message: no timer, future or
// copied message per publish and no reflection to read the common acknowledgements. It does not
// retry and does not bound the publishes in flight: that is the caller's window.
//
// It subscribes to a private inbox for the acknowledgements, without a pending limit, so that
// no acknowledgement is dropped as a slow consumer (a slow OnAck grows that queue instead);
// nats.go restores the subscription after a reconnect. It runs one goroutine, which expires
// timeouts and reacts to the connection's status, until Close. To finish without losing
// acknowledgements, wait until Pending is 0 (or OnAck has answered every publish) before Close,
// and Close before draining or closing the connection. Safe for concurrent use.
type AckPublisher struct {
	nc      *nats.Conn
	onAck   func(token any, ack Ack, err error)
	timeout time.Duration
	prefix  string // reply subjects are prefix followed by the publish's id in base 36
	sub     *nats.Subscription
	status  chan nats.Status
	epoch   time.Time      // deadlines count nanoseconds from here, on the monotonic clock
	stop    chan struct{}  // closed by Close
	done    chan struct{}  // closed when run returns
	calls   sync.WaitGroup // OnAck calls in progress from handleAck
	stream  string         // the last stream acknowledged, reused for its name; only handleAck touches it

	// mu guards the fields below. It is held while a publish is written to the connection's
	// buffer, never while OnAck runs.
	mu      sync.Mutex
	closed  bool
	next    uint64                // id of the next publish
	oldest  uint64                // no id below it is pending; it is, unless oldest == next
	pending map[uint64]pendingPub // by id
	reply   []byte                // the reply subject being built
	msg     nats.Msg              // the message being published
	hdr     nats.Header           // msg's header; empty between publishes
	msgID   [1]string             // the Nats-Msg-Id value in hdr
}

// pendingPub is a publish waiting for its acknowledgement.
type pendingPub struct {
	token    any
	subject  string
	deadline int64 // nanoseconds since epoch
}

// NewAckPublisher returns a publisher on nc, which must stay open until Close; it subscribes to
// a new inbox on nc (under nc's inbox prefix). It fails without OnAck, with a negative Timeout,
// or when it cannot subscribe (nats.ErrConnectionClosed, …). The caller must Close it.
func NewAckPublisher(nc *nats.Conn, cfg AckConfig) (*AckPublisher, error) {
	switch {
	case nc == nil:
		return nil, errors.New("bus: new ack publisher: nil connection")
	case cfg.OnAck == nil:
		return nil, errors.New("bus: new ack publisher: OnAck is required")
	case cfg.Timeout < 0:
		return nil, fmt.Errorf("bus: new ack publisher: negative timeout %v", cfg.Timeout)
	case cfg.Timeout == 0:
		cfg.Timeout = DefaultAckTimeout
	}
	p := &AckPublisher{
		nc:      nc,
		onAck:   cfg.OnAck,
		timeout: cfg.Timeout,
		prefix:  nc.NewInbox() + ".",
		epoch:   time.Now(),
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
		pending: make(map[uint64]pendingPub),
		hdr:     make(nats.Header, 4),
	}
	p.msg.Header = p.hdr
	sub, err := nc.Subscribe(p.prefix+"*", p.handleAck)
	if err != nil {
		return nil, fmt.Errorf("bus: new ack publisher: subscribe: %w", err)
	}
	if err := sub.SetPendingLimits(-1, -1); err != nil {
		_ = sub.Unsubscribe()
		return nil, fmt.Errorf("bus: new ack publisher: pending limits: %w", err)
	}
	p.sub = sub
	p.status = nc.StatusChanged(nats.RECONNECTING, nats.CLOSED)
	go p.run()
	return p, nil
}

// Publish sends data to subject with hdr's entries and, unless msgID is empty, the header
// Nats-Msg-Id: msgID (replacing one in hdr), and returns without waiting for the
// acknowledgement, which goes to OnAck with token. hdr may be nil. Publish copies data and hdr
// into the connection's buffer and keeps neither: the caller may reuse them once it returns. It
// does not wait for room: bounding the publishes in flight is the caller's business.
//
// An error means nothing was sent and OnAck will not be called for this publish: it wraps
// ErrPublisherClosed after Close, or the connection's error (nats.ErrConnectionClosed,
// nats.ErrReconnectBufExceeded, nats.ErrMaxPayload, nats.ErrBadSubject, …). While the connection
// reconnects, Publish buffers as nats.go does; see AckConfig.OnAck for what follows.
// Safe for concurrent use.
func (p *AckPublisher) Publish(subject, msgID string, hdr nats.Header, data []byte, token any) error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return fmt.Errorf("bus: publish %s: %w", subject, ErrPublisherClosed)
	}
	id := p.next
	p.reply = strconv.AppendUint(append(p.reply[:0], p.prefix...), id, 36)
	for k, v := range hdr {
		p.hdr[k] = v
	}
	if msgID != "" {
		p.msgID[0] = msgID
		p.hdr[nats.MsgIdHdr] = p.msgID[:]
	}
	p.msg.Subject, p.msg.Reply, p.msg.Data = subject, string(p.reply), data
	err := p.nc.PublishMsg(&p.msg)
	// Keep nothing of the caller's.
	p.msg.Subject, p.msg.Reply, p.msg.Data = "", "", nil
	clear(p.hdr)
	p.msgID[0] = ""
	if err != nil {
		p.mu.Unlock()
		return fmt.Errorf("bus: publish %s: %w", subject, err)
	}
	p.next++
	p.pending[id] = pendingPub{token: token, subject: subject, deadline: p.now() + int64(p.timeout)}
	p.mu.Unlock()
	return nil
}

// Pending returns how many publishes wait for their acknowledgement. Safe for concurrent use.
func (p *AckPublisher) Pending() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.pending)
}

// Close stops the publisher: it unsubscribes, stops its goroutine, and reports every publish
// still waiting for its acknowledgement to OnAck, from the calling goroutine, with an error
// wrapping ErrPublisherClosed, before it returns. After Close, OnAck is not called again and
// Publish fails with ErrPublisherClosed. Close does not close the connection. Later calls do
// nothing. Close must not be called from OnAck. Safe for concurrent use.
func (p *AckPublisher) Close() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	left := p.takeAllLocked()
	p.mu.Unlock()

	close(p.stop)
	<-p.done
	p.calls.Wait() // handleAck adds only while not closed
	_ = p.sub.Unsubscribe()
	p.nc.RemoveStatusListener(p.status)
	p.report(left, ErrPublisherClosed)
}

// now returns the time in nanoseconds since epoch.
func (p *AckPublisher) now() int64 { return int64(time.Since(p.epoch)) }

// handleAck handles a message on the reply subscription: nats.go calls it on one goroutine.
func (p *AckPublisher) handleAck(m *nats.Msg) {
	s, ok := strings.CutPrefix(m.Subject, p.prefix)
	if !ok {
		return
	}
	id, err := strconv.ParseUint(s, 36, 64)
	if err != nil {
		return
	}
	ack, err := p.parseAck(m)

	p.mu.Lock()
	pp, ok := p.pending[id]
	if !ok { // reported already: timed out, lost with the connection, or closed
		p.mu.Unlock()
		return
	}
	delete(p.pending, id)
	if id == p.oldest {
		p.advanceLocked()
	}
	p.calls.Add(1)
	p.mu.Unlock()

	if err != nil {
		err = fmt.Errorf("bus: publish %s: %w", pp.subject, err)
	}
	p.onAck(pp.token, ack, err)
	p.calls.Done()
}

// advanceLocked moves oldest past the ids no longer pending. Each id is passed once: constant
// time per publish on average.
func (p *AckPublisher) advanceLocked() {
	for p.oldest < p.next {
		if _, ok := p.pending[p.oldest]; ok {
			return
		}
		p.oldest++
	}
}

// run expires timeouts and reports the pending publishes when the connection is lost, until
// Close. Deadlines grow with ids, as every publish has the same timeout, so the oldest pending
// publish expires first and run sleeps until its deadline; with nothing pending it sleeps a
// whole timeout, as nothing published meanwhile can expire sooner.
func (p *AckPublisher) run() {
	defer close(p.done)
	t := time.NewTimer(p.timeout)
	defer t.Stop()
	var expired []pendingPub
	for {
		select {
		case <-p.stop:
			return
		case st, ok := <-p.status:
			if !ok {
				return
			}
			p.mu.Lock()
			lost := p.takeAllLocked()
			p.mu.Unlock()
			if st == nats.CLOSED {
				p.report(lost, nats.ErrConnectionClosed)
			} else {
				p.report(lost, fmt.Errorf("connection lost with the ack pending: %w", nats.ErrDisconnected))
			}
		case <-t.C:
			var wait time.Duration
			expired, wait = p.expire(expired[:0])
			for _, pp := range expired {
				p.onAck(pp.token, Ack{}, fmt.Errorf("bus: publish %s: no ack within %v: %w",
					pp.subject, p.timeout, jetstream.ErrAsyncPublishTimeout))
			}
			clear(expired) // keep no tokens
			t.Reset(wait)
		}
	}
}

// expire removes the publishes past their deadline, appending them to buf, and returns how long
// until the next deadline.
func (p *AckPublisher) expire(buf []pendingPub) ([]pendingPub, time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	for ; p.oldest < p.next; p.oldest++ {
		pp, ok := p.pending[p.oldest]
		if !ok {
			continue
		}
		if pp.deadline > now {
			return buf, time.Duration(pp.deadline - now)
		}
		delete(p.pending, p.oldest)
		buf = append(buf, pp)
	}
	return buf, p.timeout
}

// takeAllLocked removes every pending publish and returns them in the order they were published.
func (p *AckPublisher) takeAllLocked() []pendingPub {
	if len(p.pending) == 0 {
		return nil
	}
	ids := make([]uint64, 0, len(p.pending))
	for id := range p.pending {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	all := make([]pendingPub, len(ids))
	for i, id := range ids {
		all[i] = p.pending[id]
	}
	clear(p.pending)
	p.oldest = p.next
	return all
}

// report calls OnAck for each of pps with an error wrapping err.
func (p *AckPublisher) report(pps []pendingPub, err error) {
	for _, pp := range pps {
		p.onAck(pp.token, Ack{}, fmt.Errorf("bus: publish %s: %w", pp.subject, err))
	}
}

// parseAck returns the acknowledgement in m, or the reason the publish failed.
func (p *AckPublisher) parseAck(m *nats.Msg) (Ack, error) {
	if len(m.Data) == 0 && m.Header != nil {
		switch st := m.Header.Get("Status"); st {
		case "":
		case "503":
			return Ack{}, errNoStream
		default:
			return Ack{}, fmt.Errorf("%w: status %s %s", jetstream.ErrInvalidJSAck, st, m.Header.Get("Description"))
		}
	}
	stream, seq, dup, ok := scanAck(m.Data)
	if !ok {
		return decodeAck(m.Data)
	}
	if string(stream) != p.stream { // no allocation for the comparison
		p.stream = string(stream)
	}
	return Ack{Stream: p.stream, Seq: seq, Duplicate: dup}, nil
}

// ackJSON is any publish response, acknowledgement or error.
type ackJSON struct {
	Error     *jetstream.APIError `json:"error"`
	Stream    string              `json:"stream"`
	Seq       uint64              `json:"seq"`
	Duplicate bool                `json:"duplicate"`
}

// decodeAck decodes a publish response with encoding/json: an error, or an acknowledgement in a
// shape scanAck does not know.
func decodeAck(b []byte) (Ack, error) {
	var a ackJSON
	if err := json.Unmarshal(b, &a); err != nil {
		return Ack{}, fmt.Errorf("%w: %w", jetstream.ErrInvalidJSAck, err)
	}
	if a.Error != nil {
		return Ack{}, a.Error
	}
	if a.Stream == "" {
		return Ack{}, fmt.Errorf("%w: no stream", jetstream.ErrInvalidJSAck)
	}
	return Ack{Stream: a.Stream, Seq: a.Seq, Duplicate: a.Duplicate}, nil
}

// scanAck reads the acknowledgements JetStream sends, `{"stream":"S","seq":1}` with optional
// "domain" and "duplicate" members, without reflection or allocation. ok is false for anything
// else, including JSON it could read but encoding/json might read differently (escapes, other
// members, numbers that are not plain uint64s), which decodeAck then decides.
func scanAck(b []byte) (stream []byte, seq uint64, dup, ok bool) {
	i := skipSpace(b, 0)
	if i >= len(b) || b[i] != '{' {
		return nil, 0, false, false
	}
	var haveStream, haveSeq bool
	i = skipSpace(b, i+1)
	for {
		key, j, good := scanString(b, i)
		if !good {
			return nil, 0, false, false
		}
		i = skipSpace(b, j)
		if i >= len(b) || b[i] != ':' {
			return nil, 0, false, false
		}
		i = skipSpace(b, i+1)
		switch string(key) {
		case "stream":
			if haveStream {
				return nil, 0, false, false
			}
			stream, i, good = scanString(b, i)
			haveStream = true
		case "seq":
			seq, i, good = scanUint(b, i)
			haveSeq = true
		case "duplicate":
			dup, i, good = scanBool(b, i)
		case "domain":
			_, i, good = scanString(b, i)
		default:
			return nil, 0, false, false
		}
		if !good {
			return nil, 0, false, false
		}
		i = skipSpace(b, i)
		if i >= len(b) {
			return nil, 0, false, false
		}
		if b[i] == '}' {
			break
		}
		if b[i] != ',' {
			return nil, 0, false, false
		}
		i = skipSpace(b, i+1)
	}
	if skipSpace(b, i+1) != len(b) || !haveStream || !haveSeq || len(stream) == 0 {
		return nil, 0, false, false
	}
	return stream, seq, dup, true
}

// skipSpace returns the index of the first byte at or after i that is not JSON white space.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// scanString reads a JSON string without escapes in valid UTF-8 at b[i:], returning its content
// and the index after it.
func scanString(b []byte, i int) (s []byte, next int, ok bool) {
	if i >= len(b) || b[i] != '"' {
		return nil, 0, false
	}
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			s = b[i+1 : j]
			return s, j + 1, utf8.Valid(s)
		case c == '\\' || c < 0x20:
			return nil, 0, false
		}
	}
	return nil, 0, false
}

// scanUint reads a JSON number at b[i:] that is an integer without sign, fraction or exponent
// and fits a uint64.
func scanUint(b []byte, i int) (n uint64, next int, ok bool) {
	j := i
	for ; j < len(b) && b[j] >= '0' && b[j] <= '9'; j++ {
		d := uint64(b[j] - '0')
		if n > (1<<64-1-d)/10 {
			return 0, 0, false
		}
		n = n*10 + d
	}
	switch {
	case j == i, b[i] == '0' && j > i+1: // no digits, or a leading zero
		return 0, 0, false
	case j < len(b) && (b[j] == '.' || b[j] == 'e' || b[j] == 'E'):
		return 0, 0, false
	}
	return n, j, true
}

// scanBool reads true or false at b[i:].
func scanBool(b []byte, i int) (v bool, next int, ok bool) {
	switch {
	case len(b)-i >= 4 && string(b[i:i+4]) == "true":
		return true, i + 4, true
	case len(b)-i >= 5 && string(b[i:i+5]) == "false":
		return false, i + 5, true
	}
	return false, 0, false
}
