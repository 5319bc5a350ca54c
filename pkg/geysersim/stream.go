package geysersim

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// stream is one Subscribe call.
type stream struct {
	id     uint64
	conn   uint64
	remote string
	opened time.Time
	cursor atomic.Uint64 // the next sequence number to read

	ctrl chan ctrlMsg  // from the receiver to the sender
	wake chan struct{} // a fault changed (stall, slow); capacity 1

	stallUntil atomic.Int64 // unix nanoseconds; -1: until cleared; 0: not stalled
	parked     atomic.Bool  // the sender is stalled: it sends nothing until the stall ends
	delay      atomic.Int64 // nanoseconds to wait after each update (slow fault)
	sent       atomic.Uint64
	filters    atomic.Pointer[filter]

	once sync.Once
	done chan struct{}
	err  error // the status the stream ends with, set before done closes
}

type ctrlMsg struct {
	filter *filter
	from   *uint64
	pong   *int32
}

func (st *stream) kill(err error) {
	st.once.Do(func() {
		st.err = err
		close(st.done)
	})
}

func (st *stream) stalled() bool {
	u := st.stallUntil.Load()
	return u == -1 || (u > 0 && time.Now().UnixNano() < u)
}

func (st *stream) poke() {
	select {
	case st.wake <- struct{}{}:
	default:
	}
}

// Subscribe serves one stream: updates matching its latest filters, pongs, server pings.
func (s *Server) Subscribe(gs grpc.BidiStreamingServer[pb.SubscribeRequest, pb.SubscribeUpdate]) error {
	ctx := gs.Context()
	cs, _ := ctx.Value(connKey{}).(*connState)
	st := &stream{id: s.nextStream.Add(1), opened: time.Now(), ctrl: make(chan ctrlMsg, 16),
		wake: make(chan struct{}, 1), done: make(chan struct{})}
	if cs != nil {
		st.conn, st.remote = cs.id, cs.remote
	}
	st.filters.Store(emptyFilter)
	select {
	case <-s.shutdown:
		return errShutdown
	default:
	}
	s.hub.add(st)
	s.met.streamOpened()
	defer func() {
		s.hub.remove(st)
		s.met.streamClosed(st.err)
	}()

	s.recvWG.Add(1)
	go func() { // exits when Recv fails, at the latest when this handler has returned
		defer s.recvWG.Done()
		s.receive(st, gs)
	}()
	sendDone := make(chan struct{})
	go func() { // exits when st is killed or a send fails; waited for below
		defer close(sendDone)
		if err := s.send(st, gs); err != nil {
			st.kill(err)
		}
	}()
	select {
	case <-st.done:
	case <-ctx.Done():
		st.kill(status.FromContextError(ctx.Err()).Err())
	case <-sendDone:
	}
	<-sendDone
	if st.err == nil {
		return nil
	}
	return st.err
}

// receive reads the client's requests: a ping is answered with a pong and changes nothing, any
// other request replaces the filters (and replays from its from_slot). A half-close keeps the
// stream open, as the plugin does.
func (s *Server) receive(st *stream, gs grpc.BidiStreamingServer[pb.SubscribeRequest, pb.SubscribeUpdate]) {
	for {
		req, err := gs.Recv()
		if err != nil {
			return
		}
		f, err := compileFilter(req)
		var m ctrlMsg
		switch {
		case err != nil:
			st.kill(status.Error(codes.InvalidArgument, err.Error()))
			return
		case f.ping != nil:
			m.pong = f.ping
		default:
			m.filter, m.from = f, req.FromSlot
		}
		select {
		case st.ctrl <- m:
		case <-st.done:
			return
		}
	}
}

// heldUpdate is an update held until its slot reaches the stream's commitment.
type heldUpdate struct {
	e      *entry
	names  []string
	status []string
}

// send delivers the log to the stream until the stream is killed. It returns the error that ends
// the stream, nil when it was killed.
func (s *Server) send(st *stream, gs grpc.ServerStream) error {
	buf := make([]*entry, 256)
	var names, statusNames []string
	var held []heldUpdate
	var prefix []byte
	var prefixFor []string
	ping := time.NewTicker(s.cfg.PingInterval)
	defer ping.Stop()
	var timer *time.Timer

	sendFrame := func(e *entry, names []string) error {
		f := st.filters.Load()
		if e.kind == kindAccount && len(f.slices) > 0 {
			u := proto.Clone(e.update).(*pb.SubscribeUpdate)
			a := u.GetAccount().GetAccount()
			if a != nil {
				a.Data = f.slice(a.Data)
			}
			u.Filters = names
			if err := gs.SendMsg(u); err != nil {
				return err
			}
		} else {
			if !slices.Equal(names, prefixFor) {
				// A new slice every time: gRPC may still be writing the previous one.
				prefix = appendFilters(nil, names)
				prefixFor = append(prefixFor[:0], names...)
			}
			if err := gs.SendMsg(&frame{prefix: prefix, body: e.body}); err != nil {
				return err
			}
		}
		s.sent[e.prog][e.kind].Add(1)
		st.sent.Add(1)
		d := st.delay.Load()
		if d == 0 {
			d = int64(s.faults.delay())
		}
		if d > 0 {
			if timer == nil {
				timer = time.NewTimer(time.Duration(d))
			} else {
				timer.Reset(time.Duration(d))
			}
			select {
			case <-timer.C:
			case <-st.done:
			}
		}
		return nil
	}
	sendStatus := func(e *entry, names []string) error {
		info := e.update.GetTransaction().GetTransaction()
		u := &pb.SubscribeUpdate{Filters: names, CreatedAt: e.update.CreatedAt, UpdateOneof: &pb.SubscribeUpdate_TransactionStatus{
			TransactionStatus: &pb.SubscribeUpdateTransactionStatus{Slot: e.slot, Signature: e.sig, IsVote: e.vote,
				Index: info.GetIndex(), Err: info.GetMeta().GetErr()}}}
		if err := gs.SendMsg(u); err != nil {
			return err
		}
		s.sent[e.prog][e.kind].Add(1)
		st.sent.Add(1)
		return nil
	}
	deliver := func(e *entry, names, status []string) error {
		if len(names) > 0 {
			if err := sendFrame(e, names); err != nil {
				return err
			}
		}
		if len(status) > 0 {
			return sendStatus(e, status)
		}
		return nil
	}
	control := func(m ctrlMsg) error {
		switch {
		case m.pong != nil:
			st.sent.Add(1)
			return gs.SendMsg(&pb.SubscribeUpdate{CreatedAt: nowTimestamp(), UpdateOneof: &pb.SubscribeUpdate_Pong{Pong: &pb.SubscribeUpdatePong{Id: *m.pong}}})
		case m.filter != nil:
			st.filters.Store(m.filter)
			held = held[:0]
			if m.from != nil {
				if s.cfg.ReplaySlots < 0 {
					st.kill(status.Error(codes.Internal, "from_slot is not supported"))
					return nil
				}
				seq, first, ok := s.hub.seek(*m.from)
				if !ok {
					st.kill(status.Errorf(codes.OutOfRange, "broadcast from %d is not available, last available: %d", *m.from, first))
					return nil
				}
				st.cursor.Store(seq)
			}
		}
		return nil
	}
	sendPing := func() error {
		st.sent.Add(1)
		return gs.SendMsg(&pb.SubscribeUpdate{CreatedAt: nowTimestamp(), UpdateOneof: &pb.SubscribeUpdate_Ping{Ping: &pb.SubscribeUpdatePing{}}})
	}

	for {
		// A stalled stream sends nothing, not even pings, and keeps its place.
		if st.stalled() {
			var wait <-chan time.Time
			var t *time.Timer
			if u := st.stallUntil.Load(); u > 0 {
				t = time.NewTimer(time.Until(time.Unix(0, u)))
				wait = t.C
			}
			st.parked.Store(true)
			stop := false
			select {
			case <-st.done:
				stop = true
			case <-st.wake:
			case <-wait:
			}
			st.parked.Store(false)
			if t != nil {
				t.Stop()
			}
			if stop {
				return nil
			}
			continue
		}
		select {
		case <-st.done:
			return nil
		case m := <-st.ctrl:
			if err := control(m); err != nil {
				return err
			}
			continue
		case <-ping.C:
			if err := sendPing(); err != nil {
				return err
			}
			continue
		default:
		}
		cur := st.cursor.Load()
		n, lagged, wait := s.hub.read(cur, buf)
		if lagged {
			st.kill(errLagged)
			return nil
		}
		if n == 0 {
			select {
			case <-st.done:
				return nil
			case <-wait:
			case <-st.wake:
			case m := <-st.ctrl:
				if err := control(m); err != nil {
					return err
				}
			case <-ping.C:
				if err := sendPing(); err != nil {
					return err
				}
			}
			continue
		}
		f := st.filters.Load()
		for _, e := range buf[:n] {
			select {
			case <-st.done:
				return nil
			default:
			}
			names, statusNames = f.match(e, names[:0], statusNames[:0])
			if f.commitment != pb.CommitmentLevel_PROCESSED && e.kind == kindSlot && e.status == f.commitment {
				// The slot reached our commitment: send it, then release what was held for it.
				if err := deliver(e, names, nil); err != nil {
					return err
				}
				k := 0
				for _, p := range held {
					if p.e.slot > e.slot {
						held[k] = p
						k++
						continue
					}
					if err := deliver(p.e, p.names, p.status); err != nil {
						return err
					}
				}
				clear(held[k:])
				held = held[:k]
				continue
			}
			if len(names) == 0 && len(statusNames) == 0 {
				continue
			}
			if f.commitment != pb.CommitmentLevel_PROCESSED && e.kind != kindSlot {
				if len(held) >= s.cfg.QueueSize {
					st.kill(errLagged)
					return nil
				}
				held = append(held, heldUpdate{e: e, names: slices.Clone(names), status: slices.Clone(statusNames)})
				continue
			}
			if err := deliver(e, names, statusNames); err != nil {
				return err
			}
			if st.stalled() { // stop right here; resume from the next entry
				n = int(e.seq-cur) + 1
				break
			}
		}
		st.cursor.Store(buf[n-1].seq + 1)
		clear(buf)
		s.hub.advanced()
	}
}

func nowTimestamp() *timestamppb.Timestamp { return timestamppb.Now() }
