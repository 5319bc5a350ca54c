package decodertest

import (
	"testing"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/protobuf/proto"

	"github.com/geyserjet/geyserjet/pkg/decoder"
	"github.com/geyserjet/geyserjet/pkg/events"
)

// transactions returns the transaction updates of the fixture name.
func transactions(b *testing.B, name string) []*pb.SubscribeUpdate {
	b.Helper()
	var txs []*pb.SubscribeUpdate
	for _, u := range Load(b, name) {
		if u.GetTransaction() != nil {
			txs = append(txs, u)
		}
	}
	if len(txs) == 0 {
		b.Fatalf("decodertest: %s has no transaction update", name)
	}
	return txs
}

// BenchDecode measures the ingestor's hot path on the transaction updates of the fixture
// name: decode each parsed SubscribeUpdate, then write every event's subject, Nats-Msg-Id and
// JSON into one reused buffer. One op is one update.
func BenchDecode(b *testing.B, name string) {
	txs := transactions(b, name)
	d := decoder.New(decoder.Options{Ingestor: "bench"})
	out := make([]events.Event, 0, 8)
	buf := make([]byte, 0, 4096)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		u := txs[n%len(txs)]
		n++
		out, _ = d.Decode(u, out[:0])
		for k := range out {
			e := &out[k]
			buf = e.AppendSubject(buf[:0], e.Priority())
			buf = e.AppendMsgID(buf)
			buf = e.AppendJSON(buf)
		}
	}
}

// BenchUnmarshal measures the protobuf unmarshal of the same updates, which the decode figure
// excludes. One op is one update.
func BenchUnmarshal(b *testing.B, name string) {
	var raw [][]byte
	for _, u := range transactions(b, name) {
		m, err := proto.Marshal(u)
		if err != nil {
			b.Fatal(err)
		}
		raw = append(raw, m)
	}
	var u pb.SubscribeUpdate
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		if err := proto.Unmarshal(raw[n%len(raw)], &u); err != nil {
			b.Fatal(err)
		}
		n++
	}
}
