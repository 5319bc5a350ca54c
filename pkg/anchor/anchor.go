// Package anchor finds the events an Anchor program emitted for one instruction, and computes
// Anchor discriminators.
//
// Anchor programs emit an event either as a self-CPI (emit_cpi!: an inner instruction of the
// same program whose data is EventTag ‖ event discriminator ‖ Borsh body) or as a log line
// ("Program data: <base64(discriminator ‖ body)>"), and pump.fun, PumpSwap and LaunchLab do both
// for the same event. Events prefers the self-CPI copies, which providers never truncate, and
// falls back to the log lines of the instruction's own frame; it never yields both.
package anchor

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"iter"
	"strings"

	"github.com/geyserjet/geyserjet/pkg/chain"
)

// EventTag prefixes the data of an emit_cpi! self-CPI instruction: the little-endian bytes of
// the u64 0x1d9acb512ea545e4 (the first 8 bytes of sha256("anchor:event"), read big-endian).
var EventTag = [8]byte{0xe4, 0x45, 0xa5, 0x2e, 0x51, 0xcb, 0x9a, 0x1d}

// Discriminator returns the first 8 bytes of sha256("<namespace>:<name>"): namespace "global"
// for instructions, "event" for events, "account" for accounts.
func Discriminator(namespace, name string) [8]byte {
	sum := sha256.Sum256([]byte(namespace + ":" + name))
	var d [8]byte
	copy(d[:], sum[:8])
	return d
}

// IsEventCPI reports whether instruction j of tx is a self-CPI event of the program that
// invoked it. The decoder driver skips such instructions: their parent consumes them.
func IsEventCPI(tx *chain.Tx, j int) bool {
	ix := &tx.Instructions[j]
	if ix.Parent < 0 || !bytes.HasPrefix(ix.Data, EventTag[:]) {
		return false
	}
	return tx.Instructions[ix.Parent].ProgramID == ix.ProgramID
}

// Source says where an event's bytes came from.
type Source int

const (
	SelfCPI Source = iota // an emit_cpi! inner instruction
	Log                   // a "Program data:" log line
)

// Event is one emitted event: Data is the 8-byte event discriminator followed by the body.
type Event struct {
	Data   []byte
	Source Source
}

// Events yields the events instruction i of tx emitted, in order. Data aliases the update (self
// CPI) or tx's scratch buffer (logs), valid until the next iteration. Log lines that are not
// valid base64 are skipped.
func Events(tx *chain.Tx, i int) iter.Seq[Event] {
	return func(yield func(Event) bool) {
		prog := tx.Instructions[i].ProgramID
		found, stopped := false, false
		tx.Children(i, func(j int) bool {
			c := &tx.Instructions[j]
			if c.ProgramID != prog || !bytes.HasPrefix(c.Data, EventTag[:]) {
				return true
			}
			found = true
			if !yield(Event{Data: c.Data[len(EventTag):], Source: SelfCPI}) {
				stopped = true
				return false
			}
			return true
		})
		if found || stopped {
			return
		}
		tx.OwnLogs(i, func(line string) bool {
			payload, ok := strings.CutPrefix(line, "Program data: ")
			if !ok {
				return true
			}
			buf := tx.Scratch(base64.StdEncoding.DecodedLen(len(payload)))
			n, err := base64.StdEncoding.Decode(buf, []byte(payload))
			if err != nil {
				return true
			}
			return yield(Event{Data: buf[:n], Source: Log})
		})
	}
}
