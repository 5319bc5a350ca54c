// Package secret provides Value, a credential that never prints: the Yellowstone x-token, a NATS
// password or token, the admin token. Every way Go formats, logs or encodes a Value gives
// "[redacted]"; only Reveal returns what it holds, at the one call that sends it.
//
// It does not encrypt, zero or lock memory: it keeps credentials out of logs, errors, metrics,
// JSON and -h output, which is where they leak in practice.
package secret

import (
	"crypto/subtle"
	"fmt"
	"log/slog"
	"strconv"
)

// Redacted is what a Value prints, logs and encodes as.
const Redacted = "[redacted]"

// A Value holds a credential. The zero Value holds none. It is immutable and safe for concurrent
// use. Compare Values with Equal, not ==.
//
// The credential sits behind a pointer, so even a struct that keeps a Value in an unexported
// field, which fmt prints without calling methods, prints an address and not the credential.
type Value struct {
	p *string
}

// New returns a Value holding s; New("") is the zero Value.
func New(s string) Value {
	if s == "" {
		return Value{}
	}
	return Value{p: &s}
}

// Reveal returns the credential, or "" for the zero Value. Call it only where the credential is
// sent, never to print or log it.
func (v Value) Reveal() string {
	if v.p == nil {
		return ""
	}
	return *v.p
}

// IsZero reports whether v holds no credential.
func (v Value) IsZero() bool { return v.p == nil || *v.p == "" }

// Equal reports whether v holds s, in time that does not depend on where they differ; use it to
// check a token a client presents.
func (v Value) Equal(s string) bool {
	return subtle.ConstantTimeCompare([]byte(v.Reveal()), []byte(s)) == 1
}

// String returns "[redacted]".
func (v Value) String() string { return Redacted }

// GoString returns "[redacted]", for %#v.
func (v Value) GoString() string { return Redacted }

// Format writes "[redacted]" for every verb (quoted for %q), so no flag or width of fmt reaches
// the credential.
func (v Value) Format(f fmt.State, verb rune) {
	if verb == 'q' {
		fmt.Fprint(f, strconv.Quote(Redacted))
		return
	}
	fmt.Fprint(f, Redacted)
}

// LogValue returns "[redacted]" for log/slog, with every handler.
func (v Value) LogValue() slog.Value { return slog.StringValue(Redacted) }

// MarshalJSON returns the JSON string "[redacted]".
func (v Value) MarshalJSON() ([]byte, error) { return []byte(`"` + Redacted + `"`), nil }

// MarshalText returns "[redacted]"; it also covers encoding/xml, and JSON map keys.
func (v Value) MarshalText() ([]byte, error) { return []byte(Redacted), nil }
