package yellowstone

import (
	"sync"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/encoding/proto"
	"google.golang.org/grpc/mem"

	"github.com/geyserjet/geyserjet/pkg/yellowstone/wire"
)

// updateCodec is the client's gRPC codec: the proto codec, except that a SubscribeUpdate is
// decoded by wire.UnmarshalOwned into the message it is given, reusing what that message holds
// from an earlier update (see Release). Each update gets its own copy of the received bytes,
// which its bytes and strings alias; the copy is never reused or modified, so they stay valid
// after Release. Bytes fields of updates must be treated as read-only (strings share them).
type updateCodec struct{ proto encoding.CodecV2 }

func newUpdateCodec() updateCodec { return updateCodec{proto: encoding.GetCodecV2(proto.Name)} }

func (c updateCodec) Marshal(v any) (mem.BufferSlice, error) { return c.proto.Marshal(v) }

func (c updateCodec) Unmarshal(data mem.BufferSlice, v any) error {
	if u, ok := v.(*pb.SubscribeUpdate); ok {
		return wire.UnmarshalOwned(data.Materialize(), u)
	}
	return c.proto.Unmarshal(data, v)
}

func (c updateCodec) Name() string { return proto.Name }

// updates holds released SubscribeUpdates for the next Recv.
var updates = sync.Pool{New: func() any { return new(pb.SubscribeUpdate) }}

// Release hands u, which a StreamConfig's handler received, back for reuse by a later update.
// After Release, neither u nor any message inside it may be used; the bytes and strings read
// from it stay valid. Handlers that keep updates simply never release them.
func Release(u *pb.SubscribeUpdate) {
	if u != nil {
		updates.Put(u)
	}
}
