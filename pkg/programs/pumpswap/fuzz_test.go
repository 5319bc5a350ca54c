package pumpswap

import (
	"errors"
	"testing"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/borsh"
	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/events"
)

// decodeErrOK reports whether err is one of the kinds a decode function documents.
func decodeErrOK(err error) bool {
	return err == nil || errors.Is(err, borsh.ErrShortData) || errors.Is(err, borsh.ErrInvalid) ||
		errors.Is(err, chain.ErrUnknownDiscriminator)
}

// fuzzBody seeds f with the bodies (after the discriminator) of the real samples of kind, or the
// whole data for accounts, and checks that decode never panics and fails only as documented.
func fuzzBody[T any](f *testing.F, kind string, account bool, decode func([]byte) (T, error)) {
	for _, s := range samplesOf(f, kind) {
		if account {
			f.Add(s.Data)
		} else {
			f.Add(s.Data[8:])
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := decode(b); !decodeErrOK(err) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}

func FuzzDecodeBuyEvent(f *testing.F)  { fuzzBody(f, "BuyEvent", false, DecodeBuyEvent) }
func FuzzDecodeSellEvent(f *testing.F) { fuzzBody(f, "SellEvent", false, DecodeSellEvent) }
func FuzzDecodeCreatePoolEvent(f *testing.F) {
	fuzzBody(f, "CreatePoolEvent", false, DecodeCreatePoolEvent)
}
func FuzzDecodeDepositEvent(f *testing.F)  { fuzzBody(f, "DepositEvent", false, DecodeDepositEvent) }
func FuzzDecodeWithdrawEvent(f *testing.F) { fuzzBody(f, "WithdrawEvent", false, DecodeWithdrawEvent) }
func FuzzDecodePool(f *testing.F)          { fuzzBody(f, "Pool", true, DecodePool) }
func FuzzDecodeGlobalConfig(f *testing.F)  { fuzzBody(f, "GlobalConfig", true, DecodeGlobalConfig) }

// FuzzDecodeInstruction runs a buy, sell, create_pool, deposit or withdraw instruction whose
// self-CPI event is a mutated real event, with the accounts the real event names.
func FuzzDecodeInstruction(f *testing.F) {
	discs := [][8]byte{ixBuy, ixBuyExactQuoteIn, ixSell, ixCreatePool, ixDeposit, ixWithdraw}
	for _, s := range samples(f) {
		switch s.Kind {
		case "BuyEvent":
			f.Add(uint8(0), s.Data, false)
			f.Add(uint8(1), s.Data, true)
		case "SellEvent":
			f.Add(uint8(2), s.Data, false)
		case "CreatePoolEvent":
			f.Add(uint8(3), s.Data, false)
		case "DepositEvent":
			f.Add(uint8(4), s.Data, true)
		case "WithdrawEvent":
			f.Add(uint8(5), s.Data, false)
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, ev []byte, asLog bool) {
		disc := discs[int(which)%len(discs)]
		// Accounts: the pool and user (or lp_mint) the unmutated layouts would name, so that
		// mutations reach past the account checks.
		accts := make([]solana.PublicKey, 23)
		for n := range accts {
			accts[n] = solana.PublicKey{byte(n + 1)}
		}
		at := func(off int) solana.PublicKey {
			var k solana.PublicKey
			if off >= 0 && off+32 <= len(ev) {
				copy(k[:], ev[off:])
			}
			return k
		}
		switch disc {
		case ixBuy, ixBuyExactQuoteIn, ixSell:
			accts[0], accts[1] = at(8+112), at(8+144)
		case ixCreatePool:
			accts[0], accts[5] = at(8+165), at(8+197)
		default:
			accts[0], accts[2] = at(8+88), at(8+120)
		}
		tx := txWith(solana.PublicKey{}, ixOf(disc), accts, [][]byte{ev}, asLog)
		out, err := DecodeInstruction(tx, 0, nil)
		if err != nil && !decodeErrOK(err) && !errors.Is(err, ErrNoEvent) && !errors.Is(err, ErrMismatch) {
			t.Fatalf("unexpected error kind: %v", err)
		}
		for _, e := range out {
			_ = e.Body.AppendJSON(nil)
			if e.Body.Program() != events.PumpSwap {
				t.Fatalf("event of program %s", e.Body.Program())
			}
		}
	})
}
