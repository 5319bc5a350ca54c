package ingestor

import (
	"context"
	"sync"

	"github.com/geyserjet/geyserjet/pkg/subjects"
)

// window is the bounded window of unacknowledged publishes: a counting semaphore whose waiters
// are served by priority, high before medium before low, first come first served within one.
// Safe for concurrent use.
type window struct {
	size int

	mu      sync.Mutex
	used    int                        // slots held
	waiters [numPriorities][]chan bool // by priority rank; a waiter's chan gets true when it is granted a slot
}

const numPriorities = 3

func newWindow(size int) *window { return &window{size: size} }

// rank orders priorities: 0 is served first.
func rank(p subjects.Priority) int {
	switch p {
	case subjects.High:
		return 0
	case subjects.Medium:
		return 1
	default:
		return 2
	}
}

// acquire takes a slot, waiting until one is free and no waiter of a higher or the same
// priority came first, or until ctx ends (then it returns ctx's error and holds nothing).
func (w *window) acquire(ctx context.Context, p subjects.Priority) error {
	r := rank(p)
	w.mu.Lock()
	if w.used < w.size && w.noWaitersUpTo(r) {
		w.used++
		w.mu.Unlock()
		return nil
	}
	ch := make(chan bool, 1)
	w.waiters[r] = append(w.waiters[r], ch)
	w.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		w.mu.Lock()
		defer w.mu.Unlock()
		for i, c := range w.waiters[r] {
			if c == ch {
				w.waiters[r] = append(w.waiters[r][:i], w.waiters[r][i+1:]...)
				return ctx.Err()
			}
		}
		// Granted meanwhile: pass the slot on.
		w.releaseLocked()
		return ctx.Err()
	}
}

func (w *window) noWaitersUpTo(r int) bool {
	for i := 0; i <= r; i++ {
		if len(w.waiters[i]) > 0 {
			return false
		}
	}
	return true
}

// release returns a slot, handing it to the first waiter of the highest priority waiting.
func (w *window) release() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.releaseLocked()
}

func (w *window) releaseLocked() {
	for r := range w.waiters {
		if len(w.waiters[r]) > 0 {
			ch := w.waiters[r][0]
			w.waiters[r][0] = nil
			w.waiters[r] = w.waiters[r][1:]
			ch <- true // buffered: never blocks; the slot changes hands, used stays
			return
		}
	}
	w.used--
}

// waiting returns how many acquire calls wait, by priority rank.
func (w *window) waiting() [numPriorities]int {
	w.mu.Lock()
	defer w.mu.Unlock()
	var n [numPriorities]int
	for r := range w.waiters {
		n[r] = len(w.waiters[r])
	}
	return n
}
