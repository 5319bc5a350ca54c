//go:build unix

package bus_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/geyserjet/geyserjet/pkg/bus"
	"github.com/geyserjet/geyserjet/pkg/bus/bustest"
)

// Both benchmarks publish what the ingestor does: 1,400-byte messages, each with its own
// ~100-byte Nats-Msg-Id, to SOL_HIGH (file storage, duplicate detection), with at most
// ackBenchWindow publishes unacknowledged, and wait for every ack at the end. They report msgs/s,
// counted to the last ack, and cpu-ns/msg, the CPU time of this process per message.
//
// server=embedded runs nats-server in this process, as the other benchmarks do: ns/op, allocs/op
// and cpu-ns/msg then include the server's work. server=process runs it in a child process (this
// test binary running TestHelperNATSServer), so they are the client's alone.
const (
	ackBenchWindow  = 4096
	ackBenchSize    = 1400
	ackBenchSubject = "sol.high.pumpfun.trade.Mint1"
	helperServerEnv = "GEYSERJET_HELPER_NATS_SERVER"
)

// BenchmarkAckPublisher publishes with bus.AckPublisher.
func BenchmarkAckPublisher(b *testing.B) {
	ackBenchServers(b, func(b *testing.B, nc *nats.Conn) {
		window := make(chan struct{}, ackBenchWindow) // a slot per publish in flight
		var failed atomic.Int64
		p, err := bus.NewAckPublisher(nc, bus.AckConfig{Timeout: 5 * time.Second, OnAck: func(_ any, _ bus.Ack, err error) {
			if err != nil {
				failed.Add(1)
			}
			<-window
		}})
		if err != nil {
			b.Fatal(err)
		}
		defer p.Close()
		data := make([]byte, ackBenchSize)
		id := make([]byte, 0, len(idPrefix)+20)
		var m ackBenchMeter
		for b.Loop() {
			m.start()
			id = strconv.AppendInt(append(id[:0], idPrefix...), int64(m.n), 10)
			m.n++
			window <- struct{}{}
			if err := p.Publish(ackBenchSubject, string(id), nil, data, nil); err != nil {
				b.Fatal(err)
			}
		}
		ackBenchDrain(b, window)
		m.report(b, failed.Load())
	})
}

// BenchmarkJetStreamPublishAsync publishes with nats.go's jetstream.PublishMsgAsync, configured
// as the ingestor configures it.
func BenchmarkJetStreamPublishAsync(b *testing.B) {
	ackBenchServers(b, func(b *testing.B, nc *nats.Conn) {
		window := make(chan struct{}, ackBenchWindow)
		var failed atomic.Int64
		js, err := jetstream.New(nc,
			jetstream.WithPublishAsyncMaxPending(ackBenchWindow),
			jetstream.WithPublishAsyncTimeout(5*time.Second),
			jetstream.WithPublishAsyncAckHandler(func(jetstream.JetStream, *nats.Msg, *jetstream.PubAck) { <-window }),
			jetstream.WithPublishAsyncErrHandler(func(jetstream.JetStream, *nats.Msg, error) {
				failed.Add(1)
				<-window
			}))
		if err != nil {
			b.Fatal(err)
		}
		defer js.CleanupPublisher()
		data := make([]byte, ackBenchSize)
		id := make([]byte, 0, len(idPrefix)+20)
		var m ackBenchMeter
		for b.Loop() {
			m.start()
			id = strconv.AppendInt(append(id[:0], idPrefix...), int64(m.n), 10)
			m.n++
			window <- struct{}{}
			if _, err := bus.PublishAsync(context.Background(), js, bus.NewMsg(ackBenchSubject, string(id), data, nil)); err != nil {
				b.Fatal(err)
			}
		}
		ackBenchDrain(b, window)
		m.report(b, failed.Load())
	})
}

// ackBenchServers runs bench as sub-benchmarks server=embedded and server=process, each with a
// connection to a server holding SOL_HIGH.
func ackBenchServers(b *testing.B, bench func(*testing.B, *nats.Conn)) {
	for _, where := range []string{"embedded", "process"} {
		b.Run("server="+where, func(b *testing.B) {
			var url string
			if where == "embedded" {
				url = bustest.NewServer(b).ClientURL()
			} else {
				url = helperServer(b)
			}
			ctx := context.Background()
			nc, err := bus.Connect(ctx, url, "bench")
			if err != nil {
				b.Fatal(err)
			}
			defer nc.Close()
			js, err := jetstream.New(nc)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := bus.EnsureStreams(ctx, js, bus.StreamsConfig{High: bus.StreamLimits{MaxBytes: 8 << 30}}); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(ackBenchSize)
			b.ReportAllocs()
			bench(b, nc)
		})
	}
}

// helperServer runs nats-server in a child process until the benchmark ends and returns its URL.
func helperServer(b *testing.B) string {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperNATSServer$")
	cmd.Env = append(os.Environ(), helperServerEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		stdin.Close() // the helper stops when its stdin closes
		if err := cmd.Wait(); err != nil {
			b.Errorf("helper nats-server: %v", err)
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatalf("helper nats-server: read URL: %v", err)
	}
	go io.Copy(io.Discard, stdout) // the test binary's PASS, so that Wait returns
	return strings.TrimSpace(line)
}

// TestHelperNATSServer is no test: run by helperServer in a child process, it runs nats-server,
// prints its URL on stdout, and stops when stdin closes.
func TestHelperNATSServer(t *testing.T) {
	if os.Getenv(helperServerEnv) != "1" {
		t.Skip("the benchmarks' nats-server process")
	}
	fmt.Println(bustest.NewServer(t).ClientURL())
	_, _ = io.Copy(io.Discard, os.Stdin)
}

// ackBenchMeter counts messages and the wall and CPU time from the first.
type ackBenchMeter struct {
	n    int
	wall time.Time
	cpu  time.Duration
}

func (m *ackBenchMeter) start() {
	if m.n == 0 {
		m.wall, m.cpu = time.Now(), cpuTime()
	}
}

// report fails the benchmark if any publish failed, else reports msgs/s and cpu-ns/msg.
func (m *ackBenchMeter) report(b *testing.B, failed int64) {
	wall, cpu := time.Since(m.wall), cpuTime()-m.cpu
	if failed > 0 {
		b.Fatalf("%d of %d publishes failed", failed, m.n)
	}
	b.ReportMetric(float64(m.n)/wall.Seconds(), "msgs/s")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(m.n), "cpu-ns/msg")
}

// cpuTime returns the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// ackBenchDrain waits until every publish is acknowledged: then the whole window is free.
func ackBenchDrain(b *testing.B, window chan struct{}) {
	timeout := time.After(30 * time.Second)
	for range cap(window) {
		select {
		case window <- struct{}{}:
		case <-timeout:
			b.Fatal("publishes not acknowledged within 30s")
		}
	}
}
