package ingestor

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/geyserjet/geyserjet/pkg/bus"
	"github.com/geyserjet/geyserjet/pkg/subjects"
)

// publisher publishes messages asynchronously within a window of unacknowledged publishes and
// sends each one again, with the same message (so the same Nats-Msg-Id), until JetStream
// acknowledges it. Safe for concurrent use.
//
// Its goroutine (resend) runs until stop is called; the JetStream callbacks only hand work to
// it and never block.
type publisher struct {
	js      jetstream.JetStream // set once by setJS, before the first publish
	nc      *nats.Conn
	win     *window
	met     *metrics
	resends chan *nats.Msg // failed publishes; never full: it holds at most one entry per pending
	stopped chan struct{}  // closed by stop
	done    chan struct{}  // closed when resend returns
	stopOne sync.Once

	mu      sync.Mutex
	pending map[*nats.Msg]*flight // every publish sent and not yet acknowledged
	empty   chan struct{}         // closed when pending becomes empty; nil when nobody waits
}

// A flight is one message between its first send and its acknowledgement.
type flight struct {
	st       *streamState
	slot     uint64
	sent     time.Time
	created  time.Time // the update's created_at from the provider; zero when absent
	program  string    // for the published metric; "" for dead letters
	kind     string
	attempts int       // failures so far
	retryAt  time.Time // not resent before this
	err      error     // the last failure
}

func newPublisher(nc *nats.Conn, size int, met *metrics) *publisher {
	return &publisher{
		nc:      nc,
		win:     newWindow(size),
		met:     met,
		resends: make(chan *nats.Msg, size),
		stopped: make(chan struct{}),
		done:    make(chan struct{}),
		pending: make(map[*nats.Msg]*flight, size),
	}
}

// jsOptions are the JetStream options the publisher needs: a window as large as its own (so
// JetStream's never stalls), an acknowledgement timeout, and its callbacks.
func (p *publisher) jsOptions(timeout time.Duration) []jetstream.JetStreamOpt {
	return []jetstream.JetStreamOpt{
		jetstream.WithPublishAsyncMaxPending(cap(p.resends)),
		jetstream.WithPublishAsyncTimeout(timeout),
		jetstream.WithPublishAsyncAckHandler(func(_ jetstream.JetStream, m *nats.Msg, ack *jetstream.PubAck) { p.acked(m, ack) }),
		jetstream.WithPublishAsyncErrHandler(func(_ jetstream.JetStream, m *nats.Msg, err error) { p.failed(m, err) }),
	}
}

// publish sends m for stream st, waiting for room in the window (high-priority streams first)
// until ctx ends, which is the only error it returns. From then on m is the publisher's: it is
// sent until acknowledged, or until stop. slot is the slot of the update m came from: the
// stream's checkpoint stays at or before it until m is acknowledged.
func (p *publisher) publish(ctx context.Context, st *streamState, m *nats.Msg, slot uint64, created time.Time, program, kind string) error {
	if err := p.acquire(ctx, st.group); err != nil {
		return err
	}
	st.hold(slot)
	f := &flight{st: st, slot: slot, sent: time.Now(), created: created, program: program, kind: kind}
	p.mu.Lock()
	p.pending[m] = f
	p.mu.Unlock()
	p.send(m)
	return nil
}

func (p *publisher) acquire(ctx context.Context, prio subjects.Priority) error {
	p.win.mu.Lock()
	full := p.win.used >= p.win.size
	p.win.mu.Unlock()
	if full {
		p.met.windowWaits.WithLabelValues(string(prio)).Inc()
	}
	return p.win.acquire(ctx, prio)
}

// send hands m to JetStream; a failure to send at all goes to resend like a failed ack.
func (p *publisher) send(m *nats.Msg) {
	// The windows match, so JetStream's never stalls; PublishAsync copes if it ever does.
	if _, err := bus.PublishAsync(context.Background(), p.js, m); err != nil {
		p.failed(m, err)
	}
}

// acked is JetStream's acknowledgement of m.
func (p *publisher) acked(m *nats.Msg, ack *jetstream.PubAck) {
	p.mu.Lock()
	f, ok := p.pending[m]
	if !ok {
		p.mu.Unlock()
		return
	}
	delete(p.pending, m)
	if len(p.pending) == 0 && p.empty != nil {
		close(p.empty)
		p.empty = nil
	}
	p.mu.Unlock()

	p.met.publishLatency.Observe(time.Since(f.sent).Seconds())
	if !f.created.IsZero() && f.program != "" {
		p.met.sourceToAck.Observe(time.Since(f.created).Seconds())
	}
	if f.program != "" {
		p.met.published.WithLabelValues(f.program, f.kind).Inc()
		if ack.Duplicate {
			p.met.duplicates.WithLabelValues(f.program, f.kind).Inc()
		}
	}
	f.st.release(f.slot)
	p.win.release()
}

// failed is a failed publish of m (an error ack, a timeout, a reconnect, or a send that could
// not go out): it is queued for resend. It never blocks.
func (p *publisher) failed(m *nats.Msg, err error) {
	p.mu.Lock()
	f, ok := p.pending[m]
	if ok {
		f.err = err
		f.attempts++
		f.retryAt = time.Now().Add(min(50*time.Millisecond<<min(f.attempts-1, 6), maxResendBackoff))
	}
	p.mu.Unlock()
	if !ok {
		return
	}
	p.met.retries.WithLabelValues(retryReason(err)).Inc()
	select {
	case p.resends <- m: // room for every pending message: never blocks
	default:
		panic("ingestor: resend queue full") // a bookkeeping bug, not an input
	}
}

func retryReason(err error) string {
	switch {
	case errors.Is(err, jetstream.ErrAsyncPublishTimeout):
		return "timeout"
	case errors.Is(err, nats.ErrDisconnected), errors.Is(err, nats.ErrReconnectBufExceeded), errors.Is(err, nats.ErrConnectionClosed):
		return "disconnected"
	case errors.Is(err, jetstream.ErrNoStreamResponse), errors.Is(err, nats.ErrNoResponders):
		return "no_stream"
	default:
		return "error"
	}
}

// maxResendBackoff bounds the wait before a message's next resend.
const maxResendBackoff = 2 * time.Second

// resend sends failed messages again, each after a backoff that doubles with its failures (from
// 50 ms up to maxResendBackoff, counted from the failure, so that messages that failed together
// go out again together) and not before NATS is connected, until stop.
func (p *publisher) resend() {
	defer close(p.done)
	for {
		var m *nats.Msg
		select {
		case m = <-p.resends:
		case <-p.stopped:
			return
		}
		p.mu.Lock()
		f, ok := p.pending[m]
		var wait time.Duration
		if ok {
			wait = time.Until(f.retryAt)
		}
		p.mu.Unlock()
		if !ok {
			continue
		}
		for {
			if !p.sleep(wait) {
				return
			}
			if p.nc.IsConnected() {
				break
			}
			wait = 50 * time.Millisecond
		}
		p.send(m)
	}
}

// sleep waits d or until stop; it reports whether to go on.
func (p *publisher) sleep(d time.Duration) bool {
	if d <= 0 {
		select {
		case <-p.stopped:
			return false
		default:
			return true
		}
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-p.stopped:
		return false
	}
}

// inFlight returns how many publishes wait for their acknowledgement.
func (p *publisher) inFlight() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.pending)
}

// flush waits until every publish is acknowledged or ctx ends, and returns how many are not.
func (p *publisher) flush(ctx context.Context) int {
	for {
		p.mu.Lock()
		n := len(p.pending)
		if n == 0 {
			p.mu.Unlock()
			return 0
		}
		if p.empty == nil {
			p.empty = make(chan struct{})
		}
		empty := p.empty
		p.mu.Unlock()
		select {
		case <-empty:
		case <-ctx.Done():
			return p.inFlight()
		}
	}
}

// stop ends resend and waits for it; later calls do nothing.
func (p *publisher) stop() {
	p.stopOne.Do(func() {
		close(p.stopped)
		<-p.done
	})
}
