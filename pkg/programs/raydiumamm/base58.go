package raydiumamm

import "github.com/gagliardetto/solana-go"

const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

var alphabetIndex = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(alphabet); i++ {
		t[alphabet[i]] = int8(i)
	}
	return t
}()

// parsePubkey decodes a base58 public key without allocating (token balance mints are strings).
func parsePubkey(s string) (solana.PublicKey, bool) {
	var k solana.PublicKey
	if len(s) == 0 || len(s) > 44 {
		return k, false
	}
	zeros := 0
	for zeros < len(s) && s[zeros] == '1' {
		zeros++
	}
	// k holds the big-endian value being built, right-aligned.
	for i := zeros; i < len(s); i++ {
		d := alphabetIndex[s[i]]
		if d < 0 {
			return solana.PublicKey{}, false
		}
		carry := uint32(d)
		for j := len(k) - 1; j >= 0; j-- {
			carry += uint32(k[j]) * 58
			k[j] = byte(carry)
			carry >>= 8
		}
		if carry != 0 {
			return solana.PublicKey{}, false
		}
	}
	// The leading '1's are the leading zero bytes: with the value's own bytes they make 32.
	n := 0
	for n < len(k) && k[n] == 0 {
		n++
	}
	if len(k)-n+zeros != len(k) {
		return solana.PublicKey{}, false
	}
	return k, true
}
