package wire

import (
	"unicode/utf8"
	"unsafe"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
)

// Unmarshal sets u to the SubscribeUpdate encoded in b, like proto.Unmarshal(b, u), reusing the
// messages and slices u already holds from an earlier update. Bytes fields of u alias b; string
// fields are substrings of one string copy of b (one allocation), so b must not be modified while
// u is in use.
//
// The result, and the error, are those of proto.Unmarshal: an encoding the fast parser does not
// take exactly is handed to proto.Unmarshal, which resets u (dropping what it held) and returns
// its error for malformed input. Every message held by u, and every slice, is overwritten or
// dropped, so nothing read from u before may be used afterwards except the bytes and strings,
// which belong to earlier encodings; u must not share messages with other messages, which
// neither Unmarshal nor proto.Unmarshal produce. Reuse works best when u last held the same kind
// of update: messages of another kind, and singular messages and optional scalars the update
// lacks, are dropped (set to nil), to be allocated again by a later update that has them.
//
// Unmarshal is safe for concurrent use with distinct u.
func Unmarshal(b []byte, u *pb.SubscribeUpdate) error {
	if u != nil && fast(b, u) {
		return nil
	}
	return proto.Unmarshal(b, u)
}

// UnmarshalOwned is Unmarshal for an encoding that belongs to u from now on: nothing modifies b
// again, ever, and bytes fields of u are never modified either. Then the strings of u alias b
// as well, and decoding makes no copy of it; b stays alive as long as any of them does. A gRPC
// codec that gives each update its own fresh copy of the received bytes meets this.
func UnmarshalOwned(b []byte, u *pb.SubscribeUpdate) error {
	if u != nil && len(b) > 0 {
		d := decoder{buf: b, str: unsafe.String(unsafe.SliceData(b), len(b))}
		if d.update(b, u) {
			return nil
		}
	}
	return proto.Unmarshal(b, u)
}

// fast decodes b into u with the hand-written parser and reports whether it did; when it
// declines, u holds part of an update and must be reset (proto.Unmarshal does).
func fast(b []byte, u *pb.SubscribeUpdate) bool {
	d := decoder{buf: b}
	return d.update(b, u)
}

// A decoder holds the encoding being decoded and the string copy of it, once made.
// Every slice the parsers see is a sub-slice b[i:j] of buf, so its offset in buf is
// cap(buf) - cap(b).
type decoder struct {
	buf []byte
	str string
}

// string returns p as a substring of the string copy of the encoding, making the copy at the
// first non-empty string; false if p is not valid UTF-8, which proto.Unmarshal rejects.
func (d *decoder) string(p []byte) (string, bool) {
	if len(p) == 0 {
		return "", true
	}
	if !utf8.Valid(p) {
		return "", false
	}
	if d.str == "" {
		d.str = string(d.buf)
	}
	off := cap(d.buf) - cap(p)
	return d.str[off : off+len(p)], true
}

// Tags of the fields the parsers take, number<<3 | wire type.
const (
	varintType  = uint64(protowire.VarintType)
	fixed64Type = uint64(protowire.Fixed64Type)
	bytesType   = uint64(protowire.BytesType)
)

// field reads the first field of b: its tag (number<<3 | wire type), its value if it is a
// varint or fixed64, or its payload if it is length-delimited, and the number of bytes read.
// n < 0 means a malformed field or a wire type no parsed field has (fixed32, groups).
func field(b []byte) (tag, v uint64, p []byte, n int) {
	tag, n = protowire.ConsumeVarint(b)
	if n < 0 {
		return 0, 0, nil, -1
	}
	var m int
	switch tag & 7 {
	case varintType:
		v, m = protowire.ConsumeVarint(b[n:])
	case fixed64Type:
		v, m = protowire.ConsumeFixed64(b[n:])
	case bytesType:
		v, m = protowire.ConsumeVarint(b[n:])
		if m < 0 || v > uint64(len(b)-n-m) {
			return 0, 0, nil, -1
		}
		p = b[n+m : n+m+int(v)]
		m += int(v)
	default:
		return 0, 0, nil, -1
	}
	if m < 0 {
		return 0, 0, nil, -1
	}
	return tag, v, p, n + m
}

// blob returns p for a bytes field without presence: nil if empty, as proto.Unmarshal leaves
// it, else p with its capacity cut to its length, so that an append never writes into the
// encoding.
func blob(p []byte) []byte {
	if len(p) == 0 {
		return nil
	}
	return p[:len(p):len(p)]
}

// elem returns p for an element of a repeated bytes field or an optional bytes field, where an
// empty value is non-nil.
func elem(p []byte) []byte { return p[:len(p):len(p)] }

// reuse returns m, or a new message if m is nil.
func reuse[T any](m *T) *T {
	if m == nil {
		return new(T)
	}
	return m
}

// add appends a message to s, reusing the one s's spare capacity holds there, if any.
func add[T any](s []*T) ([]*T, *T) {
	if n := len(s); n < cap(s) {
		s = s[:n+1]
		if s[n] == nil {
			s[n] = new(T)
		}
		return s, s[n]
	}
	m := new(T)
	return append(s, m), m
}

// packed appends to s the varints of a packed repeated field; false if p is malformed.
func packed(s []uint64, p []byte) ([]uint64, bool) {
	for len(p) > 0 {
		v, n := protowire.ConsumeVarint(p)
		if n < 0 {
			return s, false
		}
		s = append(s, v)
		p = p[n:]
	}
	return s, true
}
