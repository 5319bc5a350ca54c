package yellowstone_test

import (
	"context"
	"fmt"
	"net"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"

	"github.com/geyserjet/geyserjet/pkg/geysersim"
	"github.com/geyserjet/geyserjet/pkg/secret"
	"github.com/geyserjet/geyserjet/pkg/yellowstone"
)

// Subscribe to slot updates of a local geysersim until the first one arrives.
func Example() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	sim, err := geysersim.New(geysersim.Config{Listener: lis, Admin: "off", XToken: "secret-token"})
	if err != nil {
		panic(err)
	}
	simDone := make(chan error, 1)
	go func() { simDone <- sim.Serve(ctx) }()
	defer func() { cancel(); <-simDone }()

	c, err := yellowstone.New(yellowstone.Config{
		Endpoint: "http://" + sim.Addr().String(), // "https://…" for a provider
		XToken:   secret.New("secret-token"),
		Name:     "example",
	})
	if err != nil {
		panic(err)
	}
	defer c.Close()

	sctx, stop := context.WithCancel(ctx)
	defer stop()
	req := &pb.SubscribeRequest{Slots: map[string]*pb.SubscribeRequestFilterSlots{"slots": {}}}
	err = c.Subscribe(sctx, yellowstone.StreamConfig{Name: "slots", Request: req}, func(u *pb.SubscribeUpdate) error {
		if u.GetSlot() != nil {
			fmt.Println("slot update, filters", u.Filters)
			stop() // Subscribe returns nil once its context ends
		}
		return nil
	})
	fmt.Println("Subscribe returned", err, "after", c.Dials(), "dial")
	// Output:
	// slot update, filters [slots]
	// Subscribe returned <nil> after 1 dial
}
