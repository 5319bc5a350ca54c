// Package borsh reads the little-endian, length-prefixed encodings that Solana programs use on
// the wire: Borsh (Anchor instructions, events and accounts), and the packed C / bincode-1
// layouts of native programs, which read the same way for fixed-size fields.
//
// A Reader checks every read against the data left, names the field and its offset in the
// error, and allocates nothing on the success path. It does not know any program's layout.
package borsh

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// ErrShortData means the data ended before a field did.
var ErrShortData = errors.New("short data")

// ErrInvalid means a field holds a value its type cannot have (a bool that is neither 0 nor 1, a
// string longer than the data, an enum tag out of range).
var ErrInvalid = errors.New("invalid value")

// A Reader reads fields in order. After its first failure every read returns the zero value and
// Err reports that first failure. A Reader is not safe for concurrent use.
type Reader struct {
	buf []byte
	off int
	err error
}

// NewReader returns a Reader over b. It does not copy b: slices it returns alias b.
func NewReader(b []byte) Reader { return Reader{buf: b} }

// Len returns the number of bytes not yet read (0 after a failure).
func (r *Reader) Len() int {
	if r.err != nil {
		return 0
	}
	return len(r.buf) - r.off
}

// Offset returns the offset of the next read.
func (r *Reader) Offset() int { return r.off }

// Err returns the first failure, or nil. It wraps ErrShortData or ErrInvalid.
func (r *Reader) Err() error { return r.err }

// Rest returns the bytes not yet read, without consuming them.
func (r *Reader) Rest() []byte {
	if r.err != nil {
		return nil
	}
	return r.buf[r.off:]
}

// need reports whether n more bytes are there, recording a failure naming field if not.
func (r *Reader) need(field string, n int) bool {
	if r.err != nil {
		return false
	}
	if n < 0 || len(r.buf)-r.off < n {
		r.err = &FieldError{Field: field, Offset: r.off, Need: n, Have: len(r.buf) - r.off, Err: ErrShortData}
		return false
	}
	return true
}

// FieldError says which field failed at which offset. It wraps ErrShortData or ErrInvalid.
type FieldError struct {
	Field  string
	Offset int
	Need   int // bytes the field needs (short data), or 0
	Have   int // bytes that were left
	Value  uint64
	Err    error
}

func (e *FieldError) Error() string {
	if errors.Is(e.Err, ErrShortData) {
		return fmt.Sprintf("%s at offset %d: need %d bytes, have %d: %v", e.Field, e.Offset, e.Need, e.Have, e.Err)
	}
	return fmt.Sprintf("%s at offset %d: value %d: %v", e.Field, e.Offset, e.Value, e.Err)
}

func (e *FieldError) Unwrap() error { return e.Err }

// Fail records err for field at the current offset unless a failure is already recorded. Decoders
// use it for values the type allows but the layout does not (an unknown enum tag).
func (r *Reader) Fail(field string, value uint64) {
	if r.err == nil {
		r.err = &FieldError{Field: field, Offset: r.off, Value: value, Err: ErrInvalid}
	}
}

// U8 reads one byte.
func (r *Reader) U8(field string) uint8 {
	if !r.need(field, 1) {
		return 0
	}
	v := r.buf[r.off]
	r.off++
	return v
}

// Bool reads one byte that must be 0 or 1.
func (r *Reader) Bool(field string) bool {
	if !r.need(field, 1) {
		return false
	}
	v := r.buf[r.off]
	if v > 1 {
		r.Fail(field, uint64(v))
		return false
	}
	r.off++
	return v == 1
}

// U16 reads a little-endian uint16.
func (r *Reader) U16(field string) uint16 {
	if !r.need(field, 2) {
		return 0
	}
	v := binary.LittleEndian.Uint16(r.buf[r.off:])
	r.off += 2
	return v
}

// U32 reads a little-endian uint32.
func (r *Reader) U32(field string) uint32 {
	if !r.need(field, 4) {
		return 0
	}
	v := binary.LittleEndian.Uint32(r.buf[r.off:])
	r.off += 4
	return v
}

// U64 reads a little-endian uint64.
func (r *Reader) U64(field string) uint64 {
	if !r.need(field, 8) {
		return 0
	}
	v := binary.LittleEndian.Uint64(r.buf[r.off:])
	r.off += 8
	return v
}

// I64 reads a little-endian int64.
func (r *Reader) I64(field string) int64 { return int64(r.U64(field)) }

// U128 reads a little-endian uint128 as its low and high halves.
func (r *Reader) U128(field string) (lo, hi uint64) {
	if !r.need(field, 16) {
		return 0, 0
	}
	lo = binary.LittleEndian.Uint64(r.buf[r.off:])
	hi = binary.LittleEndian.Uint64(r.buf[r.off+8:])
	r.off += 16
	return lo, hi
}

// Pubkey reads a 32-byte public key.
func (r *Reader) Pubkey(field string) [32]byte {
	var k [32]byte
	if !r.need(field, 32) {
		return k
	}
	copy(k[:], r.buf[r.off:])
	r.off += 32
	return k
}

// Bytes reads n bytes; the result aliases the Reader's buffer.
func (r *Reader) Bytes(field string, n int) []byte {
	if !r.need(field, n) {
		return nil
	}
	b := r.buf[r.off : r.off+n : r.off+n]
	r.off += n
	return b
}

// Skip advances over n bytes.
func (r *Reader) Skip(field string, n int) {
	if r.need(field, n) {
		r.off += n
	}
}

// StringBytes reads a Borsh string (u32 length, then the bytes) without copying it.
func (r *Reader) StringBytes(field string) []byte {
	if !r.need(field, 4) {
		return nil
	}
	n := binary.LittleEndian.Uint32(r.buf[r.off:])
	if uint64(n) > uint64(len(r.buf)-r.off-4) {
		r.err = &FieldError{Field: field, Offset: r.off, Need: int(n) + 4, Have: len(r.buf) - r.off, Err: ErrShortData}
		return nil
	}
	r.off += 4
	b := r.buf[r.off : r.off+int(n) : r.off+int(n)]
	r.off += int(n)
	return b
}

// String reads a Borsh string (u32 length, then the bytes) and copies it.
func (r *Reader) String(field string) string { return string(r.StringBytes(field)) }

// VecLen reads a Borsh Vec length and checks that count items of itemSize bytes can follow.
func (r *Reader) VecLen(field string, itemSize int) int {
	if !r.need(field, 4) {
		return 0
	}
	n := binary.LittleEndian.Uint32(r.buf[r.off:])
	if itemSize > 0 && uint64(n)*uint64(itemSize) > uint64(len(r.buf)-r.off-4) {
		r.err = &FieldError{Field: field, Offset: r.off, Need: 4 + int(n)*itemSize, Have: len(r.buf) - r.off, Err: ErrShortData}
		return 0
	}
	r.off += 4
	return int(n)
}
