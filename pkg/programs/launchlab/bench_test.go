package launchlab_test

import (
	"testing"

	"github.com/geyserjet/geyserjet/pkg/decoder/decodertest"
)

// benchFixture is a top-level LaunchLab buy (buy_exact_out, 130-byte TradeEvent as self-CPI).
const benchFixture = "launchlab_buy_exact_out_3USu3YAs.json"

// BenchmarkDecodeLaunchLabTrade: decode, then subject, Nats-Msg-Id and JSON (decodertest.BenchDecode).
func BenchmarkDecodeLaunchLabTrade(b *testing.B) { decodertest.BenchDecode(b, benchFixture) }

// BenchmarkUnmarshalLaunchLabTrade: the protobuf unmarshal of the same update.
func BenchmarkUnmarshalLaunchLabTrade(b *testing.B) { decodertest.BenchUnmarshal(b, benchFixture) }
