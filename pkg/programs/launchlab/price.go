package launchlab

import (
	"math"

	"github.com/gagliardetto/solana-go"
)

// Decimals assumed when a transaction's token balances do not list a swap's token accounts:
// LaunchLab mints base tokens with 6 decimals by default, and wSOL has 9.
const (
	DefaultBaseDecimals  = 6
	DefaultQuoteDecimals = 9
)

// Price returns the price of one base token in quote tokens (UI units) on the constant-product
// curve (PROGRAMS.md 4.4): (virtual_quote + real_quote) / (virtual_base − real_base) ×
// 10^(base_decimals − quote_decimals). It is 0 when the curve has no base left. For fixed-price
// and linear curves the formula does not apply; see the package doc.
func Price(virtualBase, virtualQuote, realBase, realQuote uint64, baseDecimals, quoteDecimals uint8) float64 {
	if realBase >= virtualBase {
		return 0
	}
	base := float64(virtualBase - realBase)
	quote := float64(virtualQuote) + float64(realQuote)
	return quote / base * math.Pow10(int(baseDecimals)-int(quoteDecimals))
}

// Prices returns Price, and the same as priceSOL when the quote mint is wSOL (else 0).
func Prices(quoteMint solana.PublicKey, virtualBase, virtualQuote, realBase, realQuote uint64,
	baseDecimals, quoteDecimals uint8) (price, priceSOL float64) {
	price = Price(virtualBase, virtualQuote, realBase, realQuote, baseDecimals, quoteDecimals)
	if quoteMint == solana.WrappedSol {
		priceSOL = price
	}
	return price, priceSOL
}

// Progress returns the share of total_base_sell sold, real_base / total_base_sell, from 0 to 1
// (funding ends at 1); 0 when total_base_sell is 0.
func Progress(realBase, totalBaseSell uint64) float64 {
	if totalBaseSell == 0 {
		return 0
	}
	return float64(realBase) / float64(totalBaseSell)
}
