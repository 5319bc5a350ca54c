package bus

import (
	"errors"
	"testing"
	"time"
)

func TestReconnectDelay(t *testing.T) {
	prev := time.Duration(0)
	for n := 1; n <= 100; n++ {
		d := reconnectDelay(n)
		full := min(MinReconnectWait<<min(n-1, 16), MaxReconnectWait)
		if d > full || d < full*8/10 {
			t.Errorf("reconnectDelay(%d) = %v, want within [%v, %v]", n, d, full*8/10, full)
		}
		if n > 1 && full > prev*2 {
			t.Errorf("reconnectDelay(%d): backoff jumped from %v to %v", n, prev, full)
		}
		prev = full
	}
}

func TestScrub(t *testing.T) {
	base := errors.New("dial nats://bob:hunter22@host:4222: token tok-123 rejected")
	got := scrub(base, []string{"tok-123", "hunter22"})
	if got.Error() != "dial nats://host:4222: token [redacted] rejected" {
		t.Errorf("scrub = %q", got)
	}
	if !errors.Is(got, base) {
		t.Error("scrubbed error does not unwrap to the original")
	}
	if plain := errors.New("refused"); scrub(plain, []string{"x-token"}) != plain {
		t.Error("scrub wrapped an error that held no secret")
	}
}
