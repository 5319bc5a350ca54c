package yellowstone

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
)

// Subscribe runs one stream until ctx ends (then it returns nil) or handle returns an error
// (returned wrapped). Updates are passed to handle one at a time, in order; handle blocks for
// backpressure; each update is handle's to keep, or to hand back with Release once done with it.
// Pings are answered by the client and not passed on. After any stream or
// connection failure it resubscribes with from_slot = Checkpoint(), backing off with jitter.
//
// The first subscribe sends sc.Request as it is (with its FromSlot, if any); every resubscribe
// sends the latest filters (sc.Request, then whatever came on sc.Filters) with from_slot =
// Checkpoint(), or without from_slot after the provider answered that it no longer has it (a gap:
// counted, logged at Error, passed to OnError wrapping ErrOutOfRange). Refusals are passed to
// sc.OnError wrapping ErrRateLimited, ErrUnauthenticated or ErrNotWhitelisted, a stall wrapping
// ErrStalled; none of them ends Subscribe. sc.Filters is read while the stream is open (the filters
// go out on it at once) and while it backs off (they are used by the resubscribe). Subscribe returns ErrClosed (wrapped) when the Client is
// closed. Any number of Subscribe calls may run concurrently on one Client; they share its
// connection.
func (c *Client) Subscribe(ctx context.Context, sc StreamConfig, handle func(*pb.SubscribeUpdate) error) error {
	if handle == nil {
		return errors.New("yellowstone: subscribe: handle is nil")
	}
	sc = sc.withDefaults()
	s := &stream{c: c, sc: sc, handle: handle, met: c.met.stream(sc.Name), log: c.log.With("stream", sc.Name),
		latest: filtersOnly(sc.Request), filters: sc.Filters}
	if sc.Request.FromSlot != nil {
		from := *sc.Request.FromSlot
		s.initialFrom = &from
	}
	defer s.met.up.Set(0)
	return s.run(ctx)
}

// stream is one Subscribe call. The goroutine running run owns its fields; during an attempt the
// control goroutine owns latest and filters and hands them back when it ends.
type stream struct {
	c      *Client
	sc     StreamConfig
	handle func(*pb.SubscribeUpdate) error
	met    *streamMetrics
	log    *slog.Logger

	latest      *pb.SubscribeRequest        // the filters to subscribe with, without from_slot and ping
	filters     <-chan *pb.SubscribeRequest // sc.Filters, nil once closed
	initialFrom *uint64                     // sc.Request.FromSlot, for the first subscribe
	handled     uint64                      // the highest slot of an update handle accepted
	floor       uint64                      // after a gap: the first slot since; from_slot never goes lower
	afterGap    bool                        // the attempt runs without from_slot after a gap
	failures    int                         // failures since the last healthy attempt

	recvSince atomic.Int64  // unix nanoseconds when the pending Recv began; 0 outside Recv
	maxSlot   atomic.Uint64 // the highest slot received
}

// outcome is how an attempt ended.
type outcome struct {
	err       error // what ended the stream; nil when ctx ended first
	handleErr error
	ran       time.Duration
	received  bool   // anything came, pings included
	connSeq   uint64 // the newest connection when the stream was opened
}

func (s *stream) run(ctx context.Context) error {
	first := true
	for {
		if s.c.isClosed() {
			return fmt.Errorf("yellowstone: stream %s: %w", s.sc.Name, ErrClosed)
		}
		from := s.fromSlot(first)
		out := s.attempt(ctx, from, first)
		first = false
		switch {
		case ctx.Err() != nil:
			return nil
		case s.c.isClosed():
			return fmt.Errorf("yellowstone: stream %s: %w", s.sc.Name, ErrClosed)
		case out.handleErr != nil:
			return fmt.Errorf("yellowstone: stream %s: handle: %w", s.sc.Name, out.handleErr)
		}
		if out.received && out.ran >= s.sc.HealthyAfter {
			s.failures = 0
		}
		delay := s.backoff()
		s.failures++

		cause, sentinel := classify(out.err, from != nil)
		err := s.describe(out.err, sentinel)
		s.met.reconnect(cause)
		switch cause {
		case causeOutOfRange:
			delay = s.sc.MinBackoff // the next attempt goes without from_slot
		case causeUnauthenticated, causeNotWhitelisted:
			delay = s.sc.MaxBackoff // it will not fix itself soon
		}
		args := []any{"cause", cause, "err", err, "backoff", delay}
		if from != nil {
			args = append(args, "from_slot", *from)
		}
		switch cause {
		case causeOutOfRange:
			s.afterGap = true
			s.met.gaps.Inc()
			s.log.Error("from_slot no longer available: resubscribing without it, updates were missed", args...)
		case causeUnauthenticated, causeNotWhitelisted:
			if s.c.loud(cause) {
				s.log.Error("provider refused the stream: resubscribing at the longest backoff", args...)
			} else {
				s.log.Debug("provider refused the stream", args...)
			}
		case causeRateLimited:
			if !perStreamLimit(out.err) {
				// A provider's connection limit sticks to the connection: take a new one, through the gate.
				args = append(args, "connections_closed", s.c.recycle(out.connSeq))
			}
			s.log.Warn("provider rate-limited the stream: resubscribing", args...)
		default:
			s.log.Warn("stream failed: resubscribing", args...)
		}
		if s.sc.OnError != nil {
			s.sc.OnError(err)
		}
		if !s.wait(ctx, delay) {
			if s.c.isClosed() {
				return fmt.Errorf("yellowstone: stream %s: %w", s.sc.Name, ErrClosed)
			}
			return nil
		}
	}
}

// fromSlot is the from_slot of the next attempt, nil for none.
func (s *stream) fromSlot(first bool) *uint64 {
	if first {
		return s.initialFrom
	}
	if s.afterGap {
		return nil
	}
	cp := s.handled
	if s.sc.Checkpoint != nil {
		cp = s.sc.Checkpoint()
	}
	if cp == 0 {
		return nil
	}
	cp = max(cp, s.floor)
	return &cp
}

// backoff is the delay before the next attempt: exponential in the failures since the last
// healthy attempt, with full jitter, within [MinBackoff, MaxBackoff].
func (s *stream) backoff() time.Duration {
	lo, hi := s.sc.MinBackoff, s.sc.MaxBackoff
	ceil := hi
	if s.failures < 40 {
		if c := lo << s.failures; c > 0 && c < hi {
			ceil = c
		}
	}
	return lo + rand.N(ceil-lo+1)
}

// wait waits d, taking new filters meanwhile. It returns false when ctx ends or the Client closes.
func (s *stream) wait(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			return true
		case <-ctx.Done():
			return false
		case <-s.c.closed:
			return false
		case f, ok := <-s.filters:
			if !ok {
				s.filters = nil
				continue
			}
			s.latest = filtersOnly(f)
		}
	}
}

// describe wraps a failure for OnError and logs: with the stream's name and the cause's
// sentinel, and without the x-token.
func (s *stream) describe(err error, sentinel error) error {
	err = scrub(err, s.c.cfg.XToken.Reveal(), sentinel)
	if sentinel != nil && !errors.Is(err, sentinel) {
		return fmt.Errorf("yellowstone: stream %s: %w: %w", s.sc.Name, sentinel, err)
	}
	return fmt.Errorf("yellowstone: stream %s: %w", s.sc.Name, err)
}

// attempt subscribes once and runs the stream until it fails, handle fails or ctx ends.
func (s *stream) attempt(ctx context.Context, from *uint64, first bool) outcome {
	start := time.Now()
	actx, cancel := context.WithCancel(ctx)
	defer cancel()
	req := proto.Clone(s.latest).(*pb.SubscribeRequest)
	req.FromSlot = from
	gs, err := s.c.geyser.Subscribe(actx)
	if err != nil {
		return outcome{err: err, ran: time.Since(start)}
	}
	connSeq := s.c.connSeq.Load()
	if err := gs.Send(req); err != nil {
		return outcome{err: recvStatus(gs, err), ran: time.Since(start), connSeq: connSeq}
	}

	var (
		failOnce sync.Once
		failErr  error
		received atomic.Bool
	)
	fail := func(err error) {
		failOnce.Do(func() { failErr = err })
		cancel()
	}
	updates := make(chan *pb.SubscribeUpdate, s.sc.Buffer)
	pings := make(chan struct{}, 1)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // exits when the stream fails or actx ends
		defer wg.Done()
		defer close(updates)
		s.receive(actx, gs, updates, pings, fail, func() {
			received.Store(true)
			s.met.up.Set(1)
			args := []any{"resubscribe", !first}
			if from != nil {
				args = append(args, "from_slot", *from)
			}
			s.log.Info("stream subscribed", args...)
		})
	}()
	go func() { // exits when actx ends or a send fails
		defer wg.Done()
		s.control(actx, gs, pings, fail)
	}()

	var handleErr error
	for u := range updates {
		if handleErr != nil || ctx.Err() != nil {
			continue // draining: the receiver stops soon
		}
		sl := slotOf(u) // before handle, which may Release u
		if err := s.handle(u); err != nil {
			handleErr = err
			fail(nil)
			continue
		}
		if sl > 0 {
			if s.afterGap {
				s.afterGap = false
				s.floor = sl
			}
			s.handled = max(s.handled, sl)
		}
	}
	wg.Wait()
	s.met.up.Set(0)
	return outcome{err: failErr, handleErr: handleErr, ran: time.Since(start), received: received.Load(), connSeq: connSeq}
}

// receive reads the stream: pings are signaled to control, pongs dropped, updates passed on.
// It calls up at the first message.
func (s *stream) receive(ctx context.Context, gs grpc.BidiStreamingClient[pb.SubscribeRequest, pb.SubscribeUpdate],
	out chan<- *pb.SubscribeUpdate, pings chan<- struct{}, fail func(error), up func()) {
	first := true
	for {
		s.recvSince.Store(time.Now().UnixNano())
		u := newUpdate()
		err := gs.RecvMsg(u) // updateCodec: decoded into u, reusing its messages
		s.recvSince.Store(0)
		if err != nil {
			Release(u)
			fail(err)
			return
		}
		if first {
			first = false
			up()
		}
		switch u.UpdateOneof.(type) {
		case *pb.SubscribeUpdate_Ping:
			select {
			case pings <- struct{}{}:
			default: // an answer is already due
			}
			Release(u)
			continue
		case *pb.SubscribeUpdate_Pong:
			Release(u)
			continue
		}
		s.met.updates.Inc()
		if sl := slotOf(u); sl > s.maxSlot.Load() {
			s.maxSlot.Store(sl)
			s.met.lastSlot.Set(float64(sl))
		}
		select {
		case out <- u:
		case <-ctx.Done():
			return
		}
	}
}

// control is the only goroutine that sends on the stream once it runs: it answers the provider's
// pings, pings the provider (at once, then every StallTimeout/3), sends new filters, and fails the
// stream with ErrStalled when a Recv has waited longer than StallTimeout.
func (s *stream) control(ctx context.Context, gs grpc.BidiStreamingClient[pb.SubscribeRequest, pb.SubscribeUpdate],
	pings <-chan struct{}, fail func(error)) {
	tick := time.NewTicker(max(s.sc.StallTimeout/4, time.Millisecond))
	defer tick.Stop()
	var id int32
	lastPing := time.Now()
	send := func(r *pb.SubscribeRequest) bool {
		if err := gs.Send(r); err != nil {
			if !errors.Is(err, io.EOF) { // io.EOF: the stream ended, and Recv says why
				fail(err)
			}
			return false
		}
		return true
	}
	ping := func() bool {
		id++
		lastPing = time.Now()
		return send(&pb.SubscribeRequest{Ping: &pb.SubscribeRequestPing{Id: id}})
	}
	if !ping() {
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-pings:
			if !ping() {
				return
			}
		case f, ok := <-s.filters:
			if !ok {
				s.filters = nil
				continue
			}
			s.latest = filtersOnly(f)
			if !send(s.latest) {
				return
			}
			s.log.Info("new filters sent on the open stream")
		case now := <-tick.C:
			if since := s.recvSince.Load(); since != 0 && now.Sub(time.Unix(0, since)) > s.sc.StallTimeout {
				fail(fmt.Errorf("nothing received for %s: %w", s.sc.StallTimeout, ErrStalled))
				return
			}
			if now.Sub(lastPing) >= s.sc.StallTimeout/3 && !ping() {
				return
			}
		}
	}
}

// recvStatus returns the status that ended a stream whose Send failed with sendErr.
func recvStatus(gs grpc.BidiStreamingClient[pb.SubscribeRequest, pb.SubscribeUpdate], sendErr error) error {
	if !errors.Is(sendErr, io.EOF) {
		return sendErr
	}
	for {
		if _, err := gs.Recv(); err != nil {
			return err
		}
	}
}

// filtersOnly returns a copy of r without from_slot and ping.
func filtersOnly(r *pb.SubscribeRequest) *pb.SubscribeRequest {
	c := proto.Clone(r).(*pb.SubscribeRequest)
	c.FromSlot, c.Ping = nil, nil
	return c
}

// slotOf returns the slot an update belongs to, 0 for pings and pongs.
func slotOf(u *pb.SubscribeUpdate) uint64 {
	switch x := u.UpdateOneof.(type) {
	case *pb.SubscribeUpdate_Transaction:
		return x.Transaction.GetSlot()
	case *pb.SubscribeUpdate_Account:
		return x.Account.GetSlot()
	case *pb.SubscribeUpdate_Slot:
		return x.Slot.GetSlot()
	case *pb.SubscribeUpdate_TransactionStatus:
		return x.TransactionStatus.GetSlot()
	case *pb.SubscribeUpdate_BlockMeta:
		return x.BlockMeta.GetSlot()
	case *pb.SubscribeUpdate_Block:
		return x.Block.GetSlot()
	case *pb.SubscribeUpdate_Entry:
		return x.Entry.GetSlot()
	}
	return 0
}

// loud reports whether a refusal of cause, which an operator must fix, is due to be logged at
// Error: once a minute per Client and cause.
func (c *Client) loud(cause string) bool {
	c.logMu.Lock()
	defer c.logMu.Unlock()
	now := time.Now()
	if last, ok := c.lastLoud[cause]; ok && now.Sub(last) < time.Minute {
		return false
	}
	c.lastLoud[cause] = now
	return true
}
