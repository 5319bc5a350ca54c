package pumpswap

import (
	"math/big"
	"math/bits"
)

func mul64(a, b uint64) (hi, lo uint64) { return bits.Mul64(a, b) }

// div128 divides hi:lo by c; a quotient past 64 bits returns ^0.
func div128(hi, lo, c uint64) (q, r uint64) {
	if c == 0 || hi >= c {
		return ^uint64(0), 0
	}
	return bits.Div64(hi, lo, c)
}

// isqrt returns floor(sqrt(a × b)).
func isqrt(a, b uint64) uint64 {
	x := new(big.Int).Mul(new(big.Int).SetUint64(a), new(big.Int).SetUint64(b))
	return x.Sqrt(x).Uint64()
}
