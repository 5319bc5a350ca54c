package pumpfun

// Defaults of the pump.fun Global account (PROGRAMS.md §2.3), used where an event does not carry
// the coin's own parameters.
const (
	// DefaultTokenTotalSupply is every coin's supply in base units (1 B tokens, 6 decimals).
	DefaultTokenTotalSupply = 1_000_000_000_000_000
	// DefaultInitialRealTokenReserves is the tokens a curve sells before it completes (793.1 M).
	DefaultInitialRealTokenReserves = 793_100_000_000_000
)

// Derived values of a bonding curve's reserves (PROGRAMS.md §2.4). This is the one place they
// are computed.
type Derived struct {
	PriceSol     float64 // SOL per whole token: (vsr / 1e9) / (vtr / 1e6)
	MarketCapSol float64 // vsr × supply / vtr, in SOL
	Progress     float64 // 100 × (initial real tokens − rtr) / initial real tokens, clamped to 0…100
}

// Derive computes the derived values from virtual SOL and token reserves, real token reserves
// and the token supply (base units). It returns zeros for an empty curve (vtr = 0) and uses
// DefaultTokenTotalSupply when supply is 0.
func Derive(vsr, vtr, rtr, supply uint64) Derived {
	if vtr == 0 {
		return Derived{}
	}
	if supply == 0 {
		supply = DefaultTokenTotalSupply
	}
	d := Derived{
		PriceSol:     float64(vsr) / float64(vtr) / 1e3,
		MarketCapSol: float64(vsr) / float64(vtr) * float64(supply) / 1e9,
	}
	sold := float64(DefaultInitialRealTokenReserves) - float64(rtr)
	d.Progress = 100 * sold / DefaultInitialRealTokenReserves
	if d.Progress < 0 {
		d.Progress = 0
	} else if d.Progress > 100 {
		d.Progress = 100
	}
	return d
}

// isSOL reports whether a quote mint means SOL: all zero (Pubkey::default, SOL-paired coins)
// or wrapped SOL.
func isSOL(quote [32]byte) bool { return quote == [32]byte{} || quote == wsolMint }

// wsolMint is So11111111111111111111111111111111111111112.
var wsolMint = [32]byte{0x06, 0x9b, 0x88, 0x57, 0xfe, 0xab, 0x81, 0x84, 0xfb, 0x68, 0x7f, 0x63, 0x46, 0x18, 0xc0, 0x35,
	0xda, 0xc4, 0x39, 0xdc, 0x1a, 0xeb, 0x3b, 0x55, 0x98, 0xa0, 0xf0, 0x00, 0x00, 0x00, 0x00, 0x01}
