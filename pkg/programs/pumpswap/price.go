package pumpswap

import (
	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/events"
)

// WSOL is the wrapped-SOL mint; a pool quoted in it has prices in SOL.
var WSOL = solana.MustPublicKeyFromBase58("So11111111111111111111111111111111111111112")

// Decimals used when a transaction's token balances do not name a mint's: every pump.fun mint
// has 6, wSOL 9.
const (
	DefaultBaseDecimals  = 6
	DefaultQuoteDecimals = 9
)

var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
	1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// Price returns the price of one UI unit of base in UI units of quote for pool reserves of
// baseReserve and quoteReserve base units: quote/base × 10^(baseDecimals − quoteDecimals). It is
// 0 when baseReserve is 0 or a decimals count is above 19.
func Price(baseReserve, quoteReserve uint64, baseDecimals, quoteDecimals uint8) float64 {
	if baseReserve == 0 || baseDecimals >= uint8(len(pow10)) || quoteDecimals >= uint8(len(pow10)) {
		return 0
	}
	return float64(quoteReserve) / float64(baseReserve) * pow10[baseDecimals] / pow10[quoteDecimals]
}

// PostTradeReserves returns the pool's vault balances after the trade t describes, from the
// event's pre-trade reserves: on a buy the base vault pays base_amount_out and the quote vault
// keeps quote_amount_in + lp_fee (quote_amount_in_with_lp_fee); on a sell the base vault receives
// base_amount_in and the quote vault pays quote_amount_out − lp_fee
// (quote_amount_out_without_lp_fee). Protocol, coin-creator, cashback and buyback fees never
// pass through the vault. Results saturate at 0 and 2^64−1 on inconsistent input.
func PostTradeReserves(t *events.PumpSwapTrade) (base, quote uint64) {
	if t.IsBuy {
		return subSat(t.PoolBaseTokenReserves, t.BaseAmountOut), addSat(t.PoolQuoteTokenReserves, t.QuoteAmountInWithLPFee)
	}
	return addSat(t.PoolBaseTokenReserves, t.BaseAmountIn), subSat(t.PoolQuoteTokenReserves, t.QuoteAmountOutWithoutLPFee)
}

func subSat(a, b uint64) uint64 {
	if b > a {
		return 0
	}
	return a - b
}

func addSat(a, b uint64) uint64 {
	if a+b < a {
		return ^uint64(0)
	}
	return a + b
}

// derivePrices fills a trade's decimals-dependent fields.
func derivePrices(t *events.PumpSwapTrade) {
	base, quote := PostTradeReserves(t)
	t.PriceQuote = Price(base, quote, t.BaseDecimals, t.QuoteDecimals)
	t.PriceSOL = 0
	if t.QuoteMint == WSOL {
		t.PriceSOL = t.PriceQuote
	}
}

// derivePoolCreatePrices fills a pool creation's initial prices from the amounts deposited.
func derivePoolCreatePrices(c *events.PumpSwapPoolCreate) {
	c.PriceQuote = Price(c.PoolBaseAmount, c.PoolQuoteAmount, c.BaseMintDecimals, c.QuoteMintDecimals)
	c.PriceSOL = 0
	if c.QuoteMint == WSOL {
		c.PriceSOL = c.PriceQuote
	}
}

// tokenDecimals returns the decimals the transaction's token balances give account index k.
func tokenDecimals(tx *chain.Tx, k int) (uint8, bool) {
	c := tx.Token(k)
	return c.Decimals, c.OK
}

// decimalsOf returns the decimals of the mint held by instruction i's accounts at positions
// vault or user (the first the balances name), else def.
func decimalsOf(tx *chain.Tx, i, vault, user int, def uint8) uint8 {
	if d, ok := tokenDecimals(tx, tx.AccountIndex(i, vault)); ok {
		return d
	}
	if d, ok := tokenDecimals(tx, tx.AccountIndex(i, user)); ok {
		return d
	}
	return def
}
