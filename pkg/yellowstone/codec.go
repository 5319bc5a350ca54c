package yellowstone

import (
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/encoding/proto"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/encoding/protowire"

	"github.com/geyserjet/geyserjet/pkg/yellowstone/wire"
)

// updateCodec is the client's gRPC codec: the proto codec, except that a SubscribeUpdate is
// decoded by wire.UnmarshalOwned into the message it is given, reusing a released message tree
// of the same kind (see Release). Each update gets its own copy of the received bytes, which
// its bytes and strings alias; the copy is never reused or modified, so they stay valid after
// Release. Bytes fields of updates must be treated as read-only (strings share them).
type updateCodec struct{ proto encoding.CodecV2 }

func newUpdateCodec() updateCodec { return updateCodec{proto: encoding.GetCodecV2(proto.Name)} }

func (c updateCodec) Marshal(v any) (mem.BufferSlice, error) { return c.proto.Marshal(v) }

func (c updateCodec) Unmarshal(data mem.BufferSlice, v any) error {
	u, ok := v.(*pb.SubscribeUpdate)
	if !ok {
		return c.proto.Unmarshal(data, v)
	}
	b := data.Materialize()
	if u.UpdateOneof == nil {
		switch updateField(b) { // a typed nil must not become the oneof
		case fieldTransaction:
			if t := transactions.get(); t != nil {
				u.UpdateOneof = t
			}
		case fieldAccount:
			if a := accounts.get(); a != nil {
				u.UpdateOneof = a
			}
		}
	}
	return wire.UnmarshalOwned(b, u)
}

func (c updateCodec) Name() string { return proto.Name }

// Field numbers of SubscribeUpdate's update_oneof whose message trees are recycled.
const (
	fieldAccount     = 2
	fieldTransaction = 4
)

// updateField returns the field number of the update_oneof member in the encoding b, or 0.
func updateField(b []byte) protowire.Number {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeField(b)
		if n < 0 {
			return 0
		}
		if num >= 2 && num <= 10 && typ == protowire.BytesType { // update_oneof: fields 2–10
			return num
		}
		b = b[n:]
	}
	return 0
}

// Released messages, kept in bounded free lists (which, unlike a sync.Pool, garbage collection
// does not empty): update shells, and the trees of the two kinds worth reusing, by kind, so
// that a transaction is decoded into the messages of an earlier transaction.
var (
	shells       = newFreeList[*pb.SubscribeUpdate](2048)
	transactions = newFreeList[*pb.SubscribeUpdate_Transaction](1024)
	accounts     = newFreeList[*pb.SubscribeUpdate_Account](1024)
)

// newUpdate returns an empty update shell for Recv.
func newUpdate() *pb.SubscribeUpdate {
	if u := shells.get(); u != nil {
		return u
	}
	return new(pb.SubscribeUpdate)
}

// Release hands u, which a StreamConfig's handler received, back for reuse by a later update.
// After Release, neither u nor any message inside it may be used; the bytes and strings read
// from it stay valid. Handlers that keep updates simply never release them.
func Release(u *pb.SubscribeUpdate) {
	if u == nil {
		return
	}
	switch o := u.UpdateOneof.(type) {
	case *pb.SubscribeUpdate_Transaction:
		transactions.put(o)
	case *pb.SubscribeUpdate_Account:
		accounts.put(o)
	}
	u.UpdateOneof = nil
	shells.put(u)
}

// A freeList holds up to its capacity of released values; safe for concurrent use.
type freeList[T comparable] struct{ ch chan T }

func newFreeList[T comparable](n int) freeList[T] { return freeList[T]{ch: make(chan T, n)} }

// get returns a released value, or the zero T when there is none.
func (f freeList[T]) get() T {
	select {
	case v := <-f.ch:
		return v
	default:
		var zero T
		return zero
	}
}

// put keeps v if there is room.
func (f freeList[T]) put(v T) {
	select {
	case f.ch <- v:
	default:
	}
}
