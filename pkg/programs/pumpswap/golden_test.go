package pumpswap_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"

	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/decoder"
	"github.com/geyserjet/geyserjet/pkg/decoder/decodertest"
	"github.com/geyserjet/geyserjet/pkg/events"
	"github.com/geyserjet/geyserjet/pkg/programs/pumpswap"
)

// decodePumpSwap decodes updates and returns the PumpSwap events. Errors of other programs'
// decoders (written separately) do not fail this test; a PumpSwap error does.
func decodePumpSwap(t *testing.T, updates []*pb.SubscribeUpdate) []events.Event {
	t.Helper()
	d := decoder.New(decoder.Options{Now: func() time.Time { return decodertest.ReceivedAt }})
	var out []events.Event
	for _, u := range updates {
		var err error
		out, err = d.Decode(u, out)
		var de *decoder.Error
		for _, e := range unjoin(err) {
			if errors.As(e, &de) && de.Program != events.PumpSwap {
				continue
			}
			t.Fatalf("decode: %v", e)
		}
	}
	if n := d.Stats().Errors[string(events.PumpSwap)]; n != 0 {
		t.Fatalf("%d PumpSwap decode errors", n)
	}
	for k := range d.Stats().Unknown {
		if strings.HasPrefix(k, string(events.PumpSwap)+":") {
			t.Errorf("unknown PumpSwap discriminator: %s", k)
		}
	}
	var ps []events.Event
	for _, e := range out {
		if e.Body.Program() == events.PumpSwap {
			ps = append(ps, e)
		}
	}
	return ps
}

func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// TestGolden decodes every PumpSwap fixture, cross-checks each event against the transaction's
// own token balances, and compares the events with testdata/<fixture>.golden.
func TestGolden(t *testing.T) {
	for _, name := range decodertest.Files(t, "pumpswap_") {
		t.Run(name, func(t *testing.T) {
			updates := decodertest.Load(t, name)
			evs := decodePumpSwap(t, updates)
			if len(evs) == 0 {
				t.Fatal("no PumpSwap events")
			}
			tx := decodertest.Tx(t, updates)
			for k := range evs {
				switch b := evs[k].Body.(type) {
				case *events.PumpSwapTrade:
					crossCheckTrade(t, tx, evs[k].Path, b)
				default:
					t.Errorf("no cross-check for %T", b)
				}
			}
			decodertest.Golden(t, "testdata/"+strings.TrimSuffix(name, ".json")+".golden", evs)
		})
	}
}

// delta returns post − pre of the token account at instruction i's n-th account, and its mint.
func delta(t *testing.T, tx *chain.Tx, i, n int, what string) (pre, post uint64, d int64, mint string) {
	t.Helper()
	pre, post, mint, ok := tx.TokenAmounts(tx.AccountIndex(i, n))
	if !ok {
		t.Fatalf("no token balances for %s (account %d)", what, n)
	}
	return pre, post, int64(post) - int64(pre), mint
}

// crossCheckTrade checks a trade against a second source in the same transaction, the token
// balances: the base vault (account 7) pays/receives exactly the base amount and, for a direct
// call, the user's base account (5) the opposite; the quote vault (8) gains quote_amount_in_with_lp_fee on a buy
// and loses quote_amount_out_without_lp_fee on a sell (the LP fee stays in the pool, protocol
// and creator fees go to their own accounts, 10 and 17, which gain exactly protocol_fee and
// coin_creator_fee); the event's pre-trade pool reserves are the vaults' pre balances; the
// vaults hold the instruction's mints, whose decimals the event took; and the user's quote
// amount is the vault's quote plus the fees that went elsewhere.
func crossCheckTrade(t *testing.T, tx *chain.Tx, p events.Path, b *events.PumpSwapTrade) {
	t.Helper()
	i := decodertest.InstructionAt(t, tx, p)
	basePre, _, baseVault, baseMint := delta(t, tx, i, 7, "pool base vault")
	quotePre, _, quoteVault, quoteMint := delta(t, tx, i, 8, "pool quote vault")
	_, _, protocol, _ := delta(t, tx, i, 10, "protocol fee recipient token account")
	if baseMint != b.BaseMint.String() || quoteMint != b.QuoteMint.String() {
		t.Errorf("vault mints %s/%s, event %s/%s", baseMint, quoteMint, b.BaseMint, b.QuoteMint)
	}
	if basePre != b.PoolBaseTokenReserves || quotePre != b.PoolQuoteTokenReserves {
		t.Errorf("vault pre balances %d/%d, event pool reserves %d/%d", basePre, quotePre, b.PoolBaseTokenReserves, b.PoolQuoteTokenReserves)
	}
	sign := int64(1)
	if b.IsBuy {
		sign = -1
	}
	if baseVault != sign*int64(b.BaseAmount) {
		t.Errorf("base vault %+d; event base amount %d (buy %v)", baseVault, b.BaseAmount, b.IsBuy)
	}
	// A router moves the tokens on within the transaction, so the user's own base account
	// shows the trade only when PumpSwap is called directly (and the account has balances).
	if _, _, _, ok := tx.TokenAmounts(tx.AccountIndex(i, 5)); ok && tx.Instructions[i].Depth == 1 {
		if _, _, userBase, _ := delta(t, tx, i, 5, "user base account"); userBase != -sign*int64(b.BaseAmount) {
			t.Errorf("user base account %+d; event base amount %d (buy %v)", userBase, b.BaseAmount, b.IsBuy)
		}
	}
	wantQuote := -int64(b.QuoteAmountOutWithoutLPFee)
	if b.IsBuy {
		wantQuote = int64(b.QuoteAmountInWithLPFee)
	}
	if quoteVault != wantQuote {
		t.Errorf("quote vault %+d, want %+d (lp fee %d stays in the pool)", quoteVault, wantQuote, b.LPFee)
	}
	if protocol != int64(b.ProtocolFee) {
		t.Errorf("protocol fee account %+d, event protocol_fee %d", protocol, b.ProtocolFee)
	}
	if b.EventVersion >= 2 {
		_, _, creator, _ := delta(t, tx, i, 17, "coin creator vault ata")
		if creator != int64(b.CoinCreatorFee) {
			t.Errorf("coin creator vault %+d, event coin_creator_fee %d", creator, b.CoinCreatorFee)
		}
	}
	paid := b.QuoteAmountInWithLPFee + b.ProtocolFee + b.CoinCreatorFee
	if !b.IsBuy {
		paid = b.QuoteAmountOutWithoutLPFee - b.ProtocolFee - b.CoinCreatorFee - b.Cashback
	}
	if paid != b.QuoteAmount {
		t.Errorf("quote amount %d, vault quote ± fees elsewhere %d", b.QuoteAmount, paid)
	}
	// The accounts the event names are the instruction's.
	for n, k := range map[int][32]byte{5: b.UserBaseTokenAccount, 6: b.UserQuoteTokenAccount, 9: b.ProtocolFeeRecipient, 10: b.ProtocolFeeRecipientTokenAccount} {
		if a, _ := tx.Account(i, n); a != k {
			t.Errorf("event account for position %d is not the instruction's", n)
		}
	}
	for n, dec := range map[int]uint8{7: b.BaseDecimals, 8: b.QuoteDecimals} {
		k := tx.AccountIndex(i, n)
		for _, tb := range tx.PostTokens {
			if tb.AccountIndex == k && tb.Decimals != dec {
				t.Errorf("decimals of account %d: balances %d, event %d", n, tb.Decimals, dec)
			}
		}
	}
	if b.QuoteMint == pumpswap.WSOL && b.PriceSOL == 0 {
		t.Errorf("wSOL-quoted trade without price_sol")
	}
	// Post-trade reserves, from which the price is derived, are the vaults' post balances.
	pb, pq := pumpswap.PostTradeReserves(b)
	_, basePost, _, _ := delta(t, tx, i, 7, "pool base vault")
	_, quotePost, _, _ := delta(t, tx, i, 8, "pool quote vault")
	if pb != basePost || pq != quotePost {
		t.Errorf("post-trade reserves %d/%d, vault post balances %d/%d", pb, pq, basePost, quotePost)
	}
}

// BenchmarkDecodePumpSwapTrade: decode, then subject, Nats-Msg-Id and JSON (decodertest.BenchDecode).
func BenchmarkDecodePumpSwapTrade(b *testing.B) {
	decodertest.BenchDecode(b, "pumpswap_buy_5bvyp1no.json")
}

// BenchmarkUnmarshalPumpSwapTrade: the protobuf unmarshal of the same update.
func BenchmarkUnmarshalPumpSwapTrade(b *testing.B) {
	decodertest.BenchUnmarshal(b, "pumpswap_buy_5bvyp1no.json")
}
