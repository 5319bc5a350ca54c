package ingestor

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/protobuf/proto"

	"github.com/geyserjet/geyserjet/pkg/bus"
	"github.com/geyserjet/geyserjet/pkg/decoder"
	"github.com/geyserjet/geyserjet/pkg/events"
	"github.com/geyserjet/geyserjet/pkg/monitors"
	"github.com/geyserjet/geyserjet/pkg/subjects"
	"github.com/geyserjet/geyserjet/pkg/yellowstone"
)

// streamState is what a stream's reader and its publishes share: the slots not yet done, for
// the checkpoint and the slot lag. Safe for concurrent use.
type streamState struct {
	name       string
	group      subjects.Priority
	lastUpdate atomic.Int64 // unix nanoseconds of the last update received (or of the start)

	mu     sync.Mutex
	latest uint64         // the newest slot received
	held   map[uint64]int // slot -> updates of it not yet processed + publishes not yet acknowledged
}

func newStreamState(name string, group subjects.Priority) *streamState {
	st := &streamState{name: name, group: group, held: make(map[uint64]int)}
	st.lastUpdate.Store(time.Now().UnixNano())
	return st
}

// received records an update of slot, held until release.
func (s *streamState) received(slot uint64) {
	s.lastUpdate.Store(time.Now().UnixNano())
	s.mu.Lock()
	s.latest = max(s.latest, slot)
	s.held[slot]++
	s.mu.Unlock()
}

// hold records a publish from slot, held until release.
func (s *streamState) hold(slot uint64) {
	s.mu.Lock()
	s.held[slot]++
	s.mu.Unlock()
}

// release ends one hold or received of slot.
func (s *streamState) release(slot uint64) {
	s.mu.Lock()
	if s.held[slot]--; s.held[slot] <= 0 {
		delete(s.held, slot)
	}
	s.mu.Unlock()
}

// checkpoint is the slot to resubscribe from: the oldest slot still held, or the newest received
// when none is (0, no from_slot, before the first update).
func (s *streamState) checkpoint() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	oldest := s.oldestLocked()
	if oldest == 0 {
		return s.latest
	}
	return oldest
}

// lag is the newest slot received minus the newest slot whose updates are all processed and
// acknowledged.
func (s *streamState) lag() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	oldest := s.oldestLocked()
	if oldest == 0 || oldest > s.latest {
		return 0
	}
	return s.latest - oldest + 1
}

func (s *streamState) oldestLocked() uint64 {
	if len(s.held) == 0 {
		return 0
	}
	oldest := uint64(math.MaxUint64)
	for slot := range s.held {
		oldest = min(oldest, slot)
	}
	return oldest
}

// subscribeFunc runs one Subscribe stream: yellowstone.Client.Subscribe.
type subscribeFunc func(ctx context.Context, sc yellowstone.StreamConfig, handle func(*pb.SubscribeUpdate) error) error

// stream runs one StreamPlan.
type stream struct {
	plan    monitors.StreamPlan
	st      *streamState
	dec     *decoder.Decoder
	pub     *publisher
	met     *metrics
	buffer  int
	stall   time.Duration
	updates prometheus.Counter
	dropped prometheus.Counter
	byMon   map[string]prometheus.Counter

	// Owned by the processing goroutine.
	evs  []events.Event
	mons []string
	// matcher finds every monitor, of any stream, that asked for an event; matched holds its
	// Match of the current update, all the monitors of the deployment the update matches.
	matcher *monitors.Matcher
	matched []int
	all     []string
	buf     []byte

	abandoned atomic.Uint64 // updates not processed in full before the shutdown deadline
}

// run reads the stream until ctx ends, and processes what it read until the reader is done or
// work ends (the shutdown deadline). It returns the Subscribe's error, if it fails for good.
func (s *stream) run(ctx, work context.Context, subscribe subscribeFunc) error {
	updates := make(chan *pb.SubscribeUpdate, s.buffer) // bounded: a slow pipeline slows the reader
	errc := make(chan error, 1)
	go func() {
		defer close(updates) // the sender closes
		sc := yellowstone.StreamConfig{
			Name:         s.plan.Name,
			Request:      s.plan.Request,
			Checkpoint:   s.st.checkpoint,
			StallTimeout: s.stall,
		}
		errc <- subscribe(ctx, sc, func(u *pb.SubscribeUpdate) error {
			slot := updateSlot(u)
			s.st.received(slot)
			select {
			case updates <- u:
				return nil
			case <-ctx.Done():
				s.st.release(slot)
				return nil // Subscribe returns nil once ctx has ended
			}
		})
	}()
	for u := range updates {
		s.process(work, u)
	}
	if err := <-errc; err != nil {
		return fmt.Errorf("ingestor: stream %s: %w", s.plan.Name, err)
	}
	return nil
}

// process decodes u, publishes its events to the monitors that want them, and dead-letters it
// if part of it does not decode. It gives up, counting u as abandoned, only when ctx ends.
func (s *stream) process(ctx context.Context, u *pb.SubscribeUpdate) {
	slot := updateSlot(u)
	defer s.st.release(slot)
	defer yellowstone.Release(u) // nothing below keeps u's messages; its bytes and strings stay valid
	var created time.Time
	if ts := u.GetCreatedAt(); ts != nil {
		created = ts.AsTime()
	}
	s.updates.Inc()
	s.mons = s.plan.Router.Monitors(s.mons[:0], u.Filters)
	for _, id := range s.mons {
		s.byMon[id].Inc()
	}
	var err error
	s.evs, err = s.dec.Decode(u, s.evs[:0])
	defer clear(s.evs) // drop references to bodies
	matchedU := false  // s.matched is u's
	for i := range s.evs {
		e := &s.evs[i]
		program, kind := e.Body.Program(), e.Body.Kind()
		s.mons = s.plan.Router.Route(s.mons[:0], u.Filters, program, kind)
		if len(s.mons) == 0 {
			s.dropped.Inc()
			continue
		}
		// The stream publishes what its monitors want; the event names every monitor of the
		// deployment that wants it, so that each stream publishing it writes the same message.
		if !matchedU {
			s.matched, matchedU = s.matcher.Match(s.matched, u), true
		}
		s.all = s.matcher.MonitorsFor(s.all, s.matched, program, kind)
		e.Monitors = union(s.all, s.mons)
		s.buf = e.AppendSubject(s.buf[:0], events.DefaultPriority(kind))
		n := len(s.buf)
		s.buf = e.AppendMsgID(s.buf)
		both := string(s.buf) // one allocation for the two strings the message keeps
		// Each message keeps its JSON until acknowledged, in its flight's buffer, recycled.
		f := newFlight()
		f.subject, f.id = both[:n], both[n:]
		f.buf = e.AppendJSON(f.buf)
		f.data = f.buf
		f.st, f.slot, f.created, f.program, f.kind = s.st, slot, created, string(program), string(kind)
		if perr := s.pub.publish(ctx, f); perr != nil {
			s.abandoned.Add(1)
			return
		}
	}
	if err != nil {
		if perr := s.deadLetter(ctx, u, slot, err); perr != nil {
			s.abandoned.Add(1)
		}
	}
}

// deadLetter publishes u, which failed to decode with err, to dlq.ingestor.<program>.
func (s *stream) deadLetter(ctx context.Context, u *pb.SubscribeUpdate, slot uint64, err error) error {
	program := "unknown"
	var de *decoder.Error
	if errors.As(err, &de) {
		program = string(de.Program)
	}
	for _, e := range leaves(err) {
		p := "unknown"
		if errors.As(e, &de) {
			p = string(de.Program)
		}
		s.met.decodeErrors.WithLabelValues(p).Inc()
	}
	raw, merr := proto.Marshal(u)
	if merr != nil { // cannot happen for a message that was unmarshaled; keep the error
		err = errors.Join(err, fmt.Errorf("marshal update: %w", merr))
	}
	dl := bus.DeadLetter{
		Service:  "ingestor",
		Kind:     program,
		Data:     raw,
		Err:      err,
		Monitors: s.plan.Router.Monitors(nil, u.Filters),
		Slot:     slot,
		MsgID:    deadLetterID(u),
	}
	if tx := u.GetTransaction().GetTransaction(); tx != nil && len(tx.Signature) > 0 {
		dl.Signature = string(subjects.AppendBase58(nil, tx.Signature))
	}
	s.met.deadLetters.WithLabelValues(dl.Kind).Inc()
	m := dl.Msg()
	f := newFlight()
	f.subject, f.hdr, f.data = m.Subject, m.Header, m.Data // the header holds the Nats-Msg-Id
	f.st, f.slot = s.st, slot
	return s.pub.publish(ctx, f)
}

// leaves returns the errors joined in err (errors.Join), or err itself.
func leaves(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// deadLetterID is the Nats-Msg-Id of u's dead letter, from chain data only, so that every
// stream and ingestor that receives u dead-letters it once: "dlq:<signature>" for a
// transaction, "dlq:<address>:<slot>:<write_version>" for an account, else "dlq:<slot>:<oneof>".
func deadLetterID(u *pb.SubscribeUpdate) string {
	b := []byte("dlq:")
	switch {
	case u.GetTransaction() != nil:
		b = subjects.AppendBase58(b, u.GetTransaction().GetTransaction().GetSignature())
	case u.GetAccount() != nil:
		a := u.GetAccount()
		b = subjects.AppendBase58(b, a.GetAccount().GetPubkey())
		b = fmt.Appendf(b, ":%d:%d", a.Slot, a.GetAccount().GetWriteVersion())
	default:
		b = fmt.Appendf(b, "%d:%T", updateSlot(u), u.UpdateOneof)
	}
	return string(b)
}

// updateSlot returns the slot of u, or 0 for updates without one (pings).
func updateSlot(u *pb.SubscribeUpdate) uint64 {
	switch x := u.UpdateOneof.(type) {
	case *pb.SubscribeUpdate_Transaction:
		return x.Transaction.GetSlot()
	case *pb.SubscribeUpdate_Account:
		return x.Account.GetSlot()
	case *pb.SubscribeUpdate_Slot:
		return x.Slot.GetSlot()
	case *pb.SubscribeUpdate_BlockMeta:
		return x.BlockMeta.GetSlot()
	case *pb.SubscribeUpdate_Block:
		return x.Block.GetSlot()
	case *pb.SubscribeUpdate_TransactionStatus:
		return x.TransactionStatus.GetSlot()
	case *pb.SubscribeUpdate_Entry:
		return x.Entry.GetSlot()
	}
	return 0
}

// union returns a, sorted, with the ids of b (sorted) it lacks merged in; a is reused.
func union(a, b []string) []string {
	for _, id := range b {
		if _, found := slices.BinarySearch(a, id); !found {
			a = append(a, id)
		}
	}
	slices.Sort(a)
	return a
}
