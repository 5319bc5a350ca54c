package pumpfun

import (
	"errors"
	"testing"

	"github.com/geyserjet/geyserjet/pkg/borsh"
	"github.com/geyserjet/geyserjet/pkg/chain"
)

// expected reports whether err is one of the documented kinds of decode failure.
func expected(err error) bool {
	return err == nil || errors.Is(err, borsh.ErrShortData) || errors.Is(err, borsh.ErrInvalid) ||
		errors.Is(err, chain.ErrUnknownDiscriminator) || errors.Is(err, ErrNoEvents)
}

// seedEvents adds every mainnet body of event d (after the discriminator) to f.
func seedEvents(f *testing.F, d [8]byte) {
	for _, b := range mainnetEvents(f)[d] {
		f.Add(b[8:])
	}
}

func FuzzDecodeTradeEvent(f *testing.F) {
	seedEvents(f, evTrade)
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := DecodeTradeEvent(b); !expected(err) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}

func FuzzDecodeCreateEvent(f *testing.F) {
	seedEvents(f, evCreate)
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := DecodeCreateEvent(b); !expected(err) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}

func FuzzDecodeCompleteEvent(f *testing.F) {
	seedEvents(f, evComplete)
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := DecodeCompleteEvent(b); !expected(err) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}

func FuzzDecodeMigrationEvent(f *testing.F) {
	// No mainnet CompletePumpAmmMigrationEvent is in testdata: seed with a hand-built v2 body.
	var m w
	m.key(1).key(2).u64(206_900_000_000_000).u64(84_990_359_038).u64(15_000_001).key(6).u64(1_700_000_007).key(8).key(9)
	f.Add(m.b)
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := DecodeMigrationEvent(b); !expected(err) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}

func FuzzDecodeBondingCurve(f *testing.F) {
	for _, b := range mainnetAccounts(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := DecodeBondingCurve(b); !expected(err) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}

func FuzzDecodeGlobal(f *testing.F) {
	for _, n := range []int{113, 386, 1088} {
		b, _ := globalData(n)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := DecodeGlobal(b); !expected(err) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}

// FuzzDecodeInstruction mutates a real buy's data and a real event's bytes (discriminator
// included), delivered as a self-CPI or a log line, in a failed or successful transaction.
func FuzzDecodeInstruction(f *testing.F) {
	for _, evs := range mainnetEvents(f) {
		for _, ev := range evs {
			f.Add(realBuyData, ev, true, false)
			f.Add(realBuyData, ev, false, true)
		}
	}
	f.Fuzz(func(t *testing.T, ixData, ev []byte, cpi, failedTx bool) {
		tx := testTx(ixData, cpi, ev)
		tx.Failed = failedTx
		out, err := DecodeInstruction(tx, 0, nil)
		if !expected(err) {
			t.Fatalf("unexpected error kind: %v", err)
		}
		for _, e := range out {
			_ = e.AppendJSON(nil)
			_ = e.Body.Key()
		}
	})
}
