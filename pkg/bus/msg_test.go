package bus_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/geyserjet/geyserjet/pkg/bus"
	"github.com/geyserjet/geyserjet/pkg/bus/bustest"
)

func TestNewMsg(t *testing.T) {
	data := []byte(`{"v":1,"kind":"trade"}`)
	hdr := nats.Header{"Geyserjet-Monitors": []string{"m1"}}
	m := bus.NewMsg("sol.high.pumpfun.trade.M", "sig:3:trade", data, hdr)
	if m.Subject != "sol.high.pumpfun.trade.M" || m.Header.Get(nats.MsgIdHdr) != "sig:3:trade" || m.Header.Get("Geyserjet-Monitors") != "m1" {
		t.Errorf("NewMsg = %+v", m)
	}
	if &m.Data[0] != &data[0] {
		t.Error("NewMsg copied the data")
	}
	if m := bus.NewMsg("s", "", data, nil); m.Header != nil {
		t.Errorf("NewMsg without id set headers %v", m.Header)
	}
	if n := testing.AllocsPerRun(100, func() { bus.NewMsg("s", "id", data, hdr) }); n > 2 {
		t.Errorf("NewMsg with a header allocates %v times, want at most 2 (msg, id slice)", n)
	}
}

func TestDeadLetter(t *testing.T) {
	raw := []byte{0x0a, 0x00, 0xff, 0x42}
	cases := []struct {
		name        string
		dl          bus.DeadLetter
		wantSubject string
		wantHeaders map[string]string
	}{
		{"ingestor decode error",
			bus.DeadLetter{Service: "ingestor", Kind: "pumpfun", Data: raw,
				Err:      errors.New("pumpfun: decode TradeEvent: sol_amount at offset 40: need 8 bytes, have 3: short data"),
				Monitors: []string{"pumpfun-price", "pumpfun-tx"}, Subject: "sol.high.pumpfun.trade.M", Slot: 312345678,
				Signature: "5VERv8NMvzbJ", MsgID: "5VERv8NMvzbJ:3:trade"},
			"dlq.ingestor.pumpfun",
			map[string]string{
				bus.HeaderError:     "pumpfun: decode TradeEvent: sol_amount at offset 40: need 8 bytes, have 3: short data",
				bus.HeaderMonitors:  "pumpfun-price,pumpfun-tx",
				bus.HeaderSubject:   "sol.high.pumpfun.trade.M",
				bus.HeaderSlot:      "312345678",
				bus.HeaderSignature: "5VERv8NMvzbJ",
				bus.HeaderService:   "ingestor",
				nats.MsgIdHdr:       "5VERv8NMvzbJ:3:trade",
			}},
		{"consumer, error with URL credentials and newlines",
			bus.DeadLetter{Service: "trading", Kind: "candle", Data: raw,
				Err: errors.New("publish to nats://svc:Pa55w0rd@nats:4222 failed\r\nInjected-Header: x")},
			"dlq.trading.candle",
			map[string]string{
				bus.HeaderError:   "publish to nats://nats:4222 failed  Injected-Header: x",
				bus.HeaderService: "trading",
			}},
		{"odd tokens", bus.DeadLetter{Service: "", Kind: "a.b *>"}, "dlq.unknown.a_b___", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.dl.Msg()
			if m.Subject != tc.wantSubject {
				t.Errorf("Msg().Subject = %q, want %q", m.Subject, tc.wantSubject)
			}
			for k, want := range tc.wantHeaders {
				if got := m.Header.Get(k); got != want {
					t.Errorf("header %s = %q, want %q", k, got, want)
				}
			}
			if tc.dl.Data != nil && &m.Data[0] != &tc.dl.Data[0] {
				t.Error("Msg copied the data")
			}
		})
	}
	long := bus.DeadLetter{Service: "ingestor", Kind: "pumpfun", Err: errors.New(strings.Repeat("é", 2000))}.Msg()
	if e := long.Header.Get(bus.HeaderError); len(e) > bus.MaxErrorHeader+len("…") || !strings.HasSuffix(e, "…") || strings.ContainsRune(e, '\uFFFD') {
		t.Errorf("long error header: %d bytes, suffix %q", len(e), e[len(e)-4:])
	}
}

// TestDeadLetterStored publishes dead letters into the DLQ stream and reads them back, raw bytes
// and headers intact, deduplicated by MsgID.
func TestDeadLetterStored(t *testing.T) {
	bustest.CheckGoroutines(t)
	js := newJS(t, bustest.Connect(t, bustest.NewServer(t)))
	ctx := t.Context()
	if _, err := bus.EnsureStreams(ctx, js, bus.StreamsConfig{}); err != nil {
		t.Fatal(err)
	}
	dl := bus.DeadLetter{Service: "ingestor", Kind: "launchlab", Data: []byte{0, 1, 2, 0xfe},
		Err: errors.New("unknown discriminator 0x0102030405060708"), Monitors: []string{"launchlab-mint"}, Slot: 7, MsgID: "sig:1:dlq"}
	for range 2 {
		ack, err := js.PublishMsg(ctx, dl.Msg())
		if err != nil {
			t.Fatal(err)
		}
		if ack.Stream != bus.StreamDLQ {
			t.Errorf("dead letter went to %s, want %s", ack.Stream, bus.StreamDLQ)
		}
	}
	s, err := js.Stream(ctx, bus.StreamDLQ)
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.GetLastMsgForSubject(ctx, "dlq.ingestor.launchlab")
	if err != nil {
		t.Fatal(err)
	}
	if string(m.Data) != string(dl.Data) || m.Header.Get(bus.HeaderError) != dl.Err.Error() ||
		m.Header.Get(bus.HeaderMonitors) != "launchlab-mint" || m.Header.Get(bus.HeaderSlot) != "7" {
		t.Errorf("stored dead letter %q %v", m.Data, m.Header)
	}
	info, err := s.Info(ctx)
	if err != nil || info.State.Msgs != 1 {
		t.Errorf("DLQ holds %v messages (%v), want 1", info.State.Msgs, err)
	}
}

// TestPublishAsyncWaitsForWindow fills a window of one with a publish that a slow responder
// acknowledges after twice the stall wait: the next PublishAsync waits instead of failing. With
// no responder at all, it gives up when ctx ends.
func TestPublishAsyncWaitsForWindow(t *testing.T) {
	bustest.CheckGoroutines(t)
	nc := bustest.Connect(t, bustest.NewServer(t))
	ack := []byte(`{"stream":"SLOW","seq":1}`)
	sub, err := nc.Subscribe("slow.>", func(m *nats.Msg) {
		time.Sleep(400 * time.Millisecond)
		m.Respond(ack)
	})
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Unsubscribe()
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(1))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := bus.PublishAsync(t.Context(), js, bus.NewMsg("slow.x", fmt.Sprint(i), nil, nil)); err != nil {
			t.Fatalf("PublishAsync %d: %v", i, err)
		}
	}
	<-js.PublishAsyncComplete()

	silent, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(1), jetstream.WithPublishAsyncTimeout(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := nc.Subscribe("silent", func(*nats.Msg) {}); err != nil { // never acknowledges
		t.Fatal(err)
	}
	if _, err := bus.PublishAsync(t.Context(), silent, bus.NewMsg("silent", "1", nil, nil)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	_, err = bus.PublishAsync(ctx, silent, bus.NewMsg("silent", "2", nil, nil))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("PublishAsync with a full window and ctx ending = %v, want context.DeadlineExceeded", err)
	}
	silent.CleanupPublisher()
}
