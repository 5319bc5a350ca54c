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
// sends each one again, with the same Nats-Msg-Id, until JetStream acknowledges it. Safe for
// concurrent use.
//
// Its goroutine (resend) runs until stop is called; the acknowledgement callbacks only hand work
// to it and never block.
type publisher struct {
	ap      *bus.AckPublisher // set once by start, before the first publish
	nc      *nats.Conn
	win     *window
	met     *metrics
	resends chan *flight  // failed publishes; never full: it holds at most one entry per pending
	stopped chan struct{} // closed by stop
	done    chan struct{} // closed when resend returns
	stopOne sync.Once

	mu      sync.Mutex
	pending int           // publishes sent and not yet acknowledged
	empty   chan struct{} // closed when pending becomes 0; nil when nobody waits
}

// A flight is one message between its first send and its acknowledgement. Flights are recycled
// (newFlight) once acknowledged, with their JSON buffer.
type flight struct {
	subject string
	id      string      // Nats-Msg-Id
	hdr     nats.Header // more headers (dead letters); nil for events
	data    []byte      // what is sent: buf, or a dead letter's raw update
	buf     []byte      // the flight's own buffer, kept across recycling

	st      *streamState
	slot    uint64
	sent    time.Time
	created time.Time // the update's created_at from the provider; zero when absent
	program string    // for the published metric; "" for dead letters
	kind    string

	attempts int       // failures so far
	retryAt  time.Time // not resent before this
	err      error     // the last failure
}

// flights recycles acknowledged flights and their buffers.
var flights = sync.Pool{New: func() any { return new(flight) }}

// newFlight returns an empty flight whose buf may have capacity from an earlier message.
func newFlight() *flight {
	f := flights.Get().(*flight)
	buf := f.buf[:0]
	*f = flight{buf: buf}
	return f
}

func newPublisher(nc *nats.Conn, size int, met *metrics) *publisher {
	return &publisher{
		nc:      nc,
		win:     newWindow(size),
		met:     met,
		resends: make(chan *flight, size),
		stopped: make(chan struct{}),
		done:    make(chan struct{}),
	}
}

// start sets up the acknowledgement subscription; timeout is how long a publish may wait for its
// acknowledgement before it is sent again.
func (p *publisher) start(timeout time.Duration) error {
	ap, err := bus.NewAckPublisher(p.nc, bus.AckConfig{Timeout: timeout, OnAck: func(token any, ack bus.Ack, err error) {
		f := token.(*flight)
		if err != nil {
			p.failed(f, err)
			return
		}
		p.acked(f, ack)
	}})
	if err != nil {
		return err
	}
	p.ap = ap
	return nil
}

// publish sends f for its stream, waiting for room in the window (high-priority streams first)
// until ctx ends, which is the only error it returns. From then on f is the publisher's: it is
// sent until acknowledged, or until stop. f.slot is the slot of the update f came from: the
// stream's checkpoint stays at or before it until f is acknowledged.
func (p *publisher) publish(ctx context.Context, f *flight) error {
	if err := p.acquire(ctx, f.st.group); err != nil {
		return err
	}
	f.st.hold(f.slot)
	f.sent = time.Now()
	p.mu.Lock()
	p.pending++
	p.mu.Unlock()
	p.send(f)
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

// send hands f to NATS; a failure to send at all goes to resend like a failed ack.
func (p *publisher) send(f *flight) {
	if err := p.ap.Publish(f.subject, f.id, f.hdr, f.data, f); err != nil {
		p.failed(f, err)
	}
}

// acked is JetStream's acknowledgement of f.
func (p *publisher) acked(f *flight, ack bus.Ack) {
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
	flights.Put(f)

	p.mu.Lock()
	if p.pending--; p.pending == 0 && p.empty != nil {
		close(p.empty)
		p.empty = nil
	}
	p.mu.Unlock()
}

// failed is a failed publish of f (an error ack, a timeout, a reconnect, or a send that could
// not go out): it is queued for resend. It never blocks.
func (p *publisher) failed(f *flight, err error) {
	f.err = err
	f.attempts++
	f.retryAt = time.Now().Add(min(50*time.Millisecond<<min(f.attempts-1, 6), maxResendBackoff))
	p.met.retries.WithLabelValues(retryReason(err)).Inc()
	select {
	case p.resends <- f: // room for every pending message: never blocks
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
		var f *flight
		select {
		case f = <-p.resends:
		case <-p.stopped:
			return
		}
		wait := time.Until(f.retryAt)
		for {
			if !p.sleep(wait) {
				return
			}
			if p.nc.IsConnected() {
				break
			}
			wait = 50 * time.Millisecond
		}
		p.send(f)
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
	return p.pending
}

// flush waits until every publish is acknowledged or ctx ends, and returns how many are not.
func (p *publisher) flush(ctx context.Context) int {
	for {
		p.mu.Lock()
		n := p.pending
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

// stop ends resend and the acknowledgement subscription, and waits for resend; later calls do
// nothing. Publishes still pending are not acknowledged any more.
func (p *publisher) stop() {
	p.stopOne.Do(func() {
		close(p.stopped)
		<-p.done
		if p.ap != nil {
			p.ap.Close()
		}
	})
}
