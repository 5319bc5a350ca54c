package events

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/subjects"
)

// Version is the schema version written in every event's "v" field. It changes only when a
// field changes meaning or is removed; adding a field keeps it.
const Version = 1

// Program names the program an event came from, as it appears in subjects and JSON.
type Program string

// The programs GeyserJet decodes, and chain for chain-level events (slots).
const (
	Pumpfun     Program = "pumpfun"
	PumpSwap    Program = "pumpswap"
	LaunchLab   Program = "launchlab"
	RaydiumAMM  Program = "raydium_amm"
	RaydiumCPMM Program = "raydium_cpmm"
	Chain       Program = "chain"
)

// Kind names what happened, as it appears in subjects and JSON.
type Kind string

// The event kinds. Transaction events: Create … Swap; account state: BondingCurve, Global, Pool.
const (
	Create       Kind = "create"        // a token launched (pump.fun create, LaunchLab pool create)
	Trade        Kind = "trade"         // a buy or sell of a token (pump.fun, PumpSwap, LaunchLab)
	Complete     Kind = "complete"      // a bonding curve sold out
	Migrate      Kind = "migrate"       // a token graduated to an AMM
	PoolCreate   Kind = "pool_create"   // an AMM pool was created
	Deposit      Kind = "deposit"       // liquidity added
	Withdraw     Kind = "withdraw"      // liquidity removed
	Swap         Kind = "swap"          // a swap on a Raydium AMM v4 or CPMM pool
	BondingCurve Kind = "bonding_curve" // pump.fun BondingCurve account state
	Global       Kind = "global"        // pump.fun Global account state
	Pool         Kind = "pool"          // an AMM or launchpad pool account's state
	Slot         Kind = "slot"          // a slot update
)

// DefaultPriority is the priority an event kind is published under unless configured otherwise:
// trades and swaps high; launches, completions, migrations and pool creations medium; account
// state, deposits, withdrawals and slots low.
func DefaultPriority(k Kind) subjects.Priority {
	switch k {
	case Trade, Swap:
		return subjects.High
	case Create, Complete, Migrate, PoolCreate:
		return subjects.Medium
	default:
		return subjects.Low
	}
}

// IsAccountState reports whether events of kind k carry an account's latest state, of which a
// stream keeps only the newest message per subject.
func IsAccountState(k Kind) bool { return k == BondingCurve || k == Global || k == Pool }

// A Body is the program-specific part of an event. Every Body type in this package has json
// tags for each field and an AppendJSON that writes the same bytes encoding/json would.
type Body interface {
	// Program and Kind say which event this is.
	Program() Program
	Kind() Kind
	// Key is the subject key: the token mint for token events, the pool or account address for
	// pool and account events.
	Key() solana.PublicKey
	// AppendJSON appends the body's fields to dst as `,"name":value` pairs, in struct order.
	AppendJSON(dst []byte) []byte
}

// Path is an instruction's place in a transaction: Outer is the index of the top-level
// instruction in the message; Inner is -1 for the top-level instruction itself, or the 0-based
// position of an inner (CPI) instruction among that top-level instruction's inner instructions,
// in execution order. Its text form is "3" or "3.0".
type Path struct {
	Outer int
	Inner int
}

// Top returns the Path of top-level instruction i.
func Top(i int) Path { return Path{Outer: i, Inner: -1} }

// String returns "3" or "3.0".
func (p Path) String() string { return string(p.AppendText(nil)) }

// AppendText appends the text form of p to dst.
func (p Path) AppendText(dst []byte) []byte {
	dst = strconv.AppendInt(dst, int64(p.Outer), 10)
	if p.Inner >= 0 {
		dst = append(dst, '.')
		dst = strconv.AppendInt(dst, int64(p.Inner), 10)
	}
	return dst
}

// ParsePath parses the text form of a Path.
func ParsePath(s string) (Path, error) {
	var p Path
	outer, inner, found := cut(s, '.')
	o, err := strconv.Atoi(outer)
	if err != nil || o < 0 {
		return Path{}, fmt.Errorf("events: path %q: want <outer>[.<inner>]", s)
	}
	p.Outer, p.Inner = o, -1
	if found {
		i, err := strconv.Atoi(inner)
		if err != nil || i < 0 {
			return Path{}, fmt.Errorf("events: path %q: want <outer>[.<inner>]", s)
		}
		p.Inner = i
	}
	return p, nil
}

func cut(s string, sep byte) (before, after string, found bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == sep {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// An Event is one decoded event with where it came from. Transaction events have a Signature
// and a Path; account events have an Account and a WriteVersion instead.
type Event struct {
	Slot         uint64
	Signature    solana.Signature // transaction events
	Path         Path             // transaction events
	Seq          int              // 0 for the first event of its kind from one instruction, then 1, 2, …
	Account      solana.PublicKey // account events: the account's address
	WriteVersion uint64           // account events
	BlockTime    int64            // unix seconds, 0 when unknown
	Monitors     []string         // ids of the monitors whose filters matched
	Ingestor     string
	ReceivedAt   time.Time
	Body         Body
}

// IsAccount reports whether e is an account-state event (it has no signature).
func (e *Event) IsAccount() bool { return e.Signature.IsZero() }

// Priority returns the default priority of e's kind.
func (e *Event) Priority() subjects.Priority { return DefaultPriority(e.Body.Kind()) }

// AppendSubject appends the subject e is published on, at priority p, to dst.
func (e *Event) AppendSubject(dst []byte, p subjects.Priority) []byte {
	return subjects.Append(dst, p, string(e.Body.Program()), string(e.Body.Kind()), e.Body.Key())
}

// Subject returns the subject e is published on at its default priority.
func (e *Event) Subject() string { return string(e.AppendSubject(nil, e.Priority())) }

// AppendMsgID appends e's Nats-Msg-Id to dst: "<signature>:<path>:<kind>[:<seq>]" for
// transaction events, "<address>:<slot>:<write_version>" for account events, and
// "11111111111111111111111111111111:<slot>:<status>" for slot events (one per commitment status
// of a slot). It depends only on chain data, so every ingestor computes the same id for the same
// event.
func (e *Event) AppendMsgID(dst []byte) []byte {
	if e.IsAccount() {
		dst = subjects.AppendBase58(dst, e.Account[:])
		dst = append(dst, ':')
		dst = strconv.AppendUint(dst, e.Slot, 10)
		dst = append(dst, ':')
		if s, ok := e.Body.(*ChainSlot); ok {
			return append(dst, s.Status...)
		}
		return strconv.AppendUint(dst, e.WriteVersion, 10)
	}
	dst = subjects.AppendBase58(dst, e.Signature[:])
	dst = append(dst, ':')
	dst = e.Path.AppendText(dst)
	dst = append(dst, ':')
	dst = append(dst, e.Body.Kind()...)
	if e.Seq > 0 {
		dst = append(dst, ':')
		dst = strconv.AppendInt(dst, int64(e.Seq), 10)
	}
	return dst
}

// MsgID returns e's Nats-Msg-Id (see AppendMsgID).
func (e *Event) MsgID() string { return string(e.AppendMsgID(nil)) }

// AppendJSON appends e's JSON object to dst: the envelope fields, then the body's.
func (e *Event) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"v":`...)
	dst = strconv.AppendInt(dst, Version, 10)
	dst = appendStr(dst, "program", string(e.Body.Program()))
	dst = appendStr(dst, "kind", string(e.Body.Kind()))
	dst = appendU64(dst, "slot", e.Slot)
	if !e.IsAccount() {
		dst = appendKey(dst, "signature")
		dst = append(dst, '"')
		dst = subjects.AppendBase58(dst, e.Signature[:])
		dst = append(dst, '"')
		dst = appendKey(dst, "index")
		dst = append(dst, '"')
		dst = e.Path.AppendText(dst)
		dst = append(dst, '"')
	} else {
		dst = appendPubkey(dst, "account", e.Account)
		dst = appendU64(dst, "write_version", e.WriteVersion)
	}
	dst = appendI64(dst, "block_time", e.BlockTime)
	dst = appendKey(dst, "monitors")
	dst = append(dst, '[')
	for i, m := range e.Monitors {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendQuoted(dst, m)
	}
	dst = append(dst, ']')
	dst = appendStr(dst, "ingestor", e.Ingestor)
	dst = appendKey(dst, "received_at")
	dst = append(dst, '"')
	dst = e.ReceivedAt.UTC().AppendFormat(dst, time.RFC3339Nano)
	dst = append(dst, '"')
	dst = e.Body.AppendJSON(dst)
	return append(dst, '}')
}

// MarshalJSON returns AppendJSON(nil).
func (e *Event) MarshalJSON() ([]byte, error) { return e.AppendJSON(nil), nil }

// Header is the envelope of an event as a consumer reads it from JSON.
type Header struct {
	V            int       `json:"v"`
	Program      Program   `json:"program"`
	Kind         Kind      `json:"kind"`
	Slot         uint64    `json:"slot"`
	Signature    string    `json:"signature,omitempty"`
	Index        string    `json:"index,omitempty"`
	Account      string    `json:"account,omitempty"`
	WriteVersion uint64    `json:"write_version,omitempty"`
	BlockTime    int64     `json:"block_time"`
	Monitors     []string  `json:"monitors"`
	Ingestor     string    `json:"ingestor"`
	ReceivedAt   time.Time `json:"received_at"`
}

// ErrUnknownEvent means a JSON event names a program and kind this version does not know.
var ErrUnknownEvent = errors.New("unknown event")

// Decode reads one published event: its envelope and its body, typed by program and kind. It
// returns an error wrapping ErrUnknownEvent for a program/kind it does not know, or the JSON error.
func Decode(data []byte) (Header, Body, error) {
	var h Header
	if err := json.Unmarshal(data, &h); err != nil {
		return Header{}, nil, fmt.Errorf("events: decode header: %w", err)
	}
	newBody, ok := registry[key{h.Program, h.Kind}]
	if !ok {
		return h, nil, fmt.Errorf("events: decode %s.%s: %w", h.Program, h.Kind, ErrUnknownEvent)
	}
	b := newBody()
	if err := json.Unmarshal(data, b); err != nil {
		return h, nil, fmt.Errorf("events: decode %s.%s body: %w", h.Program, h.Kind, err)
	}
	return h, b, nil
}

type key struct {
	p Program
	k Kind
}

// registry maps program and kind to a constructor of its Body; each program's file adds its
// bodies in an init function through register.
var registry = map[key]func() Body{}

func register(newBody func() Body) {
	b := newBody()
	k := key{b.Program(), b.Kind()}
	if _, dup := registry[k]; dup {
		panic("events: body registered twice: " + string(k.p) + "." + string(k.k))
	}
	registry[k] = newBody
}

// Bodies returns a new zero value of every registered Body type, for tests and documentation.
func Bodies() []Body {
	out := make([]Body, 0, len(registry))
	for _, f := range registry {
		out = append(out, f())
	}
	return out
}
