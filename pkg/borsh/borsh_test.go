package borsh

import (
	"errors"
	"testing"
)

func TestReaderReadsInOrder(t *testing.T) {
	b := []byte{
		7,          // u8
		1,          // bool
		0x34, 0x12, // u16
		0x78, 0x56, 0x34, 0x12, // u32
		1, 0, 0, 0, 0, 0, 0, 0x80, // u64
		3, 0, 0, 0, 'a', 'b', 'c', // string
	}
	r := NewReader(b)
	if got := r.U8("a"); got != 7 {
		t.Errorf("U8 = %d, want 7", got)
	}
	if got := r.Bool("b"); !got {
		t.Errorf("Bool = false, want true")
	}
	if got := r.U16("c"); got != 0x1234 {
		t.Errorf("U16 = %#x, want 0x1234", got)
	}
	if got := r.U32("d"); got != 0x12345678 {
		t.Errorf("U32 = %#x, want 0x12345678", got)
	}
	if got := r.U64("e"); got != 0x8000000000000001 {
		t.Errorf("U64 = %#x, want 0x8000000000000001", got)
	}
	if got := r.String("f"); got != "abc" {
		t.Errorf("String = %q, want abc", got)
	}
	if r.Err() != nil || r.Len() != 0 {
		t.Errorf("after all reads: err %v, len %d; want nil, 0", r.Err(), r.Len())
	}
}

func TestReaderErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		read func(r *Reader)
		want error
		msg  string
	}{
		{"short u64", []byte{1, 2, 3}, func(r *Reader) { r.U64("sol_amount") }, ErrShortData,
			"sol_amount at offset 0: need 8 bytes, have 3: short data"},
		{"short after u8", []byte{1, 2}, func(r *Reader) { r.U8("a"); r.U16("b") }, ErrShortData,
			"b at offset 1: need 2 bytes, have 1: short data"},
		{"string longer than data", []byte{9, 0, 0, 0, 'x'}, func(r *Reader) { r.String("name") }, ErrShortData,
			"name at offset 0: need 13 bytes, have 5: short data"},
		{"huge string length", []byte{0xff, 0xff, 0xff, 0xff}, func(r *Reader) { r.String("uri") }, ErrShortData, ""},
		{"bool 2", []byte{2}, func(r *Reader) { r.Bool("is_buy") }, ErrInvalid,
			"is_buy at offset 0: value 2: invalid value"},
		{"vec too long", []byte{3, 0, 0, 0, 1}, func(r *Reader) { r.VecLen("holders", 34) }, ErrShortData, ""},
		{"first failure sticks", []byte{1}, func(r *Reader) { r.U32("x"); r.U8("y") }, ErrShortData,
			"x at offset 0: need 4 bytes, have 1: short data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(tt.data)
			tt.read(&r)
			if !errors.Is(r.Err(), tt.want) {
				t.Fatalf("Err() = %v, want %v", r.Err(), tt.want)
			}
			if tt.msg != "" && r.Err().Error() != tt.msg {
				t.Errorf("Err() = %q, want %q", r.Err(), tt.msg)
			}
			if r.Len() != 0 || r.U64("z") != 0 {
				t.Errorf("reads after a failure must return zero")
			}
		})
	}
}

func TestReaderAllocatesNothing(t *testing.T) {
	b := make([]byte, 128)
	b[0] = 4
	allocs := testing.AllocsPerRun(100, func() {
		r := NewReader(b)
		_ = r.StringBytes("s")
		_ = r.U64("a")
		_ = r.Pubkey("k")
		_ = r.Bool("b")
	})
	if allocs != 0 {
		t.Errorf("allocs = %v, want 0", allocs)
	}
}

func FuzzReader(f *testing.F) {
	f.Add([]byte{3, 0, 0, 0, 'a', 'b', 'c', 1, 2})
	f.Fuzz(func(t *testing.T, b []byte) {
		r := NewReader(b)
		_ = r.String("s")
		_ = r.VecLen("v", 34)
		_ = r.Bool("b")
		_ = r.U64("u")
		if err := r.Err(); err != nil && !errors.Is(err, ErrShortData) && !errors.Is(err, ErrInvalid) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}
