package launchlab_test

import (
	"testing"

	"google.golang.org/protobuf/proto"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"

	"github.com/geyserjet/geyserjet/pkg/decoder"
	"github.com/geyserjet/geyserjet/pkg/decoder/decodertest"
	"github.com/geyserjet/geyserjet/pkg/events"
)

// benchFixture is a top-level LaunchLab buy (buy_exact_out, 130-byte TradeEvent as self-CPI).
const benchFixture = "launchlab_buy_exact_out_3USu3YAs.json"

func benchUpdate(b *testing.B) *pb.SubscribeUpdate {
	b.Helper()
	for _, u := range decodertest.Load(b, benchFixture) {
		if u.GetTransaction() != nil {
			return u
		}
	}
	b.Fatal("no transaction update")
	return nil
}

// BenchmarkDecodeLaunchLabTrade measures the ingestor's hot path for one LaunchLab buy: decode
// the update, then write each event's subject, Nats-Msg-Id and JSON into a reused buffer.
func BenchmarkDecodeLaunchLabTrade(b *testing.B) {
	u := benchUpdate(b)
	d := decoder.New(decoder.Options{Ingestor: "bench"})
	var out []events.Event
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
	if len(out) != 1 {
		b.Fatalf("decoded %d events, want 1", len(out))
	}
}

// BenchmarkUnmarshalLaunchLabTrade measures protobuf decoding of the same update, the cost the
// decoder's input has before it starts.
func BenchmarkUnmarshalLaunchLabTrade(b *testing.B) {
	data, err := proto.Marshal(benchUpdate(b))
	if err != nil {
		b.Fatal(err)
	}
	m := new(pb.SubscribeUpdate)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if err := proto.Unmarshal(data, m); err != nil {
			b.Fatal(err)
		}
	}
}
