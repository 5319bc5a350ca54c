package pumpfun_test

import (
	"testing"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"

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

// BenchmarkDecodePumpfunTrade measures the ingestor's hot path for one trade update: decode, then
// subject, Nats-Msg-Id and JSON into one reused buffer (decodertest.BenchDecode).
func BenchmarkDecodePumpfunTrade(b *testing.B) {
	decodertest.BenchDecode(b, "pumpfun_buy_2ghHZXwy.json")
}

// BenchmarkUnmarshalPumpfunTrade: the protobuf unmarshal of the same update.
func BenchmarkUnmarshalPumpfunTrade(b *testing.B) {
	decodertest.BenchUnmarshal(b, "pumpfun_buy_2ghHZXwy.json")
}
