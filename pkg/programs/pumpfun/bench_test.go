package pumpfun_test

import (
	"testing"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/protobuf/proto"

	"github.com/geyserjet/geyserjet/pkg/decoder"
	"github.com/geyserjet/geyserjet/pkg/decoder/decodertest"
	"github.com/geyserjet/geyserjet/pkg/events"
)

// tradeUpdate returns the transaction update of a typical direct buy with a self-CPI TradeEvent.
func tradeUpdate(b *testing.B) *pb.SubscribeUpdate {
	b.Helper()
	for _, u := range decodertest.Load(b, "pumpfun_buy_2ghHZXwy.json") {
		if u.GetTransaction() != nil {
			return u
		}
	}
	b.Fatal("no transaction update")
	return nil
}

// BenchmarkDecodePumpfunTrade measures the ingestor's hot path for one trade update: decode, then
// subject, Nats-Msg-Id and JSON into one reused buffer.
func BenchmarkDecodePumpfunTrade(b *testing.B) {
	u := tradeUpdate(b)
	d := decoder.New(decoder.Options{Ingestor: "bench"})
	out := make([]events.Event, 0, 8)
	buf := make([]byte, 0, 4096)
	b.ReportAllocs()
	for b.Loop() {
		out, _ = d.Decode(u, out[:0])
		buf = buf[:0]
		for i := range out {
			e := &out[i]
			buf = e.AppendSubject(buf, e.Priority())
			buf = e.AppendMsgID(buf)
			buf = e.AppendJSON(buf)
		}
	}
	if len(out) != 1 || out[0].Body.Kind() != events.Trade {
		b.Fatalf("decoded %d events, want one trade", len(out))
	}
}

// BenchmarkUnmarshalPumpfunTrade measures proto.Unmarshal of the same update, for comparison.
func BenchmarkUnmarshalPumpfunTrade(b *testing.B) {
	raw, err := proto.Marshal(tradeUpdate(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var u pb.SubscribeUpdate
		if err := proto.Unmarshal(raw, &u); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeOnlyPumpfunTrade is BenchmarkDecodePumpfunTrade without the subject, id and
// JSON, which are dominated by base58 encoding.
func BenchmarkDecodeOnlyPumpfunTrade(b *testing.B) {
	u := tradeUpdate(b)
	d := decoder.New(decoder.Options{Ingestor: "bench"})
	out := make([]events.Event, 0, 8)
	b.ReportAllocs()
	for b.Loop() {
		out, _ = d.Decode(u, out[:0])
	}
}
