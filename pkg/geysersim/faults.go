package geysersim

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mr-tron/base58"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Fault names, as POST /faults/<name> and Config.Faults take them.
const (
	FaultDropStream  = "drop_stream"  // end one stream (Stream, default the newest) with Code
	FaultDropAll     = "drop_all"     // end every stream with Code
	FaultStall       = "stall"        // one stream (or All) stays open and sends nothing, For long or until cleared
	FaultDisconnect  = "disconnect"   // close every client connection
	FaultSlow        = "slow"         // wait Delay after each update, on one stream or all, For long or until cleared
	FaultBadUpdate   = "bad_update"   // publish a transaction the decoders cannot parse (Kind)
	FaultRefuseDials = "refuse_dials" // close new connections at once, For long (default 10s)
	FaultClear       = "clear"        // end stalls, slowness and refused dials
)

// ErrUnknownFault means a fault name is not one of the Fault constants.
var ErrUnknownFault = errors.New("unknown fault")

// ErrNoStream means a fault aimed at a stream found none.
var ErrNoStream = errors.New("no such stream")

// FaultParams parametrize a fault; each fault reads the fields its doc names.
type FaultParams struct {
	Stream uint64        // the stream to act on; 0: the most recently opened
	All    bool          // act on every stream (stall, slow)
	For    time.Duration // how long (stall, slow, refuse_dials); 0: until cleared (refuse_dials: 10s)
	Delay  time.Duration // slow: the wait after each update; default 10ms
	Kind   string        // bad_update: "truncated" (a pump.fun buy with its arguments cut off, the default) or "index" (an account index out of range)
	Code   codes.Code    // drop_stream, drop_all: the status code; default Unavailable
}

// FaultResult says what a fault did.
type FaultResult struct {
	Fault     string    `json:"fault"`
	Streams   []uint64  `json:"streams,omitempty"`   // the streams it acted on
	Conns     int       `json:"conns,omitempty"`     // disconnect: connections closed
	Signature string    `json:"signature,omitempty"` // bad_update: the transaction's signature
	Until     time.Time `json:"until,omitzero"`      // when a timed fault ends
}

// faultState holds the server-wide faults.
type faultState struct {
	refuseUntil atomic.Int64 // unix nanoseconds
	slowDelay   atomic.Int64 // nanoseconds, for every stream
	slowUntil   atomic.Int64 // unix nanoseconds; -1: until cleared
	badCount    atomic.Uint64
}

func (f *faultState) refusing() bool { return time.Now().UnixNano() < f.refuseUntil.Load() }

// delay returns the global per-update delay now in force.
func (f *faultState) delay() time.Duration {
	d := f.slowDelay.Load()
	if d == 0 {
		return 0
	}
	if u := f.slowUntil.Load(); u != -1 && time.Now().UnixNano() >= u {
		return 0
	}
	return time.Duration(d)
}

func until(d time.Duration) (int64, time.Time) {
	if d <= 0 {
		return -1, time.Time{}
	}
	t := time.Now().Add(d)
	return t.UnixNano(), t
}

// Fault applies a fault now. It returns ErrUnknownFault, or ErrNoStream when a stream fault finds
// no stream to act on.
func (s *Server) Fault(name string, p FaultParams) (FaultResult, error) {
	r := FaultResult{Fault: name}
	code := p.Code
	if code == codes.OK {
		code = codes.Unavailable
	}
	pick := func() ([]*stream, error) {
		sts := s.hub.list()
		if p.All && (name == FaultStall || name == FaultSlow) || name == FaultDropAll {
			return sts, nil
		}
		var pickd *stream
		for _, st := range sts {
			if p.Stream != 0 && st.id == p.Stream || p.Stream == 0 && (pickd == nil || st.id > pickd.id) {
				pickd = st
			}
		}
		if pickd == nil {
			return nil, fmt.Errorf("geysersim: fault %s: stream %d: %w", name, p.Stream, ErrNoStream)
		}
		return []*stream{pickd}, nil
	}
	switch name {
	case FaultDropStream, FaultDropAll:
		sts, err := pick()
		if err != nil {
			return r, err
		}
		for _, st := range sts {
			st.kill(status.Errorf(code, "stream dropped by geysersim fault %s", name))
			r.Streams = append(r.Streams, st.id)
		}
	case FaultStall:
		sts, err := pick()
		if err != nil {
			return r, err
		}
		u, t := until(p.For)
		for _, st := range sts {
			st.stallUntil.Store(u)
			st.poke()
			r.Streams = append(r.Streams, st.id)
		}
		r.Until = t
	case FaultSlow:
		d := p.Delay
		if d <= 0 {
			d = 10 * time.Millisecond
		}
		u, t := until(p.For)
		r.Until = t
		if p.Stream == 0 { // every stream, now and later
			s.faults.slowUntil.Store(u)
			s.faults.slowDelay.Store(int64(d))
			break
		}
		sts, err := pick()
		if err != nil {
			return r, err
		}
		for _, st := range sts {
			st.delay.Store(int64(d))
			r.Streams = append(r.Streams, st.id)
		}
	case FaultDisconnect:
		r.Conns = s.lis.closeAll()
	case FaultBadUpdate:
		n := s.faults.badCount.Add(1)
		u, sig, err := badUpdate(s.currentSlot(), n, p.Kind)
		if err != nil {
			return r, err
		}
		select {
		case s.inject <- u:
		case <-s.shutdown:
			return r, errShutdown
		}
		r.Signature = base58.Encode(sig)
	case FaultRefuseDials:
		d := p.For
		if d <= 0 {
			d = 10 * time.Second
		}
		t := time.Now().Add(d)
		s.faults.refuseUntil.Store(t.UnixNano())
		r.Until = t
	case FaultClear:
		s.faults.refuseUntil.Store(0)
		s.faults.slowDelay.Store(0)
		for _, st := range s.hub.list() {
			st.stallUntil.Store(0)
			st.delay.Store(0)
			st.poke()
		}
	default:
		return r, fmt.Errorf("geysersim: fault %q: %w", name, ErrUnknownFault)
	}
	s.met.fault(name)
	s.cfg.Logger.Info("fault applied", "fault", name, "streams", r.Streams, "conns", r.Conns)
	return r, nil
}

// parseFaultSpec parses "name" or "name?key=value&…" (keys as in ParseFaultParams).
func parseFaultSpec(spec string) (string, FaultParams, error) {
	name, q, _ := strings.Cut(spec, "?")
	vals, err := url.ParseQuery(q)
	if err != nil {
		return "", FaultParams{}, fmt.Errorf("geysersim: fault %q: %w", spec, err)
	}
	m := make(map[string]string, len(vals))
	for k, v := range vals {
		m[k] = v[0]
	}
	p, err := ParseFaultParams(m)
	if err != nil {
		return "", p, fmt.Errorf("geysersim: fault %q: %w", spec, err)
	}
	switch name {
	case FaultDropStream, FaultDropAll, FaultStall, FaultDisconnect, FaultSlow, FaultBadUpdate, FaultRefuseDials, FaultClear:
	default:
		return "", p, fmt.Errorf("geysersim: fault %q: %w", name, ErrUnknownFault)
	}
	return name, p, nil
}

// ParseFaultParams reads fault parameters from string values: stream (id), all (bool), for and
// delay (durations such as "5s"), kind, code (a gRPC code name such as "UNAVAILABLE" or
// "Internal").
func ParseFaultParams(m map[string]string) (FaultParams, error) {
	var p FaultParams
	var err error
	for k, v := range m {
		switch k {
		case "stream", "id":
			p.Stream, err = strconv.ParseUint(v, 10, 64)
		case "all":
			p.All, err = strconv.ParseBool(v)
		case "for", "duration":
			p.For, err = time.ParseDuration(v)
		case "delay":
			p.Delay, err = time.ParseDuration(v)
		case "kind":
			p.Kind = v
		case "code":
			p.Code, err = parseCode(v)
		default:
			err = fmt.Errorf("unknown parameter %q", k)
		}
		if err != nil {
			return p, fmt.Errorf("%s=%q: %w", k, v, err)
		}
	}
	return p, nil
}

func parseCode(v string) (codes.Code, error) {
	if n, err := strconv.ParseUint(v, 10, 32); err == nil {
		return codes.Code(n), nil
	}
	var c codes.Code
	if err := c.UnmarshalJSON([]byte(strconv.Quote(strings.ToUpper(camelToSnake(v))))); err != nil {
		return 0, err
	}
	return c, nil
}

func camelToSnake(s string) string {
	if strings.ContainsAny(s, "_") || strings.ToUpper(s) == s {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte('_')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// pumpfunBuy is the discriminator of pump.fun's buy instruction, sha256("global:buy")[:8].
var pumpfunBuy = func() []byte { h := sha256.Sum256([]byte("global:buy")); return h[:8] }()

// badUpdate builds the n-th malformed transaction at slot: a pump.fun buy whose arguments are cut
// off after the discriminator ("truncated"), or whose instruction names an account index past the
// account list ("index").
func badUpdate(slot, n uint64, kind string) (*pb.SubscribeUpdate, []byte, error) {
	if kind == "" {
		kind = "truncated"
	}
	if kind != "truncated" && kind != "index" {
		return nil, nil, fmt.Errorf("geysersim: bad_update kind %q: want truncated or index", kind)
	}
	var nb [8]byte
	binary.LittleEndian.PutUint64(nb[:], n)
	sig := sha512.Sum512(append([]byte("geysersim bad_update "+kind), nb[:]...))
	payer := sha256.Sum256(append([]byte("geysersim bad_update payer"), nb[:]...))
	curve := sha256.Sum256(append([]byte("geysersim bad_update curve"), nb[:]...))
	prog := mustKey32("6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P")
	data := append(append([]byte(nil), pumpfunBuy...), 1, 2, 3) // the 16 bytes of amount and max_sol_cost cut to 3
	accts := []byte{0, 1}
	if kind == "index" {
		data = append(append([]byte(nil), pumpfunBuy...), make([]byte, 16)...)
		accts = []byte{0, 1, 200}
	}
	bh := sha256.Sum256(nb[:])
	msg := &pb.Message{
		Header:          &pb.MessageHeader{NumRequiredSignatures: 1, NumReadonlyUnsignedAccounts: 1},
		AccountKeys:     [][]byte{payer[:], curve[:], prog[:]},
		RecentBlockhash: bh[:],
		Instructions:    []*pb.CompiledInstruction{{ProgramIdIndex: 2, Accounts: accts, Data: data}},
	}
	pid := base58.Encode(prog[:])
	meta := &pb.TransactionStatusMeta{Fee: 5000, PreBalances: []uint64{1_000_000_000, 1_000_000, 1}, PostBalances: []uint64{999_995_000, 1_000_000, 1},
		LogMessages: []string{"Program " + pid + " invoke [1]", "Program log: Instruction: Buy", "Program " + pid + " success"}}
	u := &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Transaction{Transaction: &pb.SubscribeUpdateTransaction{Slot: slot,
		Transaction: &pb.SubscribeUpdateTransactionInfo{Signature: sig[:], Transaction: &pb.Transaction{Signatures: [][]byte{sig[:]}, Message: msg}, Meta: meta}}}}
	return u, sig[:], nil
}
