package bustest_test

import (
	"runtime"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/geyserjet/geyserjet/pkg/bus/bustest"
)

func TestNewServerAtRestarts(t *testing.T) {
	bustest.CheckGoroutines(t)
	dir := t.TempDir()
	s := bustest.NewServerAt(t, dir)
	url := s.ClientURL()
	nc := bustest.Connect(t, s)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := js.CreateStream(t.Context(), jetstream.StreamConfig{Name: "T", Subjects: []string{"t.>"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := js.Publish(t.Context(), "t.1", []byte("kept")); err != nil {
		t.Fatal(err)
	}
	s.Shutdown()
	s.WaitForShutdown()
	bustest.WaitFor(t, 5*time.Second, func() bool { return !nc.IsConnected() })

	s = bustest.NewServerAt(t, dir)
	if s.ClientURL() != url {
		t.Fatalf("restarted at %s, want %s", s.ClientURL(), url)
	}
	bustest.WaitFor(t, 10*time.Second, nc.IsConnected)
	var msgs uint64
	bustest.WaitFor(t, 10*time.Second, func() bool {
		st, err := js.Stream(t.Context(), "T")
		if err != nil {
			return false
		}
		msgs = st.CachedInfo().State.Msgs
		return true
	})
	if msgs != 1 {
		t.Errorf("stream T after restart holds %d messages, want 1", msgs)
	}
}

// TestWaitForFails checks that WaitFor fails a test whose condition never holds.
func TestWaitForFails(t *testing.T) {
	ft := &fatalRecorder{TB: t}
	done := make(chan struct{})
	go func() { // Fatalf ends the goroutine through runtime.Goexit
		defer close(done)
		bustest.WaitFor(ft, 50*time.Millisecond, func() bool { return false })
	}()
	<-done
	if !ft.failed {
		t.Error("WaitFor did not fail on a condition that never holds")
	}
}

// TestCheckGoroutinesFails checks that a leaked goroutine fails the test.
func TestCheckGoroutinesFails(t *testing.T) {
	ft := &fatalRecorder{TB: t}
	stop := make(chan struct{})
	var cleanups []func()
	ft.cleanup = func(f func()) { cleanups = append(cleanups, f) }
	bustest.CheckGoroutines(ft)
	for range 100 { // more than the previous tests' goroutines still exiting
		go func() { <-stop }() // leaked until the check has run
	}
	for _, f := range cleanups {
		f()
	}
	close(stop)
	if !ft.failed {
		t.Error("CheckGoroutines did not fail with a goroutine left behind")
	}
}

// fatalRecorder records failures instead of failing t.
type fatalRecorder struct {
	testing.TB
	failed  bool
	cleanup func(func())
}

func (f *fatalRecorder) Helper()               {}
func (f *fatalRecorder) Errorf(string, ...any) { f.failed = true }
func (f *fatalRecorder) Fatalf(string, ...any) { f.failed = true; runtime.Goexit() }
func (f *fatalRecorder) Cleanup(fn func())     { f.cleanup(fn) }
