package subjects

// alphabet is Bitcoin's base58 alphabet, which Solana uses.
const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// AppendBase58 appends the base58 encoding of src (at most 64 bytes: an address or a signature)
// to dst. It allocates only if dst must grow. Longer inputs are encoded too, slower.
func AppendBase58(dst, src []byte) []byte {
	zeros := 0
	for zeros < len(src) && src[zeros] == 0 {
		zeros++
	}
	// log(256)/log(58) ≈ 1.366; 64 bytes need at most 88 digits.
	var stack [96]byte
	var buf []byte
	size := (len(src)-zeros)*138/100 + 1
	if size <= len(stack) {
		buf = stack[:size]
	} else {
		buf = make([]byte, size)
	}
	high := size - 1
	for _, b := range src[zeros:] {
		carry := int(b)
		j := size - 1
		for ; j > high || carry != 0; j-- {
			carry += 256 * int(buf[j])
			buf[j] = byte(carry % 58)
			carry /= 58
		}
		high = j
	}
	j := 0
	for j < size && buf[j] == 0 {
		j++
	}
	for i := 0; i < zeros; i++ {
		dst = append(dst, '1')
	}
	for ; j < size; j++ {
		dst = append(dst, alphabet[buf[j]])
	}
	return dst
}
