package bus

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/geyserjet/geyserjet/pkg/bus/bustest"
)

// ackCall is one OnAck call.
type ackCall struct {
	ack Ack
	err error
}

// ackRecorder records OnAck calls by token.
type ackRecorder struct {
	mu    sync.Mutex
	calls map[any][]ackCall
	n     int
}

func newAckRecorder() *ackRecorder { return &ackRecorder{calls: make(map[any][]ackCall)} }

func (r *ackRecorder) onAck(token any, ack Ack, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls[token] = append(r.calls[token], ackCall{ack, err})
	r.n++
}

// count returns the number of calls so far.
func (r *ackRecorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n
}

// get returns the calls for token.
func (r *ackRecorder) get(token any) []ackCall {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]ackCall(nil), r.calls[token]...)
}

// wait waits for the first call for token and returns it.
func (r *ackRecorder) wait(t *testing.T, token any) ackCall {
	t.Helper()
	bustest.WaitFor(t, 10*time.Second, func() bool { return len(r.get(token)) > 0 })
	return r.get(token)[0]
}

// once returns the only call for token, failing the test unless there was exactly one.
func (r *ackRecorder) once(t *testing.T, token any) ackCall {
	t.Helper()
	calls := r.get(token)
	if len(calls) != 1 {
		t.Fatalf("OnAck called %d times for token %v, want once: %v", len(calls), token, calls)
	}
	return calls[0]
}

func newAckPublisher(t *testing.T, nc *nats.Conn, timeout time.Duration, r *ackRecorder) *AckPublisher {
	t.Helper()
	p, err := NewAckPublisher(nc, AckConfig{Timeout: timeout, OnAck: r.onAck})
	if err != nil {
		t.Fatalf("NewAckPublisher: %v", err)
	}
	t.Cleanup(p.Close)
	return p
}

func createStream(t *testing.T, nc *nats.Conn, cfg jetstream.StreamConfig) jetstream.Stream {
	t.Helper()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Storage == jetstream.MemoryStorage { // the zero value: file storage, as in production
		cfg.Storage = jetstream.FileStorage
	}
	if cfg.Duplicates == 0 {
		cfg.Duplicates = time.Minute
	}
	s, err := js.CreateStream(t.Context(), cfg)
	if err != nil {
		t.Fatalf("CreateStream %s: %v", cfg.Name, err)
	}
	return s
}

func streamMsgs(t *testing.T, s jetstream.Stream) uint64 {
	t.Helper()
	info, err := s.Info(t.Context())
	if err != nil {
		t.Fatalf("stream info: %v", err)
	}
	return info.State.Msgs
}

// silence subscribes to subject on nc and never answers; it returns the messages received.
func silence(t *testing.T, nc *nats.Conn, subject string) chan *nats.Msg {
	t.Helper()
	got := make(chan *nats.Msg, 1000)
	sub, err := nc.Subscribe(subject, func(m *nats.Msg) {
		select {
		case got <- m:
		default:
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sub.Unsubscribe() })
	return got
}

func TestAckPublisherAcks(t *testing.T) {
	bustest.CheckGoroutines(t)
	nc := bustest.Connect(t, bustest.NewServer(t))
	s := createStream(t, nc, jetstream.StreamConfig{Name: "ACKS", Subjects: []string{"acks.>"}})
	r := newAckRecorder()
	p := newAckPublisher(t, nc, 0, r)

	const n = 5000
	data := []byte("payload")
	for i := range n {
		if err := p.Publish("acks.x", fmt.Sprintf("id-%d", i), nil, data, i); err != nil {
			t.Fatalf("Publish %d: %v", i, err)
		}
	}
	bustest.WaitFor(t, 20*time.Second, func() bool { return r.count() >= n })
	seen := make(map[uint64]bool, n)
	for i := range n {
		c := r.once(t, i)
		if c.err != nil || c.ack.Stream != "ACKS" || c.ack.Duplicate || c.ack.Seq < 1 || c.ack.Seq > n || seen[c.ack.Seq] {
			t.Fatalf("OnAck(%d) = %+v, %v; want a new sequence in 1..%d of ACKS", i, c.ack, c.err, n)
		}
		seen[c.ack.Seq] = true
	}
	if got := r.count(); got != n {
		t.Errorf("OnAck called %d times, want %d", got, n)
	}
	if got := p.Pending(); got != 0 {
		t.Errorf("Pending() = %d after every ack, want 0", got)
	}
	if got := streamMsgs(t, s); got != n {
		t.Errorf("stream holds %d messages, want %d", got, n)
	}
}

func TestAckPublisherDuplicate(t *testing.T) {
	bustest.CheckGoroutines(t)
	nc := bustest.Connect(t, bustest.NewServer(t))
	s := createStream(t, nc, jetstream.StreamConfig{Name: "DUP", Subjects: []string{"dup.>"}})
	r := newAckRecorder()
	p := newAckPublisher(t, nc, 0, r)

	for _, token := range []string{"first", "second"} {
		if err := p.Publish("dup.x", "same-id", nil, []byte(token), token); err != nil {
			t.Fatalf("Publish %s: %v", token, err)
		}
	}
	first, second := r.wait(t, "first"), r.wait(t, "second")
	if first.err != nil || first.ack != (Ack{Stream: "DUP", Seq: 1}) {
		t.Errorf("first OnAck = %+v, %v; want DUP 1, not a duplicate", first.ack, first.err)
	}
	if second.err != nil || second.ack != (Ack{Stream: "DUP", Seq: 1, Duplicate: true}) {
		t.Errorf("second OnAck = %+v, %v; want DUP 1, duplicate", second.ack, second.err)
	}
	if got := streamMsgs(t, s); got != 1 {
		t.Errorf("stream holds %d messages, want 1", got)
	}
}

func TestAckPublisherNoStream(t *testing.T) {
	bustest.CheckGoroutines(t)
	nc := bustest.Connect(t, bustest.NewServer(t))
	r := newAckRecorder()
	p := newAckPublisher(t, nc, 0, r)

	if err := p.Publish("nostream.x", "1", nil, []byte("x"), "t"); err != nil {
		t.Fatal(err)
	}
	c := r.wait(t, "t")
	if !errors.Is(c.err, nats.ErrNoResponders) || !errors.Is(c.err, jetstream.ErrNoStreamResponse) {
		t.Errorf("OnAck error = %v, want nats.ErrNoResponders and jetstream.ErrNoStreamResponse", c.err)
	}
	if !strings.Contains(fmt.Sprint(c.err), "nostream.x") {
		t.Errorf("OnAck error %q does not name the subject", c.err)
	}
}

func TestAckPublisherAPIError(t *testing.T) {
	bustest.CheckGoroutines(t)
	nc := bustest.Connect(t, bustest.NewServer(t))
	createStream(t, nc, jetstream.StreamConfig{Name: "SMALL", Subjects: []string{"small.>"}, MaxMsgSize: 64})
	createStream(t, nc, jetstream.StreamConfig{Name: "SEQ", Subjects: []string{"seq.>"}})
	r := newAckRecorder()
	p := newAckPublisher(t, nc, 0, r)

	for _, tc := range []struct {
		name, subject string
		hdr           nats.Header
		size          int
		code          jetstream.ErrorCode
		description   string
	}{
		{"too large", "small.x", nil, 200, jetstream.JSErrCodeStreamMessageExceedsMaximum, "message size exceeds maximum allowed"},
		{"wrong last sequence", "seq.x", nats.Header{jetstream.ExpectedLastSeqHeader: {"5"}}, 1, jetstream.JSErrCodeStreamWrongLastSequence, "wrong last sequence: 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var hdrBefore string
			if tc.hdr != nil {
				hdrBefore = fmt.Sprint(tc.hdr)
			}
			if err := p.Publish(tc.subject, "id-"+tc.name, tc.hdr, make([]byte, tc.size), tc.name); err != nil {
				t.Fatal(err)
			}
			if tc.hdr != nil && fmt.Sprint(tc.hdr) != hdrBefore {
				t.Errorf("Publish changed hdr to %v, was %s", tc.hdr, hdrBefore)
			}
			c := r.wait(t, tc.name)
			var apiErr *jetstream.APIError
			if !errors.As(c.err, &apiErr) {
				t.Fatalf("OnAck error = %v, want a *jetstream.APIError", c.err)
			}
			if apiErr.ErrorCode != tc.code || apiErr.Description != tc.description {
				t.Errorf("OnAck API error = %d %q, want %d %q", apiErr.ErrorCode, apiErr.Description, tc.code, tc.description)
			}
		})
	}
}

func TestAckPublisherTimeout(t *testing.T) {
	bustest.CheckGoroutines(t)
	nc := bustest.Connect(t, bustest.NewServer(t))
	got := silence(t, nc, "silent.>")
	r := newAckRecorder()
	p := newAckPublisher(t, nc, 200*time.Millisecond, r)

	hdr := nats.Header{"Geyserjet-Test": {"yes"}}
	for i := range 3 {
		if err := p.Publish("silent.x", fmt.Sprint("id-", i), hdr, []byte("x"), i); err != nil {
			t.Fatal(err)
		}
	}
	m := <-got
	if m.Header.Get(nats.MsgIdHdr) != "id-0" || m.Header.Get("Geyserjet-Test") != "yes" || !strings.HasPrefix(m.Reply, nats.InboxPrefix) {
		t.Errorf("received header %v reply %q, want Nats-Msg-Id id-0, Geyserjet-Test yes, a reply in %s", m.Header, m.Reply, nats.InboxPrefix)
	}
	bustest.WaitFor(t, 5*time.Second, func() bool { return r.count() == 3 })
	for i := range 3 {
		if c := r.once(t, i); !errors.Is(c.err, jetstream.ErrAsyncPublishTimeout) {
			t.Errorf("OnAck(%d) error = %v, want jetstream.ErrAsyncPublishTimeout", i, c.err)
		}
	}
	if n := p.Pending(); n != 0 {
		t.Errorf("Pending() = %d after the timeouts, want 0", n)
	}
}

// TestAckPublisherReplies answers publishes from a core subscriber with the bodies a server could
// send, in the shapes scanAck reads and those left to encoding/json, and checks that an ack arriving
// after its timeout is ignored.
func TestAckPublisherReplies(t *testing.T) {
	bustest.CheckGoroutines(t)
	nc := bustest.Connect(t, bustest.NewServer(t))
	echo, err := nc.Subscribe("echo.>", func(m *nats.Msg) { _ = m.Respond(m.Data) }) // the body is the ack
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = echo.Unsubscribe() })
	status, err := nc.Subscribe("status.>", func(m *nats.Msg) {
		_ = m.RespondMsg(&nats.Msg{Header: nats.Header{"Status": {"408"}, "Description": {"Request Timeout"}}})
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = status.Unsubscribe() })
	late := silence(t, nc, "late.>")
	r := newAckRecorder()
	p := newAckPublisher(t, nc, 500*time.Millisecond, r)

	for _, tc := range []struct {
		name, body string
		want       Ack
		wantErr    error
	}{
		{"plain", `{"stream":"S","seq":7}`, Ack{Stream: "S", Seq: 7}, nil},
		{"domain and duplicate", `{"stream":"S","domain":"hub","seq":8,"duplicate": true}`, Ack{Stream: "S", Seq: 8, Duplicate: true}, nil},
		{"spaces", " {\n \"stream\" : \"T\" , \"seq\" : 9 } ", Ack{Stream: "T", Seq: 9}, nil},
		{"escape", `{"stream":"S\u0031","seq":10}`, Ack{Stream: "S1", Seq: 10}, nil},
		{"batch", `{"stream":"S","seq":11,"batch":"b","count":2}`, Ack{Stream: "S", Seq: 11}, nil},
		{"api error", `{"error":{"code":503,"err_code":10077,"description":"no suitable peers"},"stream":"S","seq":0}`, Ack{}, &jetstream.APIError{ErrorCode: 10077}},
		{"not json", `no`, Ack{}, jetstream.ErrInvalidJSAck},
		{"no stream", `{"seq":1}`, Ack{}, jetstream.ErrInvalidJSAck},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := p.Publish("echo.x", "", nil, []byte(tc.body), tc.name); err != nil {
				t.Fatal(err)
			}
			c := r.wait(t, tc.name)
			if c.ack != tc.want || (tc.wantErr == nil) != (c.err == nil) || (tc.wantErr != nil && !errors.Is(c.err, tc.wantErr)) {
				t.Errorf("OnAck for %s = %+v, %v; want %+v, %v", tc.body, c.ack, c.err, tc.want, tc.wantErr)
			}
		})
	}

	if err := p.Publish("status.x", "", nil, []byte("x"), "status"); err != nil {
		t.Fatal(err)
	}
	if c := r.wait(t, "status"); !errors.Is(c.err, jetstream.ErrInvalidJSAck) || !strings.Contains(c.err.Error(), "408") {
		t.Errorf("OnAck for a 408 status = %v, want jetstream.ErrInvalidJSAck naming the status", c.err)
	}

	// A late ack is ignored: the one after it, through the same subscription, arrives later.
	if err := p.Publish("late.x", "", nil, nil, "late"); err != nil {
		t.Fatal(err)
	}
	m := <-late
	if c := r.wait(t, "late"); !errors.Is(c.err, jetstream.ErrAsyncPublishTimeout) {
		t.Fatalf("OnAck for an unanswered publish = %v, want jetstream.ErrAsyncPublishTimeout", c.err)
	}
	if err := m.Respond([]byte(`{"stream":"S","seq":12}`)); err != nil {
		t.Fatal(err)
	}
	if err := p.Publish("echo.x", "", nil, []byte(`{"stream":"S","seq":13}`), "after"); err != nil {
		t.Fatal(err)
	}
	r.wait(t, "after")
	r.once(t, "late")
}

// TestAckPublisherDisconnect shuts the server down with publishes in flight: each is reported
// once, acknowledged or with nats.ErrDisconnected; after a restart publishes are acknowledged.
func TestAckPublisherDisconnect(t *testing.T) {
	bustest.CheckGoroutines(t)
	dir := t.TempDir()
	srv := bustest.NewServerAt(t, dir)
	nc := bustest.Connect(t, srv)
	createStream(t, nc, jetstream.StreamConfig{Name: "DISC", Subjects: []string{"disc.>"}})
	silence(t, nc, "silent.>")
	r := newAckRecorder()
	p := newAckPublisher(t, nc, time.Minute, r)

	const n, silent = 2000, 100
	for i := range n + silent {
		subject := "disc.x"
		if i >= n {
			subject = "silent.x"
		}
		if err := p.Publish(subject, fmt.Sprint("id-", i), nil, make([]byte, 100), i); err != nil {
			t.Fatalf("Publish %d: %v", i, err)
		}
	}
	srv.Shutdown()
	srv.WaitForShutdown()
	bustest.WaitFor(t, 10*time.Second, func() bool { return r.count() >= n+silent })
	lost, noStream := 0, 0
	for i := range n + silent {
		c := r.once(t, i)
		switch {
		case errors.Is(c.err, nats.ErrDisconnected):
			lost++
		case i >= n:
			t.Errorf("OnAck(%d) for an unanswered publish = %+v, %v; want nats.ErrDisconnected", i, c.ack, c.err)
		case errors.Is(c.err, nats.ErrNoResponders): // JetStream stopped before the connection closed
			noStream++
		case c.err != nil || c.ack.Stream != "DISC":
			t.Errorf("OnAck(%d) = %+v, %v; want an ack from DISC, nats.ErrDisconnected or nats.ErrNoResponders", i, c.ack, c.err)
		}
	}
	t.Logf("of %d publishes, %d lost with the connection, %d without a stream in the shutdown", n+silent, lost, noStream)

	bustest.NewServerAt(t, dir)
	bustest.WaitFor(t, 10*time.Second, nc.IsConnected)
	deadline := time.Now().Add(10 * time.Second)
	for try := 0; ; try++ { // JetStream may need a moment after the restart
		token := fmt.Sprint("after-", try)
		if err := p.Publish("disc.x", "after", nil, []byte("x"), token); err != nil {
			t.Fatal(err)
		}
		c := r.wait(t, token)
		if c.err == nil && c.ack.Stream == "DISC" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("publish after restart: %+v, %v", c.ack, c.err)
		}
	}
	for i := range n + silent {
		r.once(t, i) // and no late ack for any
	}
}

func TestAckPublisherConnectionClosed(t *testing.T) {
	bustest.CheckGoroutines(t)
	nc := bustest.Connect(t, bustest.NewServer(t))
	silence(t, nc, "silent.>")
	r := newAckRecorder()
	p := newAckPublisher(t, nc, time.Minute, r)

	for i := range 10 {
		if err := p.Publish("silent.x", "", nil, nil, i); err != nil {
			t.Fatal(err)
		}
	}
	nc.Close()
	bustest.WaitFor(t, 5*time.Second, func() bool { return r.count() == 10 })
	for i := range 10 {
		if c := r.once(t, i); !errors.Is(c.err, nats.ErrConnectionClosed) {
			t.Errorf("OnAck(%d) error = %v, want nats.ErrConnectionClosed", i, c.err)
		}
	}
	if err := p.Publish("silent.x", "", nil, nil, "later"); !errors.Is(err, nats.ErrConnectionClosed) {
		t.Errorf("Publish on a closed connection = %v, want nats.ErrConnectionClosed", err)
	}
}

func TestAckPublisherClose(t *testing.T) {
	bustest.CheckGoroutines(t)
	nc := bustest.Connect(t, bustest.NewServer(t))
	silence(t, nc, "silent.>")
	r := newAckRecorder()
	p, err := NewAckPublisher(nc, AckConfig{OnAck: r.onAck})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		if err := p.Publish("silent.x", "", nil, nil, i); err != nil {
			t.Fatal(err)
		}
	}
	p.Close()
	if n := r.count(); n != 10 { // reported before Close returns
		t.Fatalf("OnAck called %d times by Close, want 10", n)
	}
	for i := range 10 {
		if c := r.once(t, i); !errors.Is(c.err, ErrPublisherClosed) {
			t.Errorf("OnAck(%d) error = %v, want ErrPublisherClosed", i, c.err)
		}
	}
	if err := p.Publish("silent.x", "", nil, nil, "later"); !errors.Is(err, ErrPublisherClosed) {
		t.Errorf("Publish after Close = %v, want ErrPublisherClosed", err)
	}
	if n := p.Pending(); n != 0 {
		t.Errorf("Pending() after Close = %d, want 0", n)
	}
	p.Close() // again: nothing
	if n := r.count(); n != 10 {
		t.Errorf("OnAck called %d times, want 10", n)
	}
}

func TestNewAckPublisherErrors(t *testing.T) {
	bustest.CheckGoroutines(t)
	nc := bustest.Connect(t, bustest.NewServer(t))
	onAck := func(any, Ack, error) {}
	closed := bustest.Connect(t, bustest.NewServer(t))
	closed.Close()
	for _, tc := range []struct {
		name string
		nc   *nats.Conn
		cfg  AckConfig
		want error
	}{
		{"nil connection", nil, AckConfig{OnAck: onAck}, nil},
		{"no OnAck", nc, AckConfig{}, nil},
		{"negative timeout", nc, AckConfig{Timeout: -time.Second, OnAck: onAck}, nil},
		{"closed connection", closed, AckConfig{OnAck: onAck}, nats.ErrConnectionClosed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := NewAckPublisher(tc.nc, tc.cfg)
			if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
				if p != nil {
					p.Close()
				}
				t.Errorf("NewAckPublisher = %v, want an error (%v)", err, tc.want)
			}
		})
	}
}

// TestAckPublisherPublishAllocs measures the allocations of Publish alone while the server is
// down, so that neither the server nor the acks count; the figure is logged (-v).
func TestAckPublisherPublishAllocs(t *testing.T) {
	bustest.CheckGoroutines(t)
	srv := bustest.NewServer(t)
	nc := bustest.Connect(t, srv)
	p, err := NewAckPublisher(nc, AckConfig{Timeout: time.Hour, OnAck: func(any, Ack, error) {}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	srv.Shutdown()
	srv.WaitForShutdown()
	bustest.WaitFor(t, 5*time.Second, func() bool { return nc.Status() == nats.RECONNECTING })
	data := make([]byte, 1400)
	id := "5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW:3.1:trade:1"
	for _, tc := range []struct {
		name string
		hdr  nats.Header
		max  float64
	}{
		// Two for the header bytes (nats.go's Msg.headerBytes: a bytes.Buffer and its slice), one
		// for the reply string.
		{"msg id", nil, 3},
		{"msg id and header", nats.Header{"Geyserjet-Slot": {"123"}}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			allocs := testing.AllocsPerRun(1000, func() {
				if err := p.Publish("sol.high.pumpfun.trade.Mint1", id, tc.hdr, data, nil); err != nil {
					t.Fatal(err)
				}
			})
			t.Logf("Publish: %.2f allocs", allocs)
			if allocs > tc.max && !raceEnabled() {
				t.Errorf("Publish allocates %.2f times, want at most %v", allocs, tc.max)
			}
		})
	}
}

// raceEnabled reports whether the race detector is on; it changes allocation counts.
func raceEnabled() bool {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "-race" {
				return s.Value == "true"
			}
		}
	}
	return false
}

func TestScanAck(t *testing.T) {
	for _, tc := range []struct {
		body   string
		stream string
		seq    uint64
		dup    bool
		ok     bool
	}{
		{`{"stream":"S","seq":1}`, "S", 1, false, true},
		{`{"stream":"SOL_HIGH","domain":"hub","seq":18446744073709551615}`, "SOL_HIGH", 1<<64 - 1, false, true},
		{`{"stream":"S","seq":2,"duplicate": true}`, "S", 2, true, true},
		{`{"seq":3,"duplicate":false,"stream":"S"} `, "S", 3, false, true},
		{`{"stream":"S","seq":18446744073709551616}`, "", 0, false, false}, // overflows
		{`{"stream":"S","seq":01}`, "", 0, false, false},
		{`{"stream":"S","seq":1.0}`, "", 0, false, false},
		{`{"stream":"S","seq":1e3}`, "", 0, false, false},
		{`{"stream":"S","seq":-1}`, "", 0, false, false},
		{`{"stream":"S"}`, "", 0, false, false},
		{`{"stream":"","seq":1}`, "", 0, false, false},
		{`{"stream":"S","seq":1,}`, "", 0, false, false},
		{`{"stream":"S","seq":1}x`, "", 0, false, false},
		{`{"stream":"S","seq":1`, "", 0, false, false},
		{`{"stream":"S\"","seq":1}`, "", 0, false, false},
		{`{"stream":"S","stream":"T","seq":1}`, "", 0, false, false},
		{`{"Stream":"S","seq":1}`, "", 0, false, false}, // encoding/json matches keys case-insensitively
		{`{"stream":"S","seq":1,"error":{"code":400}}`, "", 0, false, false},
		{`{"stream":"S","seq":1,"duplicate":null}`, "", 0, false, false},
		{"{\"stream\":\"\xff\",\"seq\":1}", "", 0, false, false},
		{``, "", 0, false, false},
		{`{}`, "", 0, false, false},
	} {
		stream, seq, dup, ok := scanAck([]byte(tc.body))
		if string(stream) != tc.stream || seq != tc.seq || dup != tc.dup || ok != tc.ok {
			t.Errorf("scanAck(%s) = %q, %d, %v, %v; want %q, %d, %v, %v", tc.body, stream, seq, dup, ok, tc.stream, tc.seq, tc.dup, tc.ok)
		}
	}
}

// FuzzScanAck checks that whatever scanAck reads, encoding/json reads the same.
func FuzzScanAck(f *testing.F) {
	for _, s := range []string{
		`{"stream":"S","seq":1}`,
		`{"stream":"S","domain":"d","seq":22,"duplicate": true}`,
		` { "seq" : 3 , "stream" : "S" } `,
		`{"error":{"code":503,"err_code":10077,"description":"no suitable peers"},"stream":"S","seq":0}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		stream, seq, dup, ok := scanAck(b)
		ack, err := decodeAck(b)
		if !ok {
			return
		}
		if err != nil || ack != (Ack{Stream: string(stream), Seq: seq, Duplicate: dup}) {
			t.Fatalf("scanAck(%q) = %q, %d, %v; encoding/json: %+v, %v", b, stream, seq, dup, ack, err)
		}
	})
}
