package launchlab

import (
	"errors"
	"testing"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/borsh"
	"github.com/geyserjet/geyserjet/pkg/chain"
)

// decodeErrOK reports whether err is one a decoder may return for arbitrary bytes.
func decodeErrOK(err error) bool {
	return err == nil || errors.Is(err, borsh.ErrShortData) || errors.Is(err, borsh.ErrInvalid) ||
		errors.Is(err, ErrUnknownDiscriminator)
}

// FuzzDecodeTradeEvent starts from the mainnet bodies (130 and 139 bytes) in testdata.
func FuzzDecodeTradeEvent(f *testing.F) {
	for _, seed := range bodiesNamed(f, "TradeEvent_") {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ev, err := DecodeTradeEvent(b)
		if !decodeErrOK(err) {
			t.Fatalf("unexpected error kind: %v", err)
		}
		if err == nil && (ev.TradeDirection > DirectionSell || ev.PoolStatus > StatusTrade || ev.Extra < 0 ||
			(ev.Version == 1) != (len(b) == TradeEventV1Len)) {
			t.Fatalf("DecodeTradeEvent(%d bytes) = %+v", len(b), ev)
		}
	})
}

func FuzzDecodePoolCreateEvent(f *testing.F) {
	for _, seed := range bodiesNamed(f, "PoolCreateEvent_") {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ev, err := DecodePoolCreateEvent(b)
		if !decodeErrOK(err) {
			t.Fatalf("unexpected error kind: %v", err)
		}
		if err == nil && (ev.Curve.Type > CurveLinear || ev.Curve.MigrateType > MigrateCPMM) {
			t.Fatalf("DecodePoolCreateEvent = %+v", ev)
		}
	})
}

// FuzzDecodeInitializeArgs runs the three initialize decoders over the mainnet argument bytes.
func FuzzDecodeInitializeArgs(f *testing.F) {
	for _, seed := range bodiesNamed(f, "ix_initialize") {
		f.Add(seed[8:])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, decode := range []func([]byte) (InitializeArgs, error){DecodeInitializeArgs, DecodeInitializeV2Args, DecodeInitializeWithToken2022Args} {
			if _, err := decode(b); !decodeErrOK(err) {
				t.Fatalf("unexpected error kind: %v", err)
			}
		}
	})
}

func FuzzDecodeSwapArgs(f *testing.F) {
	for _, seed := range bodiesNamed(f, "ix_buy") {
		f.Add(seed[8:])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := DecodeSwapArgs(b); !decodeErrOK(err) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}

func FuzzDecodeMigrateToAmmArgs(f *testing.F) {
	f.Add(make([]byte, 17))
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := DecodeMigrateToAmmArgs(b); !decodeErrOK(err) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}

// FuzzDecodePoolState starts from the mainnet PoolState in testdata.
func FuzzDecodePoolState(f *testing.F) {
	f.Add(poolStateBytes(f))
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := DecodePoolState(b); !decodeErrOK(err) {
			t.Fatalf("unexpected error kind: %v", err)
		}
		if _, err := DecodeAccount(&chain.Account{Data: b}, nil); !decodeErrOK(err) {
			t.Fatalf("DecodeAccount: unexpected error kind: %v", err)
		}
	})
}

func FuzzDecodeGlobalConfig(f *testing.F) {
	f.Add(globalConfigBytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := DecodeGlobalConfig(b); !decodeErrOK(err) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}

// FuzzDecodeInstruction mutates real instruction data and the event its instruction emitted,
// and the number of accounts, in a transaction shaped like the mainnet ones: it must never panic
// and return only the documented errors.
func FuzzDecodeInstruction(f *testing.F) {
	for _, pair := range [][2]string{
		{"ix_initialize_v2", "PoolCreateEvent_283"},
		{"ix_initialize_with_token_2022", "PoolCreateEvent_240"},
		{"ix_sell_exact_in", "TradeEvent_139"},
	} {
		for _, ix := range bodies(f) {
			if ix.name != pair[0] {
				continue
			}
			for _, ev := range bodies(f) {
				if ev.name == pair[1] && ev.source == ix.source {
					disc := discTradeEvent
					if pair[1] != "TradeEvent_139" {
						disc = discPoolCreateEvent
					}
					f.Add(ix.data, withDisc(disc, ev.data), uint8(18))
				}
			}
		}
	}
	f.Add(withDisc(discBuyExactOut, make([]byte, 24)), withDisc(discTradeEvent, body(f, "TradeEvent_130", "3USu3YAs")), uint8(15))
	f.Add(withDisc(discMigrateToAmm, make([]byte, 17)), []byte(nil), uint8(32))
	f.Add(discMigrateToCpswap[:], []byte(nil), uint8(28))
	f.Fuzz(func(t *testing.T, data, event []byte, n uint8) {
		n %= 40
		var keys map[int]solana.PublicKey
		if len(event) >= 40 { // the pool of the event, where a swap and a creation have it
			keys = map[int]solana.PublicKey{swapPoolState: pubkeyOf(event[8:]), createPoolState: pubkeyOf(event[8:])}
		}
		out, err := DecodeInstruction(synthTx(data, int(n), keys, event), 0, nil)
		if err != nil && !decodeErrOK(err) && !errors.Is(err, ErrNoEvent) && !errors.Is(err, chain.ErrMalformed) {
			t.Fatalf("unexpected error kind: %v", err)
		}
		if len(out) > 1 || (err != nil && len(out) != 0) {
			t.Fatalf("DecodeInstruction = %d events, %v", len(out), err)
		}
	})
}
