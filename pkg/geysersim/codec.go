package geysersim

import (
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/encoding/proto"
	"google.golang.org/grpc/mem"
)

// frame is an update already on the wire: the stream's encoded filters field, then the shared
// body. Protobuf concatenates fields, so prefix+body is the SubscribeUpdate with its filters.
type frame struct {
	prefix []byte
	body   []byte
}

// codec sends frames as they are and everything else through the proto codec.
type codec struct{ proto encoding.CodecV2 }

func newCodec() codec { return codec{proto: encoding.GetCodecV2(proto.Name)} }

func (c codec) Marshal(v any) (mem.BufferSlice, error) {
	if f, ok := v.(*frame); ok {
		if len(f.prefix) == 0 {
			return mem.BufferSlice{mem.SliceBuffer(f.body)}, nil
		}
		return mem.BufferSlice{mem.SliceBuffer(f.prefix), mem.SliceBuffer(f.body)}, nil
	}
	return c.proto.Marshal(v)
}

func (c codec) Unmarshal(data mem.BufferSlice, v any) error { return c.proto.Unmarshal(data, v) }

func (c codec) Name() string { return proto.Name }

// appendFilters appends the encoded `filters` field (field 1, repeated string) naming names.
func appendFilters(b []byte, names []string) []byte {
	for _, n := range names {
		b = append(b, 0x0a)
		l := uint64(len(n))
		for l >= 0x80 {
			b = append(b, byte(l)|0x80)
			l >>= 7
		}
		b = append(b, byte(l))
		b = append(b, n...)
	}
	return b
}
