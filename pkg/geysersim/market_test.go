package geysersim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/gagliardetto/solana-go"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/protobuf/proto"

	"github.com/geyserjet/geyserjet/pkg/decoder"
	"github.com/geyserjet/geyserjet/pkg/events"
)

var _ Source = (*Market)(nil)

// runMarket returns the updates of the whole slots in the first d of simulated time of a
// recording market; the ledger then holds exactly what they contain.
func runMarket(t testing.TB, cfg MarketConfig, d time.Duration) ([]*pb.SubscribeUpdate, *Market) {
	t.Helper()
	cfg.Record = true
	m := NewMarket(cfg)
	var us []*pb.SubscribeUpdate
	for {
		it, err := m.Next(context.Background())
		if err != nil {
			t.Fatalf("Market.Next: %v", err)
		}
		us = append(us, it.Update)
		if isBlockMeta(it.Update) && it.At >= d-SlotDuration {
			return us, m // a slot ends with its block meta
		}
	}
}

func isBlockMeta(u *pb.SubscribeUpdate) bool { return u.GetBlockMeta() != nil }

// stripEnvelope clears what the decoder adds beyond chain data.
func stripEnvelope(e events.Event) events.Event {
	e.BlockTime, e.Monitors, e.Ingestor, e.ReceivedAt = 0, nil, "", time.Time{}
	return e
}

func TestMarketRoundTrip(t *testing.T) {
	us, m := runMarket(t, MarketConfig{Seed: 7}, 60*time.Second)
	led := m.Ledger()
	dec := decoder.New(decoder.Options{Now: func() time.Time { return time.Unix(0, 0) }})
	var got []events.Event
	for i, u := range us {
		var err error
		got, err = dec.Decode(u, got)
		if err != nil {
			t.Fatalf("Decode(update %d) error: %v", i, err)
		}
	}
	st := dec.Stats()
	for k, v := range st.Errors {
		t.Errorf("decoder errors %s: %d", k, v)
	}
	for k, v := range st.Unknown {
		t.Errorf("decoder unknown discriminator %s: %d", k, v)
	}
	failed := 0
	for _, tx := range led.Transactions {
		if tx.Failed {
			failed++
		}
	}
	if st.Failed != uint64(failed) || failed == 0 {
		t.Errorf("decoder skipped %d failed transactions, ledger has %d (want > 0)", st.Failed, failed)
	}
	if len(got) != len(led.Events) {
		t.Errorf("decoded %d events, ledger has %d", len(got), len(led.Events))
	}
	seen := map[string]bool{}
	for i := range min(len(got), len(led.Events)) {
		g, w := stripEnvelope(got[i]), led.Events[i]
		if !reflect.DeepEqual(g, w) {
			gj, _ := json.Marshal(g.Body)
			wj, _ := json.Marshal(w.Body)
			t.Fatalf("event %d (%s %s.%s):\n got %+v %s\nwant %+v %s", i, g.MsgID(), g.Body.Program(), g.Body.Kind(),
				g, gj, w, wj)
		}
		if w.Body.Kind() != events.Slot {
			if id := w.MsgID(); seen[id] {
				t.Errorf("ledger key %s twice", id)
			} else {
				seen[id] = true
			}
		}
	}

	// The run covers every part of the mix.
	count := map[string]int{}
	for _, e := range led.Events {
		k := string(e.Body.Program()) + "." + string(e.Body.Kind())
		if !e.IsAccount() && e.Path.Inner >= 0 {
			count["inner"]++
			if k := e.Body.Kind(); k == events.Trade || k == events.Swap {
				count["routed trades"]++
			}
		}
		count[k]++
	}
	v0 := 0
	for _, u := range us {
		if u.GetTransaction().GetTransaction().GetTransaction().GetMessage().GetVersioned() {
			v0++
		}
	}
	count["v0 transactions"] = v0
	count["failed transactions"] = failed
	for _, k := range []string{"pumpfun.create", "pumpfun.trade", "pumpfun.complete", "pumpfun.migrate",
		"pumpfun.bonding_curve", "pumpswap.pool_create", "pumpswap.trade", "pumpswap.deposit", "pumpswap.withdraw",
		"pumpswap.pool", "launchlab.create", "launchlab.trade", "launchlab.migrate", "launchlab.pool",
		"raydium_amm.swap", "raydium_amm.pool", "raydium_cpmm.swap", "raydium_cpmm.pool", "chain.slot",
		"inner", "routed trades", "v0 transactions", "failed transactions"} {
		if count[k] == 0 {
			t.Errorf("a 60 s run has no %s", k)
		}
	}
	if count["raydium_amm.pool_create"]+count["raydium_cpmm.pool_create"] == 0 {
		t.Errorf("a 60 s run has no LaunchLab migration pool creation")
	}
	if n := count["pumpfun.trade"]; n < 600 || n > 1200 {
		t.Errorf("pump.fun trades in 60 s = %d, want about 900 (15/s)", n)
	}
	t.Logf("%d updates, %d transactions, events: %v", len(us), len(led.Transactions), count)
}

func marshalAll(t testing.TB, us []*pb.SubscribeUpdate) [][]byte {
	t.Helper()
	out := make([][]byte, len(us))
	for i, u := range us {
		b, err := proto.MarshalOptions{Deterministic: true}.Marshal(u)
		if err != nil {
			t.Fatalf("marshal update %d: %v", i, err)
		}
		out[i] = b
	}
	return out
}

func TestMarketDeterminism(t *testing.T) {
	a, _ := runMarket(t, MarketConfig{Seed: 1}, 10*time.Second)
	b, _ := runMarket(t, MarketConfig{Seed: 1}, 10*time.Second)
	c, _ := runMarket(t, MarketConfig{Seed: 2}, 10*time.Second)
	ab, bb, cb := marshalAll(t, a), marshalAll(t, b), marshalAll(t, c)
	if len(ab) != len(bb) {
		t.Fatalf("seed 1 gave %d and %d updates", len(ab), len(bb))
	}
	for i := range ab {
		if !bytes.Equal(ab[i], bb[i]) {
			t.Fatalf("seed 1: update %d differs between runs", i)
		}
	}
	same := len(ab) == len(cb)
	for i := 0; same && i < len(ab); i++ {
		same = bytes.Equal(ab[i], cb[i])
	}
	if same {
		t.Fatal("seeds 1 and 2 gave the same updates")
	}
}

func TestMarketSignatures(t *testing.T) {
	us, _ := runMarket(t, MarketConfig{Seed: 3}, 5*time.Second)
	n := 0
	for _, u := range us {
		info := u.GetTransaction().GetTransaction()
		if info == nil {
			continue
		}
		msg := info.Transaction.Message
		keys := msg.AccountKeys
		raw := marketMessageBytes(t, msg)
		for i, sig := range info.Transaction.Signatures {
			if !solana.SignatureFromBytes(sig).Verify(solana.PublicKeyFromBytes(keys[i]), raw) {
				t.Fatalf("transaction %s: signature %d does not verify", solana.SignatureFromBytes(info.Signature), i)
			}
		}
		n++
	}
	if n == 0 {
		t.Fatal("no transactions")
	}
}

// marketMessageBytes re-serializes a protobuf message as the bytes its signers signed.
func marketMessageBytes(t *testing.T, m *pb.Message) []byte {
	t.Helper()
	msg := solana.Message{RecentBlockhash: solana.HashFromBytes(m.RecentBlockhash), Header: solana.MessageHeader{
		NumRequiredSignatures:       uint8(m.Header.NumRequiredSignatures),
		NumReadonlySignedAccounts:   uint8(m.Header.NumReadonlySignedAccounts),
		NumReadonlyUnsignedAccounts: uint8(m.Header.NumReadonlyUnsignedAccounts)}}
	for _, k := range m.AccountKeys {
		msg.AccountKeys = append(msg.AccountKeys, solana.PublicKeyFromBytes(k))
	}
	for _, ci := range m.Instructions {
		msg.Instructions = append(msg.Instructions, solana.CompiledInstruction{ProgramIDIndex: uint16(ci.ProgramIdIndex),
			Accounts: toU16s(ci.Accounts), Data: ci.Data})
	}
	if m.Versioned {
		msg.SetVersion(solana.MessageVersionV0)
		for _, l := range m.AddressTableLookups {
			msg.AddressTableLookups = append(msg.AddressTableLookups, solana.MessageAddressTableLookup{
				AccountKey: solana.PublicKeyFromBytes(l.AccountKey), WritableIndexes: l.WritableIndexes, ReadonlyIndexes: l.ReadonlyIndexes})
		}
	}
	b, err := msg.MarshalBinary()
	if err != nil {
		t.Fatalf("marshal message: %v", err)
	}
	return b
}

func TestMarketPrebuilt(t *testing.T) {
	src := PrebuiltSource(MarketConfig{Seed: 5}, 2_000)
	dec := decoder.New(decoder.Options{})
	sigs := map[string]bool{}
	var lastSlot uint64
	var evs []events.Event
	for i := 0; i < 3*src.Len(); i++ {
		it, err := src.Next(context.Background())
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		if s := updateSlot(it.Update); s < lastSlot {
			t.Fatalf("update %d: slot %d after %d", i, s, lastSlot)
		} else {
			lastSlot = s
		}
		if info := it.Update.GetTransaction().GetTransaction(); info != nil {
			k := string(info.Signature)
			if sigs[k] {
				t.Fatalf("update %d: signature repeats", i)
			}
			sigs[k] = true
		}
		evs, err = dec.Decode(it.Update, evs[:0])
		if err != nil {
			t.Fatalf("Decode(update %d): %v", i, err)
		}
	}
	if st := dec.Stats(); len(st.Errors)+len(st.Unknown) > 0 {
		t.Fatalf("decoder stats: errors %v unknown %v", st.Errors, st.Unknown)
	}
}

func BenchmarkMarket(b *testing.B) {
	m := NewMarket(MarketConfig{Seed: 1})
	ctx := context.Background()
	b.ReportAllocs()
	start := time.Now()
	n := 0
	for b.Loop() {
		if _, err := m.Next(ctx); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "updates/s")
}

func BenchmarkMarketPrebuilt(b *testing.B) {
	src := PrebuiltSource(MarketConfig{Seed: 1}, 20_000)
	ctx := context.Background()
	b.ReportAllocs()
	start := time.Now()
	n := 0
	for b.Loop() {
		if _, err := src.Next(ctx); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "updates/s")
}

func ExampleMarket() {
	m := NewMarket(MarketConfig{Seed: 1})
	it, _ := m.Next(context.Background())
	fmt.Println(it.Update.GetAccount() != nil)
	// Output: true
}
