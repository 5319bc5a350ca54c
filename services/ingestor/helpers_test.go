package ingestor

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mr-tron/base58"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"

	"github.com/geyserjet/geyserjet/pkg/bus"
	"github.com/geyserjet/geyserjet/pkg/events"
	"github.com/geyserjet/geyserjet/pkg/geysersim"
	"github.com/geyserjet/geyserjet/pkg/monitors"
)

// monitorsFile is the shipped monitors file: the tests run the fifteen monitors users get.
const monitorsFile = "../../deploy/monitors.yaml"

// market is a finished run of geysersim's market: the updates of its first slots and the ledger
// of the events they hold.
type market struct {
	items  []geysersim.Item
	ledger []events.Event
}

// newMarket generates slots slots of geysersim's market with seed.
func newMarket(t testing.TB, seed uint64, slots int) *market {
	t.Helper()
	m := geysersim.NewMarket(geysersim.MarketConfig{Seed: seed, Record: true})
	var mk market
	var last uint64
	for {
		it, err := m.Next(context.Background())
		if err != nil {
			t.Fatalf("market: %v", err)
		}
		s := updateSlot(it.Update)
		if last == 0 {
			last = s + uint64(slots) - 1
		}
		if s > last {
			break
		}
		mk.items = append(mk.items, it)
	}
	for _, e := range m.Ledger().Events {
		if e.Slot <= last {
			mk.ledger = append(mk.ledger, e)
		}
	}
	return &mk
}

// gatedSource serves a market's updates once open is closed, then ends.
type gatedSource struct {
	items []geysersim.Item
	open  chan struct{}
	i     int
}

func (s *gatedSource) Next(ctx context.Context) (geysersim.Item, error) {
	select {
	case <-s.open:
	case <-ctx.Done():
		return geysersim.Item{}, ctx.Err()
	}
	if s.i == len(s.items) {
		return geysersim.Item{}, io.EOF
	}
	it := s.items[s.i]
	s.i++
	return it, nil
}

// sim is a running geysersim serving a market once started.
type sim struct {
	*geysersim.Server
	src *gatedSource
}

// startSim serves mk's updates (after sim.start) at rate updates/s (negative: unpaced).
func startSim(t *testing.T, mk *market, rate float64) *sim {
	t.Helper()
	src := &gatedSource{items: mk.items, open: make(chan struct{})}
	s, err := geysersim.New(geysersim.Config{Listen: "127.0.0.1:0", Admin: "off", Source: src, Rate: rate,
		Block: true, DialLimit: -1})
	if err != nil {
		t.Fatalf("geysersim: %v", err)
	}
	serveSim(t, s)
	return &sim{Server: s, src: src}
}

// serveSim serves s until the end of the test.
func serveSim(t *testing.T, s *geysersim.Server) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("geysersim: %v", err)
		}
	})
}

// start opens the source once n streams are subscribed, so that no stream misses the start.
func (s *sim) start(t *testing.T, n int) {
	t.Helper()
	waitFor(t, 20*time.Second, fmt.Sprintf("%d streams subscribed", n), func() bool { return s.Stats(false).OpenStreams >= n })
	close(s.src.open)
}

// waitFor polls cond until it holds, failing the test after timeout.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %v: %s", timeout, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// testConfig is an ingestor config for the NATS server ns and geysersim gs.
func testConfig(t testing.TB, ns *server.Server, gs *sim, id string) Config {
	t.Helper()
	return testConfigAt(t, ns.ClientURL(), gs.Addr().String(), id)
}

// testConfigAt is testConfig for the NATS server at url and the provider at endpoint.
func testConfigAt(t testing.TB, url, endpoint, id string) Config {
	t.Helper()
	ms, err := monitors.LoadFile(monitorsFile)
	if err != nil {
		t.Fatal(err)
	}
	return Config{
		ID:       id,
		NATSURL:  url,
		Endpoint: endpoint,
		Insecure: true,
		Monitors: ms,
		Streams: bus.StreamsConfig{
			Low: bus.StreamLimits{MaxMsgsPerSubject: -1}, // keep every slot event for the checks
		},
		HTTPAddr: "127.0.0.1:0",
		Registry: prometheus.NewRegistry(),
	}
}

// running is an ingestor Run in the background.
type running struct {
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
	err    error
}

// startIngestor runs cfg until stop or the end of the test.
func startIngestor(t *testing.T, cfg Config) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- Run(ctx, cfg) }()
	t.Cleanup(func() {
		if err := r.stop(); err != nil {
			t.Errorf("Run = %v, want nil", err)
		}
	})
	return r
}

// stop cancels Run and returns its result.
func (r *running) stop() error {
	r.once.Do(func() {
		r.cancel()
		r.err = <-r.done
	})
	return r.err
}

// message is one stored message.
type message struct {
	stream  string
	subject string
	id      string
	header  nats.Header
	data    []byte
}

// readStream returns every message stored in stream.
func readStream(t *testing.T, js jetstream.JetStream, stream string) []message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := js.Stream(ctx, stream)
	if err != nil {
		t.Fatalf("stream %s: %v", stream, err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatalf("stream %s info: %v", stream, err)
	}
	var out []message
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq && info.State.Msgs > 0; seq++ {
		m, err := s.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			t.Fatalf("stream %s seq %d: %v", stream, seq, err)
		}
		out = append(out, message{stream: stream, subject: m.Subject, id: m.Header.Get(nats.MsgIdHdr), header: m.Header, data: m.Data})
	}
	return out
}

// streamMsgs returns how many messages stream holds.
func streamMsgs(t *testing.T, js jetstream.JetStream, stream string) uint64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := js.Stream(ctx, stream)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		return 0
	}
	if err != nil {
		t.Fatalf("stream %s: %v", stream, err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		t.Fatalf("stream %s info: %v", stream, err)
	}
	return info.State.Msgs
}

// expectation is what the event streams must hold for a market and a set of monitors: the
// oracle. It matches the monitors' filters against the updates itself (Yellowstone's rules, as
// DESIGN.md and pkg/monitors state them) instead of trusting the Router.
type expectation struct {
	// events by Nats-Msg-Id: the ledger event and the monitor sets it may carry (one per stream
	// whose monitors want it; the first stream to publish it wins the dedup).
	events  map[string]expected
	slots   map[string]bool // msg ids of the processed slot events of the ledger
	streams map[string]uint64
}

type expected struct {
	event    events.Event
	subject  string
	monitors [][]string
}

func expect(t *testing.T, mk *market, ms []monitors.Monitor) *expectation {
	t.Helper()
	matched := make(map[string][]*monitors.Monitor) // source key -> monitors whose filter matched
	for _, it := range mk.items {
		u := it.Update
		var key string
		switch {
		case u.GetTransaction() != nil:
			key = base58.Encode(u.GetTransaction().GetTransaction().GetSignature())
		case u.GetAccount() != nil:
			a := u.GetAccount()
			key = fmt.Sprintf("%s:%d:%d", base58.Encode(a.GetAccount().GetPubkey()), a.Slot, a.GetAccount().GetWriteVersion())
		default:
			continue
		}
		for i := range ms {
			if matches(t, &ms[i].Filter, u) {
				matched[key] = append(matched[key], &ms[i])
			}
		}
	}
	x := &expectation{events: make(map[string]expected), slots: make(map[string]bool), streams: make(map[string]uint64)}
	for _, e := range mk.ledger {
		program, kind := e.Body.Program(), e.Body.Kind()
		if kind == events.Slot {
			if wantsSlots(ms) {
				x.slots[e.MsgID()] = true
			}
			continue
		}
		key := e.Account.String() + fmt.Sprintf(":%d:%d", e.Slot, e.WriteVersion)
		if !e.IsAccount() {
			key = e.Signature.String()
		}
		byStream := make(map[string][]string)
		for _, m := range matched[key] {
			if (len(m.Kinds) == 0 || slices.Contains(m.Kinds, kind)) && (len(m.Programs) == 0 || slices.Contains(m.Programs, program)) {
				c := m.Commitment
				if c == "" {
					c = monitors.Processed
				}
				sk := string(m.Group) + "-" + string(c)
				byStream[sk] = append(byStream[sk], m.ID)
			}
		}
		if len(byStream) == 0 {
			continue
		}
		// Every stream that publishes the event names every monitor that asked for it.
		ex := expected{event: e, subject: e.Subject()}
		var all []string
		for _, ids := range byStream {
			all = append(all, ids...)
		}
		slices.Sort(all)
		ex.monitors = [][]string{slices.Compact(all)}
		id := e.MsgID()
		if _, dup := x.events[id]; dup {
			t.Fatalf("ledger: two events with msg id %s", id)
		}
		x.events[id] = ex
		x.streams[streamOf(ex.subject)]++
	}
	return x
}

func wantsSlots(ms []monitors.Monitor) bool {
	for _, m := range ms {
		if m.Filter.Slots != nil && (len(m.Kinds) == 0 || slices.Contains(m.Kinds, events.Slot)) {
			return true
		}
	}
	return false
}

func streamOf(subject string) string {
	switch {
	case strings.HasPrefix(subject, "sol.high."):
		return bus.StreamHigh
	case strings.HasPrefix(subject, "sol.medium."):
		return bus.StreamMedium
	default:
		return bus.StreamLow
	}
}

// matches applies Yellowstone's filter semantics for the parts the monitors use.
func matches(t *testing.T, f *monitors.Filter, u *pb.SubscribeUpdate) bool {
	t.Helper()
	dec := func(s string) string {
		b, err := base58.Decode(s)
		if err != nil {
			t.Fatalf("address %s: %v", s, err)
		}
		return string(b)
	}
	if tx := u.GetTransaction().GetTransaction(); tx != nil && f.Transactions != nil {
		tf := f.Transactions
		if tf.Vote != nil && *tf.Vote != tx.IsVote {
			return false
		}
		failed := tx.GetMeta().GetErr() != nil
		if tf.Failed != nil && *tf.Failed != failed {
			return false
		}
		keys := make(map[string]bool)
		for _, k := range tx.GetTransaction().GetMessage().GetAccountKeys() {
			keys[string(k)] = true
		}
		for _, k := range tx.GetMeta().GetLoadedWritableAddresses() {
			keys[string(k)] = true
		}
		for _, k := range tx.GetMeta().GetLoadedReadonlyAddresses() {
			keys[string(k)] = true
		}
		if len(tf.AccountInclude) > 0 && !slices.ContainsFunc(tf.AccountInclude, func(a string) bool { return keys[dec(a)] }) {
			return false
		}
		if slices.ContainsFunc(tf.AccountExclude, func(a string) bool { return keys[dec(a)] }) {
			return false
		}
		for _, a := range tf.AccountRequired {
			if !keys[dec(a)] {
				return false
			}
		}
		return true
	}
	if a := u.GetAccount().GetAccount(); a != nil && f.Accounts != nil {
		af := f.Accounts
		if len(af.Account) > 0 && !slices.ContainsFunc(af.Account, func(s string) bool { return dec(s) == string(a.Pubkey) }) {
			return false
		}
		if len(af.Owner) > 0 && !slices.ContainsFunc(af.Owner, func(s string) bool { return dec(s) == string(a.Owner) }) {
			return false
		}
		if af.Datasize != nil && uint64(len(a.Data)) != *af.Datasize {
			return false
		}
		for _, mc := range af.Memcmp {
			want, err := hex.DecodeString(mc.Hex)
			if err != nil || mc.Hex == "" {
				t.Fatalf("test oracle: memcmp %+v: only hex is supported", mc)
			}
			if uint64(len(a.Data)) < mc.Offset+uint64(len(want)) || !bytes.Equal(a.Data[mc.Offset:mc.Offset+uint64(len(want))], want) {
				return false
			}
		}
		return true
	}
	return false
}

// check compares the event streams with x: every expected event once, on its subject, with one
// of its monitor sets; nothing unexpected; every processed slot once. It returns the messages.
func (x *expectation) check(t *testing.T, js jetstream.JetStream) []message {
	t.Helper()
	var all []message
	for _, s := range []string{bus.StreamHigh, bus.StreamMedium, bus.StreamLow} {
		all = append(all, readStream(t, js, s)...)
	}
	count := make(map[string]int)
	for _, m := range all {
		count[m.id]++
		if count[m.id] == 2 {
			t.Errorf("msg id %s stored twice (subject %s)", m.id, m.subject)
		}
		var h events.Header
		if err := json.Unmarshal(m.data, &h); err != nil {
			t.Errorf("%s: %s: bad JSON: %v", m.subject, m.id, err)
			continue
		}
		if h.Kind == events.Slot {
			if !strings.HasPrefix(m.subject, "sol.low.chain.slot.") || !slices.Equal(h.Monitors, []string{"slot"}) {
				t.Errorf("slot event %s on %s with monitors %v", m.id, m.subject, h.Monitors)
			}
			continue
		}
		ex, ok := x.events[m.id]
		if !ok {
			t.Errorf("unexpected message %s on %s (monitors %v)", m.id, m.subject, h.Monitors)
			continue
		}
		if m.subject != ex.subject {
			t.Errorf("%s: subject %s, want %s", m.id, m.subject, ex.subject)
		}
		if !slices.ContainsFunc(ex.monitors, func(ids []string) bool { return slices.Equal(ids, h.Monitors) }) {
			t.Errorf("%s on %s: monitors %v, want one of %v", m.id, m.subject, h.Monitors, ex.monitors)
		}
		if h.Slot != ex.event.Slot || h.Program != ex.event.Body.Program() {
			t.Errorf("%s: slot %d program %s, want %d %s", m.id, h.Slot, h.Program, ex.event.Slot, ex.event.Body.Program())
		}
	}
	missing := 0
	for id, ex := range x.events {
		if count[id] == 0 {
			if missing++; missing <= 10 {
				t.Errorf("missing %s on %s", id, ex.subject)
			}
		}
	}
	for id := range x.slots {
		if count[id] == 0 {
			if missing++; missing <= 10 {
				t.Errorf("missing slot event %s", id)
			}
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d expected events missing", missing, len(x.events)+len(x.slots))
	}
	return all
}

// done reports whether the streams hold at least the expected events.
func (x *expectation) done(t *testing.T, js jetstream.JetStream) bool {
	for _, s := range []string{bus.StreamHigh, bus.StreamMedium, bus.StreamLow} {
		want := x.streams[s]
		if s == bus.StreamLow {
			want += uint64(len(x.slots))
		}
		if streamMsgs(t, js, s) < want {
			return false
		}
	}
	return true
}

func jetStream(t testing.TB, ns *server.Server) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	return jetStreamAt(t, ns.ClientURL())
}

// jetStreamAt connects to the NATS server at url until the end of the test.
func jetStreamAt(t testing.TB, url string) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	nc, err := nats.Connect(url, nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return nc, js
}
