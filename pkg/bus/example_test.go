package bus_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/geyserjet/geyserjet/pkg/bus"
)

// A service connects, makes sure the streams exist, and publishes an event with its Nats-Msg-Id:
// publishing the same event twice stores it once.
func ExampleConnect() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	url := exampleServer(ctx) // a real NATS server; in a service, Config.NATSURL

	nc, err := bus.Connect(ctx, url, "example")
	if err != nil {
		log.Fatalf("connect %s: %v", bus.Redact(url), err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		log.Fatal(err)
	}
	results, err := bus.EnsureStreams(ctx, js, bus.StreamsConfig{}) // the defaults
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range results {
		fmt.Println(r.Name, r.Action)
	}
	for range 2 {
		m := bus.NewMsg("sol.high.pumpfun.trade.Mint1", "sig1:3:trade", []byte(`{"v":1}`), nil)
		ack, err := js.PublishMsg(ctx, m)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("stream", ack.Stream, "seq", ack.Sequence, "duplicate", ack.Duplicate)
	}
	// Output:
	// SOL_HIGH created
	// SOL_MEDIUM created
	// SOL_LOW created
	// DLQ created
	// stream SOL_HIGH seq 1 duplicate false
	// stream SOL_HIGH seq 1 duplicate true
}

// EnsureStreams again with a changed limit updates only that stream.
func ExampleEnsureStreams() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	nc, err := bus.Connect(ctx, exampleServer(ctx), "example")
	if err != nil {
		log.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := bus.EnsureStreams(ctx, js, bus.StreamsConfig{}); err != nil {
		log.Fatal(err)
	}
	cfg := bus.StreamsConfig{Low: bus.StreamLimits{MaxMsgsPerSubject: 10}} // keep the latest 10 per account
	results, err := bus.EnsureStreams(ctx, js, cfg)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(results)
	// Output:
	// [{SOL_HIGH unchanged} {SOL_MEDIUM unchanged} {SOL_LOW updated} {DLQ unchanged}]
}

// exampleServer starts an embedded server on a random port in a temporary store, until ctx ends,
// and returns its URL.
func exampleServer(ctx context.Context) string {
	dir, err := os.MkdirTemp("", "bus-example")
	if err != nil {
		log.Fatal(err)
	}
	s, url, err := bus.StartEmbedded(ctx, bus.EmbeddedConfig{Port: -1, StoreDir: dir})
	if err != nil {
		log.Fatal(err)
	}
	context.AfterFunc(ctx, func() { s.WaitForShutdown(); os.RemoveAll(dir) })
	return url
}
