package bus

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// NewMsg returns a message for subject with data and the Nats-Msg-Id header set to id, for
// JetStream's duplicate detection. It copies neither data nor hdr: the message keeps both (hdr
// gains the id), so the caller must not change them until the publish is acknowledged. hdr may be
// nil. An empty id sets no header.
func NewMsg(subject, id string, data []byte, hdr nats.Header) *nats.Msg {
	if id != "" {
		if hdr == nil {
			hdr = make(nats.Header, 1)
		}
		hdr[nats.MsgIdHdr] = []string{id} // canonical already: no textproto work
	}
	return &nats.Msg{Subject: subject, Data: data, Header: hdr}
}

// AsyncPublisher is the part of jetstream.JetStream that PublishAsync needs.
type AsyncPublisher interface {
	PublishMsgAsync(m *nats.Msg, opts ...jetstream.PublishOpt) (jetstream.PubAckFuture, error)
}

// PublishAsync publishes m without waiting for its acknowledgement, like js.PublishMsgAsync, but
// while the window of unacknowledged publishes (jetstream.WithPublishAsyncMaxPending) is full it
// waits, until ctx ends, instead of failing with jetstream.ErrTooManyStalledMsgs after the stall
// wait (200 ms by default): a slow or absent JetStream slows the caller down and loses nothing.
// It notices the end of ctx within one stall wait and then returns an error wrapping ctx's.
// Safe for concurrent use if js is.
func PublishAsync(ctx context.Context, js AsyncPublisher, m *nats.Msg, opts ...jetstream.PublishOpt) (jetstream.PubAckFuture, error) {
	for {
		f, err := js.PublishMsgAsync(m, opts...)
		if !errors.Is(err, jetstream.ErrTooManyStalledMsgs) {
			return f, err
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("bus: publish %s: window full: %w", m.Subject, context.Cause(ctx))
		}
	}
}

// Headers of a dead letter.
const (
	HeaderError     = "Geyserjet-Error"     // why it failed, without credentials, one line
	HeaderMonitors  = "Geyserjet-Monitors"  // ids of the monitors the update matched, comma-separated
	HeaderSubject   = "Geyserjet-Subject"   // the subject it was read from or meant for
	HeaderSlot      = "Geyserjet-Slot"      // the slot, decimal
	HeaderSignature = "Geyserjet-Signature" // the transaction signature, base58
	HeaderService   = "Geyserjet-Service"   // the service that gave up on it
)

// MaxErrorHeader is how many bytes of error text a dead letter keeps.
const MaxErrorHeader = 1024

// A DeadLetter is a message a service could not process. It goes, never dropped silently, to
// stream DLQ on subject dlq.<Service>.<Kind>: dlq.ingestor.<program> for an update the ingestor
// cannot decode, dlq.<service>.<kind> for a message a consumer gives up on.
type DeadLetter struct {
	Service   string   // "ingestor", "trading", …; a subject token
	Kind      string   // the program for the ingestor, else the kind of message; a subject token
	Data      []byte   // the raw bytes, as received; not copied
	Err       error    // why; its text goes into HeaderError without URL user info, cut to MaxErrorHeader
	Monitors  []string // monitor ids, when known
	Subject   string   // the original subject, when known
	Slot      uint64   // when known (0: unknown)
	Signature string   // when known
	MsgID     string   // Nats-Msg-Id, so that two ingestors dead-lettering one update leave one message
}

// DLQSubject returns the subject the dead letter goes to. Characters a subject token cannot hold
// become '_'; an empty Service or Kind becomes "unknown".
func (d DeadLetter) DLQSubject() string {
	return "dlq." + token(d.Service) + "." + token(d.Kind)
}

// Msg returns the dead letter as a message for DLQSubject, with its data and headers.
func (d DeadLetter) Msg() *nats.Msg {
	hdr := make(nats.Header, 7)
	hdr[HeaderService] = []string{token(d.Service)}
	if d.Err != nil {
		hdr[HeaderError] = []string{headerText(d.Err.Error(), MaxErrorHeader)}
	}
	if len(d.Monitors) > 0 {
		hdr[HeaderMonitors] = []string{headerText(strings.Join(d.Monitors, ","), 4096)}
	}
	if d.Subject != "" {
		hdr[HeaderSubject] = []string{headerText(d.Subject, 1024)}
	}
	if d.Slot != 0 {
		hdr[HeaderSlot] = []string{strconv.FormatUint(d.Slot, 10)}
	}
	if d.Signature != "" {
		hdr[HeaderSignature] = []string{headerText(d.Signature, 128)}
	}
	return NewMsg(d.DLQSubject(), d.MsgID, d.Data, hdr)
}

// urlUserInfo matches the user info of a URL in free text.
var urlUserInfo = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.-]*://)[^/\s@]+@`)

// headerText makes s fit a header value: no URL user info, no control characters (a CR or LF
// would break the protocol), at most n bytes, cut at a rune boundary.
func headerText(s string, n int) string {
	s = urlUserInfo.ReplaceAllString(s, "$1")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	if len(s) > n {
		cut := n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// token makes s a single subject token.
func token(s string) string {
	if s == "" {
		return "unknown"
	}
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r == '.' || r == '*' || r == '>' || r == 0x7f {
			return '_'
		}
		return r
	}, s)
}
