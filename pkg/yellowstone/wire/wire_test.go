package wire

import (
	"math"
	"math/rand/v2"
	"os"
	"testing"
	"time"
	"unsafe"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/geyserjet/geyserjet/pkg/rpcjson"
)

// marketN is the number of geysersim market updates the differential tests decode.
const marketN = 3000

// TestUnmarshalSequence decodes every update of the corpus into one message in turn, forwards,
// backwards and shuffled, so that each reuses what the one before left, and compares each with
// proto.Unmarshal into a fresh message. Every update, marshaled by proto or by geysersim, must
// take the fast path.
func TestUnmarshalSequence(t *testing.T) {
	encs := corpus(t, marketN)
	reversed := make([]encoding, len(encs))
	for i, e := range encs {
		reversed[len(encs)-1-i] = e
	}
	shuffled := append([]encoding(nil), encs...)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })

	for _, tc := range []struct {
		name string
		encs []encoding
	}{{"forward", encs}, {"reverse", reversed}, {"shuffled", shuffled}} {
		t.Run(tc.name, func(t *testing.T) {
			kinds := make(map[string]int)
			u := new(pb.SubscribeUpdate)
			for _, e := range tc.encs {
				took, err := decodeFast(e.b, u)
				checkSame(t, e.name, e.b, u, err)
				if !took {
					t.Fatalf("Unmarshal(%s) fell back to proto.Unmarshal, want the fast path", e.name)
				}
				kinds[kind(u)]++
			}
			for _, k := range []string{"transaction", "account", "slot", "block_meta", "block", "entry",
				"transaction_status", "ping", "pong", "none"} {
				if kinds[k] == 0 {
					t.Errorf("no %s update in the corpus (kinds: %v)", k, kinds)
				}
			}
			t.Logf("%d updates by kind: %v", len(tc.encs), kinds)
		})
	}
	t.Run("Unmarshal", func(t *testing.T) {
		u := new(pb.SubscribeUpdate)
		for _, e := range reversed {
			checkSame(t, e.name, e.b, u, Unmarshal(e.b, u))
		}
	})
}

// TestUnmarshalOverFull decodes every update of the corpus into a message that last held an
// update of the same kind with every field set, and into one that held another kind: no field
// may survive.
func TestUnmarshalOverFull(t *testing.T) {
	fulls := make(map[string][]byte)
	var kinds []string
	for _, u := range fullUpdates() {
		b, err := proto.Marshal(u)
		if err != nil {
			t.Fatal(err)
		}
		fulls[kind(u)] = b
		kinds = append(kinds, kind(u))
	}
	u := new(pb.SubscribeUpdate)
	for i, e := range corpus(t, marketN) {
		want := new(pb.SubscribeUpdate)
		if err := proto.Unmarshal(e.b, want); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{kind(want), kinds[i%len(kinds)]} {
			full, ok := fulls[k]
			if !ok {
				continue // no full update without a kind
			}
			if took, err := decodeFast(full, u); !took || err != nil {
				t.Fatalf("decoding the full %s update: fast path %v, error %v", k, took, err)
			}
			took, err := decodeFast(e.b, u)
			checkSame(t, e.name+" after the full "+k, e.b, u, err)
			if !took {
				t.Fatalf("Unmarshal(%s) fell back to proto.Unmarshal, want the fast path", e.name)
			}
		}
	}
}

// TestUnmarshalEncodings covers what marshalers do not write but proto.Unmarshal accepts or
// rejects: each case decodes into a message holding a pump.fun buy, must give proto's result,
// takes the fast path or not as stated, and leaves the message fit to decode the buy again.
func TestUnmarshalEncodings(t *testing.T) {
	buy := pumpfunBuy(t)
	nan := protowire.AppendFixed64(tag(1, protowire.Fixed64Type), math.Float64bits(math.NaN()))
	for _, tc := range []struct {
		name string
		b    []byte
		fast bool
	}{
		{"unpacked balances", txUpdate(vfield(3, 1), vfield(3, 2), vfield(4, 3)), true},
		{"packed and unpacked balances", txUpdate(bfield(3, varints(1, 300, 1<<63)), vfield(3, 3), bfield(3), bfield(4, varints(7))), true},
		{"empty packed balances", txUpdate(bfield(4)), true},
		{"scalar twice, last wins", bfield(3, vfield(1, 5), vfield(3, 2), vfield(1, 6)), true},
		{"optional twice, zero last", bfield(3, vfield(2, 5), vfield(2, 0)), true},
		{"compute units zero", txUpdate(vfield(16, 0)), true},
		{"stack height zero", txUpdate(bfield(5, vfield(1, 0), bfield(2, vfield(4, 0)), bfield(2, vfield(1, 3)))), true},
		{"empty txn_signature", bfield(2, bfield(1, bfield(8)), vfield(2, 1)), true},
		{"empty messages", txUpdate(bfield(1), bfield(14), bfield(7, bfield(3))), true},
		{"negative pong id", bfield(9, vfield(1, math.MaxUint64)), true},
		{"ten-byte varint", bfield(9, tag(1, protowire.VarintType), []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}), true},
		{"non-minimal tag", bfield(9, []byte{0x88, 0x80, 0x00, 0x05}), true},
		{"enum out of range", bfield(3, vfield(3, 1<<40)), true},
		{"ui_amount NaN", txUpdate(bfield(8, bfield(3, nan))), true},
		{"filters only", cat(bfield(1, []byte("a")), bfield(1), bfield(1, []byte("ÿ"))), true},
		{"empty", []byte{}, true},
		{"fields in any order", txUpdate(vfield(2, 5), bfield(1, bfield(1, []byte{1})), vfield(3, 7)), true},
		{"meta message twice merges", bfield(4, bfield(1, bfield(4, vfield(2, 5), vfield(3, 1)), bfield(4, vfield(3, 2)))), false},
		{"transaction info twice merges", bfield(4, bfield(1, vfield(5, 1)), bfield(1, vfield(2, 1))), false},
		{"err twice merges", txUpdate(bfield(1, bfield(1, []byte{1})), bfield(1)), false},
		{"created_at twice merges", cat(bfield(11, vfield(1, 5)), bfield(11, vfield(2, 6))), false},
		{"oneof twice, same kind", cat(bfield(3, vfield(1, 5)), bfield(3, vfield(2, 4))), false},
		{"oneof twice, another kind", cat(bfield(3, vfield(1, 5)), bfield(6)), false},
		{"unknown top-level field", cat(bfield(1, []byte("a")), vfield(12, 1)), false},
		{"unknown field deep inside", txUpdate(bfield(5, bfield(2, vfield(9, 1)))), false},
		{"ping with a field", bfield(6, vfield(1, 1)), false},
		{"fee as bytes", txUpdate(bfield(2, []byte{1})), false},
		{"pubkey as varint", bfield(2, bfield(1, vfield(1, 5))), false},
		{"fixed32 field", txUpdate(protowire.AppendFixed32(tag(16, protowire.Fixed32Type), 1)), false},
		{"group", cat(tag(12, protowire.StartGroupType), vfield(1, 1), tag(12, protowire.EndGroupType)), false},
		{"largest field number", vfield(protowire.MaxValidNumber, 1), false},
		{"invalid UTF-8 log", txUpdate(bfield(6, []byte("ok")), bfield(6, []byte{0xff})), false},
		{"invalid UTF-8 filter", bfield(1, []byte{0xc0, 0x80}), false},
		{"invalid UTF-8 mint", txUpdate(bfield(7, bfield(2, []byte{0xed, 0xa0, 0x80}))), false},
		{"truncated length", []byte{0x22, 0x05, 0x01}, false},
		{"truncated varint", bfield(9, []byte{0x08, 0x80}), false},
		{"eleven-byte varint", bfield(9, tag(1, protowire.VarintType), []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}), false},
		{"field number zero", []byte{0x00, 0x01}, false},
		{"field number too large", protowire.AppendVarint(nil, uint64(protowire.MaxValidNumber+1)<<3), false},
		{"end group alone", tag(4, protowire.EndGroupType), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := new(pb.SubscribeUpdate)
			if err := Unmarshal(buy, u); err != nil {
				t.Fatalf("Unmarshal(buy): %v", err)
			}
			took, err := decodeFast(tc.b, u)
			checkSame(t, tc.name, tc.b, u, err)
			if took != tc.fast {
				t.Errorf("fast path took %q: %v, want %v", tc.name, took, tc.fast)
			}
			took, err = decodeFast(buy, u)
			checkSame(t, "buy after "+tc.name, buy, u, err)
			if !took {
				t.Errorf("fast path declined the buy after %q", tc.name)
			}
		})
	}
}

// TestUnmarshalReuses checks that a transaction decoded into the message that held another one
// lands in the same messages and slices, and that bytes fields alias the encoding without
// letting an append write into it.
func TestUnmarshalReuses(t *testing.T) {
	other := serverEncoding(t, mainnetUpdates(t)["pumpfun_sell_3bYXWjjN.json#1"])
	buy := pumpfunBuy(t)
	u := new(pb.SubscribeUpdate)
	for _, b := range [][]byte{buy, other} { // grow every slice to the larger of the two
		if err := Unmarshal(b, u); err != nil {
			t.Fatal(err)
		}
	}
	info := u.GetTransaction().GetTransaction()
	meta, logs := info.GetMeta(), info.GetMeta().GetLogMessages()
	if err := Unmarshal(buy, u); err != nil {
		t.Fatal(err)
	}
	if got := u.GetTransaction().GetTransaction(); got != info || got.GetMeta() != meta {
		t.Errorf("Unmarshal allocated new transaction messages, want the ones u held")
	}
	if got := u.GetTransaction().GetTransaction().GetMeta().GetLogMessages(); len(logs) > 0 && len(got) > 0 && &got[0] != &logs[0] {
		t.Errorf("Unmarshal allocated a new log_messages slice, want the one u held")
	}
	sig := u.GetTransaction().GetTransaction().GetSignature()
	if len(sig) != 64 || cap(sig) != len(sig) {
		t.Fatalf("signature: len %d cap %d, want 64 and 64", len(sig), cap(sig))
	}
	saved := append([]byte(nil), buy...)
	_ = append(sig, 1, 2, 3)
	sig[0] ^= 0xff // aliases buy
	if string(buy) == string(saved) {
		t.Errorf("signature does not alias the encoding")
	}
}

// TestUnmarshalAllocs: re-decoding a pump.fun buy (5041-byte encoding with filters and
// created_at, 45 log lines, 9 inner instructions) into the message that held another transaction
// costs 1 allocation, the string copy of the encoding; proto.Unmarshal makes 178.
func TestUnmarshalAllocs(t *testing.T) {
	other := serverEncoding(t, mainnetUpdates(t)["pumpfun_sell_3bYXWjjN.json#1"])
	buy := pumpfunBuy(t)
	u := new(pb.SubscribeUpdate)
	for _, b := range [][]byte{buy, other} { // grow every slice to the larger of the two
		if err := Unmarshal(b, u); err != nil {
			t.Fatal(err)
		}
	}
	allocs := testing.AllocsPerRun(100, func() {
		if err := Unmarshal(other, u); err != nil {
			t.Fatal(err)
		}
		if err := Unmarshal(buy, u); err != nil {
			t.Fatal(err)
		}
	})
	if allocs/2 > 1 {
		t.Errorf("Unmarshal of a transaction into a reused message: %v allocations, want at most 1", allocs/2)
	}
}

// UnmarshalOwned decodes what Unmarshal does, into a reused message, without copying the
// encoding: its strings alias it.
func TestUnmarshalOwned(t *testing.T) {
	encs := corpus(t, 500)
	u := new(pb.SubscribeUpdate)
	for _, e := range encs {
		own := append([]byte(nil), e.b...)
		if err := UnmarshalOwned(own, u); err != nil {
			t.Fatalf("%s: UnmarshalOwned: %v", e.name, err)
		}
		want := new(pb.SubscribeUpdate)
		if err := proto.Unmarshal(e.b, want); err != nil {
			t.Fatal(err)
		}
		if !proto.Equal(u, want) {
			t.Fatalf("%s: UnmarshalOwned differs from proto.Unmarshal", e.name)
		}
	}
	buy := pumpfunBuy(t)
	if err := UnmarshalOwned(buy, u); err != nil {
		t.Fatal(err)
	}
	logs := u.GetTransaction().GetTransaction().GetMeta().GetLogMessages()
	if len(logs) == 0 {
		t.Fatal("the pump.fun buy has no logs")
	}
	if p, q := unsafe.StringData(logs[0]), unsafe.SliceData(buy); uintptr(unsafe.Pointer(p)) < uintptr(unsafe.Pointer(q)) ||
		uintptr(unsafe.Pointer(p)) >= uintptr(unsafe.Pointer(q))+uintptr(len(buy)) {
		t.Error("a log line of UnmarshalOwned's result does not alias the encoding")
	}
	allocs := testing.AllocsPerRun(100, func() {
		if err := UnmarshalOwned(buy, u); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 0 {
		t.Errorf("UnmarshalOwned of a transaction into a reused message: %v allocations, want 0", allocs)
	}
}

// FuzzUnmarshal: for any bytes, Unmarshal into a message holding a real update fails exactly
// when proto.Unmarshal into a fresh one does, with the same error, gives a proto.Equal result
// otherwise, and leaves the message fit for the next update.
func FuzzUnmarshal(f *testing.F) {
	encs := corpus(f, 100)
	rng := rand.New(rand.NewPCG(3, 4))
	for i, e := range encs {
		f.Add(e.b)
		if i%4 == 0 && len(e.b) > 1 {
			f.Add(e.b[:rng.IntN(len(e.b))]) // truncated
			m := append([]byte(nil), e.b...)
			m[rng.IntN(len(m))] ^= byte(1 + rng.IntN(255)) // one byte changed
			f.Add(m)
		}
	}
	// The message decodes one of these before the input, and again after it.
	type previous struct {
		b    []byte
		want *pb.SubscribeUpdate
	}
	var prevs []previous
	for _, e := range encs {
		u := new(pb.SubscribeUpdate)
		if err := proto.Unmarshal(e.b, u); err != nil {
			f.Fatal(err)
		}
		if u.GetAccount() != nil && len(prevs) == 0 {
			prevs = append(prevs, previous{e.b, u}, previous{pumpfunBuy(f), new(pb.SubscribeUpdate)})
		}
	}
	if len(prevs) == 0 {
		f.Fatal("no account update in the corpus")
	}
	if err := proto.Unmarshal(prevs[1].b, prevs[1].want); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		prev := prevs[len(b)%2]
		u := new(pb.SubscribeUpdate)
		if err := Unmarshal(prev.b, u); err != nil {
			t.Fatalf("Unmarshal(previous): %v", err)
		}
		checkSame(t, "fuzz input", b, u, Unmarshal(b, u))
		if err := Unmarshal(prev.b, u); err != nil || !proto.Equal(u, prev.want) {
			t.Fatalf("Unmarshal(previous) after the input = %v, %v; want its update", err, text(u))
		}
	})
}

// BenchmarkUnmarshal decodes a pump.fun buy into the message that held it.
func BenchmarkUnmarshal(b *testing.B) {
	buy := pumpfunBuy(b)
	u := new(pb.SubscribeUpdate)
	if err := Unmarshal(buy, u); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(buy)))
	b.ReportAllocs()
	for b.Loop() {
		if err := Unmarshal(buy, u); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUnmarshalOwned is BenchmarkUnmarshal without the string copy: what the client's
// codec runs.
func BenchmarkUnmarshalOwned(b *testing.B) {
	buy := pumpfunBuy(b)
	u := new(pb.SubscribeUpdate)
	if err := UnmarshalOwned(buy, u); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(buy)))
	b.ReportAllocs()
	for b.Loop() {
		if err := UnmarshalOwned(buy, u); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkProtoUnmarshal decodes the same buy with proto.Unmarshal into a fresh message.
func BenchmarkProtoUnmarshal(b *testing.B) {
	buy := pumpfunBuy(b)
	b.SetBytes(int64(len(buy)))
	b.ReportAllocs()
	for b.Loop() {
		if err := proto.Unmarshal(buy, new(pb.SubscribeUpdate)); err != nil {
			b.Fatal(err)
		}
	}
}

// pumpfunBuy returns the encoding of the mainnet pump.fun buy 2ghHZXwy as a Yellowstone server
// sends it, with the client's filter name and created_at.
func pumpfunBuy(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile("../../testdata/mainnet/pumpfun_buy_2ghHZXwy.json")
	if err != nil {
		t.Fatal(err)
	}
	res, err := rpcjson.Import(data, rpcjson.Options{})
	if err != nil {
		t.Fatalf("rpcjson.Import: %v", err)
	}
	for _, u := range res.Updates {
		if u.GetTransaction() != nil {
			return serverEncoding(t, u)
		}
	}
	t.Fatal("pumpfun_buy_2ghHZXwy.json: no transaction update")
	return nil
}

// serverEncoding returns the encoding of u with a filter name and created_at, as a Yellowstone
// server sends every update.
func serverEncoding(t testing.TB, u *pb.SubscribeUpdate) []byte {
	t.Helper()
	u = proto.Clone(u).(*pb.SubscribeUpdate)
	u.Filters = []string{"pumpfun"}
	u.CreatedAt = timestamppb.New(time.Date(2026, 3, 1, 0, 0, 0, 123456789, time.UTC))
	b, err := proto.Marshal(u)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func varints(vs ...uint64) []byte {
	var b []byte
	for _, v := range vs {
		b = protowire.AppendVarint(b, v)
	}
	return b
}
