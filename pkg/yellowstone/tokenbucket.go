package yellowstone

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// TokenBucket is a local Gate: capacity n, refilled at n per period.
//
// A token taken comes back one period (plus a margin of 2% of the period) after it was taken,
// rather than trickling back at a steady rate: so at most n Acquires return in ANY rolling window
// of a period, which is what a provider's "n new connections per period" counts. (A bucket that
// refills steadily would let 2n through in one window: n at once, then n more as it refills.) The
// margin covers the time between a dial starting here and the provider counting it, after the TCP
// and TLS handshakes.
//
// Waiters are served in the order they arrived. It is safe for concurrent use.
type TokenBucket struct {
	n    int
	hold time.Duration // how long a token stays taken
	clk  clock

	// mu guards taken: the times tokens were (or, for waiters, will be) taken, ascending.
	mu    sync.Mutex
	taken []*grant
}

type grant struct{ at time.Time }

// clock is time, injectable for tests.
type clock interface {
	Now() time.Time
	// Timer returns a channel that receives once d has passed, and a func that stops it.
	Timer(d time.Duration) (<-chan time.Time, func() bool)
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }
func (realClock) Timer(d time.Duration) (<-chan time.Time, func() bool) {
	t := time.NewTimer(d)
	return t.C, t.Stop
}

// NewTokenBucket returns a TokenBucket of n tokens per period. n < 1 is taken as 1; a
// non-positive period as one minute.
func NewTokenBucket(n int, period time.Duration) *TokenBucket {
	return newTokenBucket(n, period, realClock{})
}

func newTokenBucket(n int, period time.Duration, clk clock) *TokenBucket {
	if n < 1 {
		n = 1
	}
	if period <= 0 {
		period = time.Minute
	}
	return &TokenBucket{n: n, hold: period + period/50, clk: clk}
}

// Acquire takes a token, waiting until one is free or ctx ends. It returns ctx's error, wrapped,
// when ctx ends first.
func (b *TokenBucket) Acquire(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("yellowstone: token bucket: %w", err)
	}
	g := b.reserve()
	wait := g.at.Sub(b.clk.Now())
	if wait <= 0 {
		return nil
	}
	c, stop := b.clk.Timer(wait)
	defer stop()
	select {
	case <-c:
		return nil
	case <-ctx.Done():
		b.cancel(g)
		return fmt.Errorf("yellowstone: token bucket: %w", ctx.Err())
	}
}

// reserve books the earliest time at which a token is free: now, while fewer than n were taken
// within the hold time, else hold after the n-th latest booking.
func (b *TokenBucket) reserve() *grant {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.clk.Now()
	drop := 0
	for drop < len(b.taken) && !b.taken[drop].at.Add(b.hold).After(now) {
		drop++
	}
	b.taken = append(b.taken[:0], b.taken[drop:]...)
	at := now
	if k := len(b.taken); k >= b.n {
		if t := b.taken[k-b.n].at.Add(b.hold); t.After(at) {
			at = t
		}
	}
	g := &grant{at: at}
	b.taken = append(b.taken, g)
	return g
}

// cancel gives back a booking that was not used, when it is the latest; an earlier one stays
// booked, which wastes its token but keeps the bookings in order and the limit exact.
func (b *TokenBucket) cancel(g *grant) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if k := len(b.taken); k > 0 && b.taken[k-1] == g {
		b.taken = b.taken[:k-1]
	}
}
