package subjects

// alphabet is Bitcoin's base58 alphabet, which Solana uses.
const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// limbBase is 58^5: the number is kept in base-58^5 limbs, each of which later becomes exactly
// five base58 digits, so the inner loop runs once per 32-bit input word and limb instead of once
// per byte and digit.
const limbBase = 58 * 58 * 58 * 58 * 58

// AppendBase58 appends the base58 encoding of src to dst. For inputs up to 64 bytes (addresses,
// signatures) it allocates only if dst must grow.
func AppendBase58(dst, src []byte) []byte {
	zeros := 0
	for zeros < len(src) && src[zeros] == 0 {
		zeros++
	}
	for i := 0; i < zeros; i++ {
		dst = append(dst, '1')
	}
	src = src[zeros:]
	if len(src) == 0 {
		return dst
	}
	// Each 32-bit word adds less than 32/log2(58^5) ≈ 1.09 limbs.
	var stack [24]uint32
	var limbs []uint32
	if n := (len(src)+3)/4*11/10 + 2; n <= len(stack) {
		limbs = stack[:0]
	} else {
		limbs = make([]uint32, 0, n)
	}
	// The first word takes the leading len%4 bytes, so the rest are whole words.
	head := len(src) % 4
	if head == 0 {
		head = 4
	}
	for i := 0; i < len(src); {
		var word uint64
		var shift uint64 = 1 << 32
		if i == 0 {
			for ; i < head; i++ {
				word = word<<8 | uint64(src[i])
			}
			shift = 1 << (8 * uint(head))
		} else {
			word = uint64(src[i])<<24 | uint64(src[i+1])<<16 | uint64(src[i+2])<<8 | uint64(src[i+3])
			i += 4
		}
		carry := word
		for j := range limbs { // limbs are little-endian: limbs[0] is least significant
			t := uint64(limbs[j])*shift + carry
			limbs[j] = uint32(t % limbBase)
			carry = t / limbBase
		}
		for carry > 0 {
			limbs = append(limbs, uint32(carry%limbBase))
			carry /= limbBase
		}
	}
	// The most significant limb without its leading zero digits, then five digits per limb.
	top := limbs[len(limbs)-1]
	var digits [5]byte
	n := 0
	for v := top; v > 0; v /= 58 {
		digits[n] = alphabet[v%58]
		n++
	}
	for k := n - 1; k >= 0; k-- {
		dst = append(dst, digits[k])
	}
	for j := len(limbs) - 2; j >= 0; j-- {
		v := limbs[j]
		for k := 4; k >= 0; k-- {
			digits[k] = alphabet[v%58]
			v /= 58
		}
		dst = append(dst, digits[:]...)
	}
	return dst
}
