package pumpswap

import (
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/borsh"
	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/events"
)

func pk(s string) solana.PublicKey { return solana.MustPublicKeyFromBase58(s) }

// tradeInvariants checks the relations between a trade event's amounts that hold in every real
// sample: a decoder reading a wrong offset breaks them.
func tradeInvariants(t *testing.T, name string, ev *events.PumpSwapTrade) {
	t.Helper()
	ceilBps := func(x, bps uint64) uint64 { return (x*bps + 9999) / 10000 }
	if ev.IsBuy {
		if ev.QuoteAmountInWithLPFee+ev.ProtocolFee+ev.CoinCreatorFee != ev.QuoteAmount {
			t.Errorf("%s: with_lp_fee %d + protocol %d + creator %d != quote_amount %d", name,
				ev.QuoteAmountInWithLPFee, ev.ProtocolFee, ev.CoinCreatorFee, ev.QuoteAmount)
		}
		// The amount entering the curve, and the constant product with it.
		curve := ev.QuoteAmountIn
		if ev.IxName == "buy_exact_quote_in" {
			curve = ev.UserQuoteAmountIn
		}
		if curve+ev.LPFee != ev.QuoteAmountInWithLPFee {
			t.Errorf("%s: curve quote %d + lp_fee %d != quote_amount_in_with_lp_fee %d", name, curve, ev.LPFee, ev.QuoteAmountInWithLPFee)
		}
		if ev.IxName == "buy_exact_quote_in" { // base out follows from the quote in
			if got := mulDiv(ev.PoolBaseTokenReserves, curve, ev.PoolQuoteTokenReserves+curve); got != ev.BaseAmountOut {
				t.Errorf("%s: constant product gives base out %d, event %d", name, got, ev.BaseAmountOut)
			}
		} else { // quote in = ceil(q·out/(b−out))
			if got := mulDivCeil(ev.PoolQuoteTokenReserves, ev.BaseAmountOut, ev.PoolBaseTokenReserves-ev.BaseAmountOut); got != curve {
				t.Errorf("%s: constant product gives quote in %d, event %d", name, got, curve)
			}
			if ev.LPFee != ceilBps(curve, ev.LPFeeBasisPoints) || ev.ProtocolFee != ceilBps(curve, ev.ProtocolFeeBasisPoints) {
				t.Errorf("%s: fees %d/%d not ceil(%d × %d/%d bps)", name, ev.LPFee, ev.ProtocolFee, curve, ev.LPFeeBasisPoints, ev.ProtocolFeeBasisPoints)
			}
		}
	} else {
		if ev.QuoteAmountOut-ev.LPFee != ev.QuoteAmountOutWithoutLPFee {
			t.Errorf("%s: quote_amount_out %d − lp_fee %d != without_lp_fee %d", name, ev.QuoteAmountOut, ev.LPFee, ev.QuoteAmountOutWithoutLPFee)
		}
		if ev.QuoteAmountOutWithoutLPFee-ev.ProtocolFee-ev.CoinCreatorFee-ev.Cashback != ev.UserQuoteAmountOut {
			t.Errorf("%s: without_lp_fee − protocol − creator − cashback != user_quote_amount_out %d", name, ev.UserQuoteAmountOut)
		}
		if got := mulDiv(ev.PoolQuoteTokenReserves, ev.BaseAmountIn, ev.PoolBaseTokenReserves+ev.BaseAmountIn); got != ev.QuoteAmountOut {
			t.Errorf("%s: constant product gives quote out %d, event %d", name, got, ev.QuoteAmountOut)
		}
	}
	if ev.BuybackFeeBasisPoints != 0 && ev.BuybackFee != ev.ProtocolFee*ev.BuybackFeeBasisPoints/10000 {
		t.Errorf("%s: buyback_fee %d is not %d bps of protocol_fee %d", name, ev.BuybackFee, ev.BuybackFeeBasisPoints, ev.ProtocolFee)
	}
	if ev.Timestamp < 1.7e9 || ev.Timestamp > 1.9e9 {
		t.Errorf("%s: timestamp %d out of range", name, ev.Timestamp)
	}
}

func mulDiv(a, b, c uint64) uint64 {
	hi, lo := mul64(a, b)
	q, _ := div128(hi, lo, c)
	return q
}

func mulDivCeil(a, b, c uint64) uint64 {
	hi, lo := mul64(a, b)
	q, r := div128(hi, lo, c)
	if r != 0 {
		q++
	}
	return q
}

func TestDecodeTradeEventSamples(t *testing.T) {
	wantVersion := map[string]uint8{
		"buyevent_304_lukks": 1, "buyevent_352_pumpswap_buy_56RbkzmA": 2, "buyevent_385_pumpswap_buy_4pCgZ28W": 3,
		"buyevent_400_pumpswap_buy_2zNeSn8c": 4, "buyevent_400_pumpswap_buy_5bvyp1no": 4, "buyevent_472_2026": 6,
		"sellevent_352_pumpswap_sell_27f6P1sV": 2, "sellevent_352_pumpswap_sell_5gtu6ARV": 2,
		"sellevent_368_vixen_VLzYfuPu": 3, "sellevent_409_2026": 4,
	}
	wantExtra := map[string]uint64{"buyevent_472_2026": 25, "sellevent_409_2026": 25}
	for _, kind := range []string{"BuyEvent", "SellEvent"} {
		for _, s := range samplesOf(t, kind) {
			t.Run(s.Name, func(t *testing.T) {
				decode := DecodeBuyEvent
				if kind == "SellEvent" {
					decode = DecodeSellEvent
				}
				ev, err := decode(s.Data[8:])
				if err != nil {
					t.Fatalf("Decode%s(%s) error %v", kind, s.Name, err)
				}
				want, ok := wantVersion[s.Name]
				if !ok {
					t.Fatalf("no expected version for %s", s.Name)
				}
				if ev.EventVersion != want || ev.EventLen != uint64(s.Len-8) || ev.EventExtra != wantExtra[s.Name] {
					t.Errorf("Decode%s(%s) version/len/extra = %d/%d/%d, want %d/%d/%d", kind, s.Name,
						ev.EventVersion, ev.EventLen, ev.EventExtra, want, s.Len-8, wantExtra[s.Name])
				}
				if ev.IsBuy != (kind == "BuyEvent") {
					t.Errorf("IsBuy = %v", ev.IsBuy)
				}
				tradeInvariants(t, s.Name, &ev)
			})
		}
	}
}

// TestDecodeBuyEventLuKks compares with the values an independent decoder (LuKks/borsh-encoding
// with the IDL) expects for the same May 2025 bytes.
func TestDecodeBuyEventLuKks(t *testing.T) {
	ev, err := DecodeBuyEvent(sampleNamed(t, "buyevent_304_lukks")[8:])
	if err != nil {
		t.Fatal(err)
	}
	want := events.PumpSwapTrade{
		IsBuy: true, BaseAmount: 224164147200, QuoteAmount: 1571685498,
		Timestamp: 1746148272, BaseAmountOut: 224164147200, MaxQuoteAmountIn: 1618126650,
		UserBaseTokenReserves: 0, UserQuoteTokenReserves: 1618126650, PoolBaseTokenReserves: 72733296097610,
		PoolQuoteTokenReserves: 507116588655, QuoteAmountIn: 1567766081, LPFeeBasisPoints: 20, LPFee: 3135533,
		ProtocolFeeBasisPoints: 5, ProtocolFee: 783884, QuoteAmountInWithLPFee: 1570901614, UserQuoteAmountIn: 1571685498,
		Pool: pk("D8jJQR9BcBrfVhhnJ61Phok1YNfGhzwcFyKXLiLXGxYj"), User: pk("2FkCvc2FqrPa5NS9r15JWqXcVUyWdUjEJXU1P7or6BvA"),
		UserBaseTokenAccount:             pk("7E87PXphaQ1hq96p39obiiPLJLeYmK55e2pS2TKVrAc3"),
		UserQuoteTokenAccount:            pk("BF7YRsiaEH3c8ATFy85vshXhU1nEunUsWFRe1aEnHyYA"),
		ProtocolFeeRecipient:             pk("FWsW1xNtWscwNmKv6wVsU1iTzRN6wmmk3MjxRP5tT7hz"),
		ProtocolFeeRecipientTokenAccount: pk("7xQYoUjUJF1Kg6WVczoTAkaNhn5syQYcbvjmFrhjWpx"),
		EventLen:                         304, EventVersion: 1,
	}
	if ev != want {
		t.Errorf("DecodeBuyEvent(lukks) =\n%+v\nwant\n%+v", ev, want)
	}
}

// TestDecodeTradeEventLengths cuts the newest real events at every layout boundary and between
// them: every known length decodes to its version with the same prefix, anything between counts
// as extra, and a cut inside a field (or inside ix_name) is short data naming that field.
func TestDecodeTradeEventLengths(t *testing.T) {
	buy := sampleNamed(t, "buyevent_472_2026")[8:] // ix_name "buy_exact_quote_in": L = 18
	sell := sampleNamed(t, "sellevent_409_2026")[8:]
	full, _ := DecodeBuyEvent(buy)
	fullSell, _ := DecodeSellEvent(sell)
	tests := []struct {
		name     string
		sell     bool
		n        int
		version  uint8
		extra    uint64
		errField string
	}{
		{"buy v1", false, 304, 1, 0, ""},
		{"buy v1+16", false, 320, 1, 16, ""},
		{"buy v2", false, 352, 2, 0, ""},
		{"buy v2+32", false, 384, 2, 32, ""},
		{"buy v3", false, 385, 3, 0, ""},
		{"buy v3+11", false, 396, 3, 11, ""},
		{"buy cut in ix_name", false, 400, 0, 0, "ix_name at offset 393"},
		{"buy v4", false, 397 + 18, 4, 0, ""},
		{"buy v4+15", false, 397 + 18 + 15, 4, 15, ""},
		{"buy v5", false, 413 + 18, 5, 0, ""},
		{"buy v6", false, 429 + 18, 6, 0, ""},
		{"buy v6+25 (real 2026)", false, 472, 6, 25, ""},
		{"buy short", false, 303, 0, 0, "protocol_fee_recipient_token_account at offset 272"},
		{"buy short 100", false, 100, 0, 0, "quote_amount_in_with_lp_fee at offset 96"},
		{"buy empty", false, 0, 0, 0, "timestamp at offset 0"},
		{"sell v1", true, 304, 1, 0, ""},
		{"sell v2", true, 352, 2, 0, ""},
		{"sell v2+15", true, 367, 2, 15, ""},
		{"sell v3", true, 368, 3, 0, ""},
		{"sell v4", true, 384, 4, 0, ""},
		{"sell v4+25 (real 2026)", true, 409, 4, 25, ""},
		{"sell short", true, 57, 0, 0, "quote_amount_out at offset 56"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ev events.PumpSwapTrade
			var err error
			want := full
			if tt.sell {
				ev, err = DecodeSellEvent(sell[:tt.n])
				want = fullSell
			} else {
				ev, err = DecodeBuyEvent(buy[:tt.n])
			}
			if tt.errField != "" {
				if !errors.Is(err, borsh.ErrShortData) || !strings.Contains(err.Error(), tt.errField) {
					t.Fatalf("decode(%d bytes) error = %v, want short data at %q", tt.n, err, tt.errField)
				}
				return
			}
			if err != nil {
				t.Fatalf("decode(%d bytes) error = %v", tt.n, err)
			}
			if ev.EventVersion != tt.version || ev.EventExtra != tt.extra || ev.EventLen != uint64(tt.n) {
				t.Errorf("decode(%d bytes) version/extra/len = %d/%d/%d, want %d/%d/%d", tt.n, ev.EventVersion, ev.EventExtra, ev.EventLen, tt.version, tt.extra, tt.n)
			}
			// The prefix agrees with the full decode.
			if ev.Pool != want.Pool || ev.PoolQuoteTokenReserves != want.PoolQuoteTokenReserves || ev.ProtocolFeeRecipientTokenAccount != want.ProtocolFeeRecipientTokenAccount {
				t.Errorf("decode(%d bytes) prefix differs from the full event", tt.n)
			}
			if tt.version >= 2 && ev.CoinCreatorFeeBasisPoints != want.CoinCreatorFeeBasisPoints {
				t.Errorf("coin_creator_fee_basis_points = %d", ev.CoinCreatorFeeBasisPoints)
			}
			if !tt.sell && tt.version >= 4 && ev.IxName != "buy_exact_quote_in" {
				t.Errorf("ix_name = %q", ev.IxName)
			}
			if tt.version < 4 && (ev.BuybackFee != 0 || ev.IxName != "") {
				t.Errorf("fields past version %d set: %+v", tt.version, ev)
			}
		})
	}
}

func TestDecodeBuyEventCorrupt(t *testing.T) {
	real := sampleNamed(t, "buyevent_400_pumpswap_buy_2zNeSn8c")[8:]
	corrupt := func(f func(b []byte)) []byte {
		b := append([]byte(nil), real...)
		f(b)
		return b
	}
	tests := []struct {
		name  string
		data  []byte
		is    error
		field string
	}{
		{"track_volume 2", corrupt(func(b []byte) { b[352] = 2 }), borsh.ErrInvalid, "track_volume at offset 352"},
		{"ix_name length huge", corrupt(func(b []byte) { binary.LittleEndian.PutUint32(b[393:], 1<<31) }), borsh.ErrShortData, "ix_name at offset 393"},
		{"ix_name length 5 of 3 left", corrupt(func(b []byte) { binary.LittleEndian.PutUint32(b[393:], 5) }), borsh.ErrShortData, "ix_name at offset 393: need 9 bytes, have 7"},
		{"ix_name length 2: shorter name, rest extra", corrupt(func(b []byte) { binary.LittleEndian.PutUint32(b[393:], 2) }), nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := DecodeBuyEvent(tt.data)
			if tt.is == nil {
				if err != nil || ev.IxName != "bu" || ev.EventExtra != 1 || ev.EventVersion != 4 {
					t.Errorf("DecodeBuyEvent(%s) = ix_name %q extra %d version %d, %v; want \"bu\", 1, 4", tt.name, ev.IxName, ev.EventExtra, ev.EventVersion, err)
				}
				return
			}
			if !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.field) || !strings.HasPrefix(err.Error(), "pumpswap: decode BuyEvent: ") {
				t.Errorf("DecodeBuyEvent(%s) error = %v, want %v at %q", tt.name, err, tt.is, tt.field)
			}
		})
	}
}

func TestDecodeCreatePoolEvent(t *testing.T) {
	b := sampleNamed(t, "createpoolevent_326_2026")[8:]
	tests := []struct {
		n      int
		extra  uint64
		mayhem bool
		coin   bool
		err    string
	}{
		{326, 0, true, true, ""},
		{330, 4, true, true, ""}, // a longer future version
		{325, 0, false, true, ""},
		{293, 0, false, false, ""},
		{300, 7, false, false, ""},
		{292, 0, false, false, "user_quote_token_account at offset 261"},
		{107, 0, false, false, "quote_mint_decimals at offset 107"},
	}
	for _, tt := range tests {
		data := b[:min(tt.n, len(b))]
		if tt.n > len(b) {
			data = append(append([]byte(nil), b...), make([]byte, tt.n-len(b))...)
		}
		ev, err := DecodeCreatePoolEvent(data)
		if tt.err != "" {
			if !errors.Is(err, borsh.ErrShortData) || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("DecodeCreatePoolEvent(%d bytes) error = %v, want %q", tt.n, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("DecodeCreatePoolEvent(%d bytes) error = %v", tt.n, err)
		}
		// Expected values from the source's own test (pool 8A3DaQpw…, 2026-08-20).
		if ev.BaseMint != pk("GPAVdWsSJhoJhE7ZbcWc4ffNHAbBZRP58jujb1empump") || ev.QuoteMint != WSOL ||
			ev.Timestamp != 1785435005 || ev.BaseMintDecimals != 6 || ev.QuoteMintDecimals != 9 ||
			ev.Pool != pk("8A3DaQpw8CPz4t9zqDyHDwCmkqREkPYgBE6X4eYHKmJE") {
			t.Errorf("DecodeCreatePoolEvent(%d bytes) = %+v", tt.n, ev)
		}
		// Liquidity: initial = isqrt(base × quote); the user gets it less the locked minimum.
		if ev.LPTokenAmountOut != ev.InitialLiquidity-ev.MinimumLiquidity || ev.PoolBaseAmount != ev.BaseAmountIn {
			t.Errorf("liquidity fields inconsistent: %+v", ev)
		}
		if s := isqrt(ev.BaseAmountIn, ev.QuoteAmountIn); s != ev.InitialLiquidity {
			t.Errorf("isqrt(base×quote) = %d, initial_liquidity %d", s, ev.InitialLiquidity)
		}
		if ev.IsMayhemMode != tt.mayhem || (ev.CoinCreator != solana.PublicKey{}) != tt.coin || ev.EventExtra != tt.extra {
			t.Errorf("DecodeCreatePoolEvent(%d bytes) mayhem/coin_creator/extra = %v/%v/%d", tt.n, ev.IsMayhemMode, ev.CoinCreator, ev.EventExtra)
		}
	}
	bad := append([]byte(nil), b...)
	bad[325] = 7
	if _, err := DecodeCreatePoolEvent(bad); !errors.Is(err, borsh.ErrInvalid) || !strings.Contains(err.Error(), "is_mayhem_mode at offset 325") {
		t.Errorf("DecodeCreatePoolEvent(is_mayhem_mode 7) error = %v", err)
	}
}

func TestDecodeLiquidityEvents(t *testing.T) {
	d, err := DecodeDepositEvent(sampleNamed(t, "depositevent_248_2026")[8:])
	if err != nil {
		t.Fatal(err)
	}
	if d.Pool != pk("3Nfu1VWsoUbRwS9sXmMLzGJfVp2dWHf6Xw75JoSvvwZQ") || d.BaseAmountIn != 10008857 || d.EventLen != 248 || d.EventExtra != 0 {
		t.Errorf("DecodeDepositEvent = %+v", d)
	}
	// Deposits are proportional: base_in = ceil(lp_out × base_reserve / lp_supply), same for quote.
	if got := mulDivCeil(d.LPTokenAmountOut, d.PoolBaseTokenReserves, d.LPMintSupply); got != d.BaseAmountIn {
		t.Errorf("deposit base_amount_in %d, proportional %d", d.BaseAmountIn, got)
	}
	if got := mulDivCeil(d.LPTokenAmountOut, d.PoolQuoteTokenReserves, d.LPMintSupply); got != d.QuoteAmountIn {
		t.Errorf("deposit quote_amount_in %d, proportional %d", d.QuoteAmountIn, got)
	}
	w, err := DecodeWithdrawEvent(sampleNamed(t, "withdrawevent_248_2026")[8:])
	if err != nil {
		t.Fatal(err)
	}
	if w.Pool != pk("CumioQrRqWyLv2Xdge2aFVgTgVrBZuF7y2PNTuDQfhXg") || w.BaseAmountOut != 103113808011 {
		t.Errorf("DecodeWithdrawEvent = %+v", w)
	}
	if got := mulDiv(w.LPTokenAmountIn, w.PoolBaseTokenReserves, w.LPMintSupply); got != w.BaseAmountOut {
		t.Errorf("withdraw base_amount_out %d, proportional %d", w.BaseAmountOut, got)
	}
	for n := 0; n < 248; n += 31 {
		if _, err := DecodeWithdrawEvent(sampleNamed(t, "withdrawevent_248_2026")[8 : 8+n]); !errors.Is(err, borsh.ErrShortData) {
			t.Errorf("DecodeWithdrawEvent(%d bytes) error = %v, want short data", n, err)
		}
		if _, err := DecodeDepositEvent(sampleNamed(t, "depositevent_248_2026")[8 : 8+n]); !errors.Is(err, borsh.ErrShortData) || !strings.Contains(err.Error(), "DepositEvent") {
			t.Errorf("DecodeDepositEvent(%d bytes) error = %v, want short data", n, err)
		}
	}
	long := append(append([]byte(nil), sampleNamed(t, "depositevent_248_2026")[8:]...), 1, 2, 3)
	if d, err := DecodeDepositEvent(long); err != nil || d.EventExtra != 3 {
		t.Errorf("DecodeDepositEvent(251 bytes) = extra %d, %v", d.EventExtra, err)
	}
}

func TestDecodePool(t *testing.T) {
	lukks := sampleNamed(t, "pool_211_lukks")
	p, err := DecodePool(lukks)
	if err != nil {
		t.Fatal(err)
	}
	want := events.PumpSwapPool{PoolBump: 255, PoolIndex: 0,
		Creator:               pk("3X9pcDuzyVpN659g76tXYEhpCMR8vbM36faDeDBMGFnm"),
		BaseMint:              pk("2fWkVf417bfxEgUemymkYNagXVitnmNxvq7dhUwnpump"),
		QuoteMint:             WSOL,
		LPMint:                pk("6793kQoqgH1B2ZDhrYLHTXJSC2JbjEiEBDhxDQYj8Ptx"),
		PoolBaseTokenAccount:  pk("EqQTQtw3hpmyzWzxiAMwBceGb6i8e8Nsq7ZDLj8fcjJM"),
		PoolQuoteTokenAccount: pk("CuxEC31tUC4ZnydbUqM4XXuG8KZfMbcXJ6HanrGB2hW"),
		LPSupply:              4193388283912, DataLen: 211}
	if p != want {
		t.Errorf("DecodePool(lukks) =\n%+v\nwant\n%+v", p, want)
	}
	real := sampleNamed(t, "pool_301_2026_HskDSyGa")
	tests := []struct {
		n       int
		extra   uint64
		creator bool
		err     error
	}{
		{301, 56, true, nil},
		{300, 55, true, nil},
		{245, 0, true, nil},
		{244, 0, true, nil},
		{243, 0, true, nil},
		{242, 31, false, nil},
		{211, 0, false, nil},
		{210, 0, false, borsh.ErrShortData},
		{9, 0, false, borsh.ErrShortData},
		{8, 0, false, borsh.ErrShortData},
		{7, 0, false, chain.ErrUnknownDiscriminator},
	}
	for _, tt := range tests {
		p, err := DecodePool(real[:tt.n])
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("DecodePool(%d bytes) error = %v, want %v", tt.n, err, tt.err)
			}
			continue
		}
		if err != nil || p.DataExtra != tt.extra || (p.CoinCreator == pk("BAAANwKPACscHN2fU7eaMwQUg9r47WCf9pzfTvrxPweG")) != tt.creator ||
			p.BaseMint != pk("GvSXkTftiuvsRgpdbR4PedGspb1M6bkYGKgHUBAYpump") || p.QuoteMint != WSOL {
			t.Errorf("DecodePool(%d bytes) = %+v, %v", tt.n, p, err)
		}
	}
	if _, err := DecodePool(sampleNamed(t, "globalconfig_313_lukks")); !errors.Is(err, chain.ErrUnknownDiscriminator) {
		t.Errorf("DecodePool(GlobalConfig) error = %v", err)
	}
	bad := append([]byte(nil), real...)
	bad[243] = 3
	if _, err := DecodePool(bad); !errors.Is(err, borsh.ErrInvalid) || !strings.Contains(err.Error(), "is_mayhem_mode at offset 243") {
		t.Errorf("DecodePool(is_mayhem_mode 3) error = %v", err)
	}
	// Every real 2026 pool: the mints, vaults and LP mint are distinct, real keys.
	for _, s := range samplesOf(t, "Pool") {
		p, err := DecodePool(s.Data)
		if err != nil || p.BaseMint == p.QuoteMint || p.LPMint == p.BaseMint || p.PoolBaseTokenAccount == p.PoolQuoteTokenAccount || (p.BaseMint != WSOL && p.QuoteMint != WSOL && !strings.HasSuffix(s.Name, "5nFmNMEW")) {
			t.Errorf("DecodePool(%s) = %+v, %v", s.Name, p, err)
		}
	}
}

func TestDecodeGlobalConfig(t *testing.T) {
	b := sampleNamed(t, "globalconfig_313_lukks")
	g, err := DecodeGlobalConfig(b)
	if err != nil {
		t.Fatal(err)
	}
	if g.Admin != pk("FFWtrEQ4B4PKQoVuHYzZq8FabGkVatYzDpEVHsK5rrhF") || g.LPFeeBasisPoints != 20 || g.ProtocolFeeBasisPoints != 5 ||
		g.ProtocolFeeRecipients[0] != pk("62qc2CNXwrYqQScmEdiZFFAnJR262PxWEuNQtxfafNgV") ||
		g.ProtocolFeeRecipients[7] != pk("JCRGumoE9Qi5BBgULTgdgTLjSgkCMSbF62ZZfGs84JeU") || g.DataExtra != 0 {
		t.Errorf("DecodeGlobalConfig(lukks) = %+v", g)
	}
	// A current-length account built on the real prefix: every later field lands at its offset.
	full := append(append([]byte(nil), b...), make([]byte, GlobalConfigLen-len(b))...)
	binary.LittleEndian.PutUint64(full[313:], 95)
	full[417], full[642] = 1, 1
	binary.LittleEndian.PutUint64(full[899:], 5000)
	copy(full[643:], pk("62qc2CNXwrYqQScmEdiZFFAnJR262PxWEuNQtxfafNgV").Bytes())
	g, err = DecodeGlobalConfig(full)
	if err != nil || g.CoinCreatorFeeBasisPoints != 95 || !g.MayhemModeEnabled || !g.IsCashbackEnabled || g.BuybackBasisPoints != 5000 ||
		g.BuybackFeeRecipients[0] != pk("62qc2CNXwrYqQScmEdiZFFAnJR262PxWEuNQtxfafNgV") || g.DataExtra != 0 {
		t.Errorf("DecodeGlobalConfig(907 bytes) = %+v, %v", g, err)
	}
	if _, err := DecodeGlobalConfig(b[:300]); !errors.Is(err, borsh.ErrShortData) || !strings.Contains(err.Error(), "protocol_fee_recipients") {
		t.Errorf("DecodeGlobalConfig(300 bytes) error = %v", err)
	}
}

func TestPrice(t *testing.T) {
	tests := []struct {
		b, q   uint64
		bd, qd uint8
		want   float64
	}{
		{1_000_000_000_000, 1_000_000_000, 6, 9, 1e-6}, // 1e6 tokens for 1 SOL
		{2, 1, 0, 0, 0.5},
		{0, 1, 6, 9, 0},
		{1, 1, 20, 9, 0},
	}
	for _, tt := range tests {
		if got := Price(tt.b, tt.q, tt.bd, tt.qd); got != tt.want {
			t.Errorf("Price(%d, %d, %d, %d) = %v, want %v", tt.b, tt.q, tt.bd, tt.qd, got, tt.want)
		}
	}
}

// TestDecodePoolGraduated decodes the 2026 pool of a graduated pump.fun coin read with
// getAccountInfo (chainstacklabs, samples.json) and checks it against the same source: the
// coin and pool it names, and the pool's vaults as its own sell transaction shows them (token
// accounts of mint DJGsptd7…/wSOL owned by the pool).
func TestDecodePoolGraduated(t *testing.T) {
	p, err := DecodePool(sampleNamed(t, "pool_301_2026_B9WYSKaL"))
	if err != nil {
		t.Fatal(err)
	}
	if p.BaseMint != pk("DJGsptd7CEMEKrHdmVPastxKcPNSqGJT5K7HWcn5pump") || p.QuoteMint != WSOL ||
		p.PoolBaseTokenAccount != pk("j6iUvMo6Z2yivpHmsME2nXrafjbhtbCJqdevsJstunV") ||
		p.PoolQuoteTokenAccount != pk("C3FQnUxE56fXfbTZTFLvddizyrQqXJsG7VRTvdSPk3uU") ||
		p.PoolIndex != 0 || p.DataLen != 301 || p.DataExtra != 56 || p.CoinCreator.IsZero() || p.LPMint.IsZero() {
		t.Errorf("DecodePool(B9WYSKaL) = %+v", p)
	}
	// A canonical (index 0) pump.fun pool: the migration minted the usual LP supply, as in the
	// other canonical pools here (pool_211_lukks: 4193388283912).
	if p.LPSupply < 4_190_000_000_000 || p.LPSupply > 4_194_000_000_000 {
		t.Errorf("lp_supply %d, want about 4.19e12 like every canonical pool", p.LPSupply)
	}
}
