package wire_test

import (
	"fmt"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/protobuf/proto"

	"github.com/geyserjet/geyserjet/pkg/yellowstone/wire"
)

func ExampleUnmarshal() {
	var encodings [][]byte
	for slot := uint64(380_000_000); slot < 380_000_002; slot++ {
		b, err := proto.Marshal(&pb.SubscribeUpdate{Filters: []string{"slots"},
			UpdateOneof: &pb.SubscribeUpdate_Slot{Slot: &pb.SubscribeUpdateSlot{Slot: slot, Status: pb.CommitmentLevel_CONFIRMED}}})
		if err != nil {
			fmt.Println(err)
			return
		}
		encodings = append(encodings, b)
	}
	u := new(pb.SubscribeUpdate) // one message for the whole stream
	for _, b := range encodings {
		if err := wire.Unmarshal(b, u); err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(u.Filters, u.GetSlot().GetSlot(), u.GetSlot().GetStatus())
	}
	// Output:
	// [slots] 380000000 CONFIRMED
	// [slots] 380000001 CONFIRMED
}
