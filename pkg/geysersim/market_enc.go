package geysersim

import (
	"encoding/binary"
	"math/bits"

	"github.com/gagliardetto/solana-go"
)

// borshBuf appends Borsh (and packed little-endian) fields.
type borshBuf []byte

func (b *borshBuf) raw(p []byte) *borshBuf { *b = append(*b, p...); return b }
func (b *borshBuf) u8(v uint8) *borshBuf   { *b = append(*b, v); return b }
func (b *borshBuf) u16(v uint16) *borshBuf {
	*b = binary.LittleEndian.AppendUint16(*b, v)
	return b
}
func (b *borshBuf) u32(v uint32) *borshBuf {
	*b = binary.LittleEndian.AppendUint32(*b, v)
	return b
}
func (b *borshBuf) u64(v uint64) *borshBuf {
	*b = binary.LittleEndian.AppendUint64(*b, v)
	return b
}
func (b *borshBuf) i64(v int64) *borshBuf { return b.u64(uint64(v)) }
func (b *borshBuf) u128(lo, hi uint64) *borshBuf {
	return b.u64(lo).u64(hi)
}
func (b *borshBuf) key(k solana.PublicKey) *borshBuf { *b = append(*b, k[:]...); return b }
func (b *borshBuf) flag(v bool) *borshBuf {
	if v {
		return b.u8(1)
	}
	return b.u8(0)
}
func (b *borshBuf) str(s string) *borshBuf {
	b.u32(uint32(len(s)))
	*b = append(*b, s...)
	return b
}
func (b *borshBuf) zeros(n int) *borshBuf {
	*b = append(*b, make([]byte, n)...)
	return b
}

// disc starts a buffer with an 8-byte discriminator.
func disc(d [8]byte) *borshBuf {
	b := make(borshBuf, 0, 256)
	return b.raw(d[:])
}

// mulDiv returns floor(a·b/c); the quotient must fit in 64 bits.
func mulDiv(a, b, c uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	if hi >= c {
		return ^uint64(0)
	}
	q, _ := bits.Div64(hi, lo, c)
	return q
}

// mulDivCeil returns ceil(a·b/c).
func mulDivCeil(a, b, c uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	if hi >= c {
		return ^uint64(0)
	}
	q, rem := bits.Div64(hi, lo, c)
	if rem != 0 {
		q++
	}
	return q
}

// isqrtMul returns floor(sqrt(a·b)).
func isqrtMul(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	// Newton's method on the 128-bit product, starting above the root.
	x := ^uint64(0)
	if hi == 0 {
		x = uint64(1) << ((bits.Len64(lo) + 1) / 2)
	}
	for {
		if x == 0 {
			return 0
		}
		q := ^uint64(0)
		if hi < x {
			q, _ = bits.Div64(hi, lo, x)
		}
		y := x/2 + q/2 + (x & q & 1)
		if y >= x {
			return x
		}
		x = y
	}
}

// add128 adds v to a u128 kept as [low, high].
func add128(x *[2]uint64, v uint64) {
	var c uint64
	x[0], c = bits.Add64(x[0], v, 0)
	x[1] += c
}

// Instruction data of the system and token programs.
func systemTransfer(lamports uint64) []byte {
	b := borshBuf{}
	return *b.u32(2).u64(lamports)
}

func systemCreateAccount(lamports, space uint64, owner solana.PublicKey) []byte {
	b := borshBuf{}
	return *b.u32(0).u64(lamports).u64(space).key(owner)
}

func tokenTransfer(amount uint64) []byte {
	b := borshBuf{}
	return *b.u8(3).u64(amount)
}

func tokenTransferChecked(amount uint64, decimals uint8) []byte {
	b := borshBuf{}
	return *b.u8(12).u64(amount).u8(decimals)
}

func tokenMintTo(amount uint64) []byte {
	b := borshBuf{}
	return *b.u8(7).u64(amount)
}

func tokenBurn(amount uint64) []byte {
	b := borshBuf{}
	return *b.u8(8).u64(amount)
}
