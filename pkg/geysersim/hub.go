package geysersim

import (
	"context"
	"sync"
	"time"
)

// hub is the shared, append-only log of published entries. One goroutine (the pacer) appends;
// streams read it by sequence number with their own cursors.
type hub struct {
	queue       int  // how far a stream may fall behind the head
	block       bool // Config.Block: trim keeps what a stream that is not stalled has still to read
	replaySlots int  // distinct slots retained for from_slot; negative: none
	hardCap     int  // entries retained at most

	mu         sync.Mutex
	ring       []*entry
	tail, head uint64        // seqs of the oldest retained entry and of the next one
	signal     chan struct{} // closed at the next append
	slots      []uint64      // increasing slots as they began, the last replaySlots+1 at least
	firstAvail uint64        // the oldest slot retained in full
	haveFirst  bool
	streams    map[uint64]*stream

	progress chan struct{} // a stream advanced (Block mode), capacity 1
}

func newHub(queue, replaySlots int, block bool) *hub {
	return &hub{queue: queue, block: block, replaySlots: replaySlots, hardCap: max(4*queue, 1<<21),
		ring: make([]*entry, 1024), signal: make(chan struct{}), streams: make(map[uint64]*stream),
		progress: make(chan struct{}, 1)}
}

// append publishes batch, assigning sequence numbers, and trims what is no longer retained.
func (h *hub) append(batch []*entry) {
	if len(batch) == 0 {
		return
	}
	h.mu.Lock()
	for _, e := range batch {
		if h.head-h.tail == uint64(len(h.ring)) {
			h.grow()
		}
		e.seq = h.head
		h.ring[h.head&uint64(len(h.ring)-1)] = e
		h.head++
		if !h.haveFirst {
			h.firstAvail, h.haveFirst = e.slot, true
		}
		if n := len(h.slots); n == 0 || e.slot > h.slots[n-1] { // a new slot, not a status of an old one
			h.slots = append(h.slots, e.slot)
			if keep := max(h.replaySlots, 0) + 1; len(h.slots) > 2*keep+64 {
				h.slots = append(h.slots[:0], h.slots[len(h.slots)-keep:]...)
			}
		}
	}
	h.trim()
	sig := h.signal
	h.signal = make(chan struct{})
	h.mu.Unlock()
	close(sig)
}

func (h *hub) grow() {
	n := make([]*entry, 2*len(h.ring))
	for s := h.tail; s < h.head; s++ {
		n[s&uint64(len(n)-1)] = h.ring[s&uint64(len(h.ring)-1)]
	}
	h.ring = n
}

// trim drops the oldest entries that are older than the replay window and further behind than a
// stream may lag, or beyond the hard cap. With block it keeps what a stream that is not stalled
// has still to read: enforce waits for the streams only after a batch is appended, which may put
// them up to a batch more than queue behind. Callers hold mu.
func (h *hub) trim() {
	keep := h.head // entries before keep may go
	if h.block {
		for _, st := range h.streams {
			if !st.stalled() {
				keep = min(keep, st.cursor.Load())
			}
		}
	}
	windowStart := uint64(0)
	if h.replaySlots < 0 {
		windowStart = ^uint64(0)
	} else if n := len(h.slots); n > h.replaySlots {
		windowStart = h.slots[n-h.replaySlots]
	}
	for h.tail < h.head {
		n := h.head - h.tail
		e := h.ring[h.tail&uint64(len(h.ring)-1)]
		if !(n > uint64(h.queue) && e.slot < windowStart && h.tail < keep) && n <= uint64(h.hardCap) {
			break
		}
		h.ring[h.tail&uint64(len(h.ring)-1)] = nil
		h.tail++
		if e.slot >= h.firstAvail {
			h.firstAvail = e.slot + 1
		}
	}
}

// read copies into dst the entries from seq on. lagged reports that seq is no longer retained;
// when nothing is there, wait is closed at the next append.
func (h *hub) read(seq uint64, dst []*entry) (n int, lagged bool, wait <-chan struct{}) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if seq < h.tail {
		return 0, true, nil
	}
	for s := seq; s < h.head && n < len(dst); s++ {
		dst[n] = h.ring[s&uint64(len(h.ring)-1)]
		n++
	}
	if n == 0 {
		return 0, false, h.signal
	}
	return n, false, nil
}

// headSeq returns the sequence number of the next entry.
func (h *hub) headSeq() uint64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.head
}

// seek returns the sequence number of the first retained entry of slot from or later; ok is false
// when from is older than the oldest slot retained in full, which it returns.
func (h *hub) seek(from uint64) (seq uint64, first uint64, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.haveFirst || h.replaySlots < 0 {
		return h.head, h.firstAvail, h.haveFirst && h.replaySlots >= 0 && from >= h.firstAvail
	}
	if from < h.firstAvail {
		return 0, h.firstAvail, false
	}
	for s := h.tail; s < h.head; s++ {
		if h.ring[s&uint64(len(h.ring)-1)].slot >= from {
			return s, h.firstAvail, true
		}
	}
	return h.head, h.firstAvail, true
}

func (h *hub) add(st *stream) {
	h.mu.Lock()
	defer h.mu.Unlock()
	st.cursor.Store(h.head)
	h.streams[st.id] = st
}

func (h *hub) remove(st *stream) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.streams, st.id)
}

func (h *hub) list() []*stream {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]*stream, 0, len(h.streams))
	for _, st := range h.streams {
		out = append(out, st)
	}
	return out
}

// enforce drops the streams that fell more than queue updates behind, or with block waits until
// none has, or ctx ends. A stalled stream is neither dropped nor waited for.
func (h *hub) enforce(ctx context.Context, block bool) {
	for {
		head := h.headSeq()
		slow := false
		for _, st := range h.list() {
			if st.stalled() || head-st.cursor.Load() <= uint64(h.queue) {
				continue
			}
			if block {
				slow = true
				break
			}
			st.kill(errLagged)
		}
		if !slow {
			return
		}
		t := time.NewTimer(10 * time.Millisecond) // a safety net: a stream may end without progress
		select {
		case <-h.progress:
		case <-ctx.Done():
		case <-t.C:
		}
		t.Stop()
		if ctx.Err() != nil {
			return
		}
	}
}

// advanced tells a waiting publisher that a stream moved on.
func (h *hub) advanced() {
	select {
	case h.progress <- struct{}{}:
	default:
	}
}
