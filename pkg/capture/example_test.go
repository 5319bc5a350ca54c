package capture_test

import (
	"bytes"
	"fmt"
	"io"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"

	"github.com/geyserjet/geyserjet/pkg/capture"
)

func Example() {
	var file bytes.Buffer
	w := capture.NewWriter(&file)
	for _, slot := range []uint64{100, 101} {
		u := &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Slot{Slot: &pb.SubscribeUpdateSlot{Slot: slot}}}
		if err := w.Write(u); err != nil {
			fmt.Println(err)
			return
		}
	}

	r := capture.NewReader(&file)
	for {
		u, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err) // capture: record N at offset X: truncated: …
			return
		}
		fmt.Println("slot", u.GetSlot().GetSlot())
	}
	// Output:
	// slot 100
	// slot 101
}
