package bustest_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"slices"
	"testing"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/geyserjet/geyserjet/pkg/bus/bustest"
)

// In a test, t is the *testing.T that go test passes; the server and connection stop when the
// test ends.
func ExampleNewServer() {
	t, end := exampleT() // stands in for a test's t; end runs its Cleanups
	defer end()

	s := bustest.NewServer(t)
	nc := bustest.Connect(t, s)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "EVENTS", Subjects: []string{"events.>"}}); err != nil {
		t.Fatal(err)
	}
	ack, err := js.Publish(ctx, "events.1", []byte("hello"))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println(ack.Stream, ack.Sequence)
	// Output: EVENTS 1
}

// fakeT is the part of testing.TB the helpers use, outside a test.
type fakeT struct {
	testing.TB
	cleanups []func()
}

func exampleT() (*fakeT, func()) {
	t := &fakeT{}
	return t, func() {
		for _, f := range slices.Backward(t.cleanups) {
			f()
		}
	}
}

func (t *fakeT) Helper()                           {}
func (t *fakeT) Name() string                      { return "Example" }
func (t *fakeT) Cleanup(f func())                  { t.cleanups = append(t.cleanups, f) }
func (t *fakeT) Fatal(args ...any)                 { log.Fatal(args...) }
func (t *fakeT) Fatalf(format string, args ...any) { log.Fatalf(format, args...) }
func (t *fakeT) TempDir() string {
	dir, err := os.MkdirTemp("", "bustest-example")
	if err != nil {
		log.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}
