package geysersim

import (
	"context"
	"sync"
	"testing"
	"time"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// pingOnce dials a new connection, pings once, and closes it.
func pingOnce(t *testing.T, s *Server, tok string) error {
	t.Helper()
	cc := dial(t, s)
	defer cc.Close()
	ctx := context.Background()
	if tok != "" {
		ctx = withToken(ctx, tok)
	}
	_, err := pb.NewGeyserClient(cc).Ping(ctx, &pb.PingRequest{Count: 1})
	return err
}

func TestDialRateLimit(t *testing.T) {
	noLeaks(t)
	clock := &fakeClock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	s := startServer(t, Config{XToken: "tok", Now: clock.Now, SlotInterval: time.Hour})
	var exhausted int
	for i := range 61 {
		err := pingOnce(t, s, "tok")
		switch status.Code(err) {
		case codes.OK:
		case codes.ResourceExhausted:
			exhausted++
			if i != 60 {
				t.Errorf("dial %d refused, want only the 61st", i+1)
			}
		default:
			t.Fatalf("dial %d: %v", i+1, err)
		}
		clock.Add(500 * time.Millisecond) // 61 dials within 30.5 s
	}
	if exhausted != 1 {
		t.Errorf("%d ResourceExhausted in 61 dials within a minute, want exactly 1", exhausted)
	}
	clock.Add(60 * time.Second)
	if err := pingOnce(t, s, "tok"); err != nil {
		t.Errorf("dial after the window: %v", err)
	}
	st := getStats(t, s)
	if st.Dials.Accepted != 61 || st.Dials.Refused != 1 || st.Dials.MaxInWindow != 60 || len(st.Dials.Log) != 62 {
		t.Errorf("dial stats = accepted %d refused %d max %d log %d; want 61, 1, 60, 62", st.Dials.Accepted, st.Dials.Refused, st.Dials.MaxInWindow, len(st.Dials.Log))
	}
	if d := st.Dials.Log[60]; d.Accepted || d.Code != codes.ResourceExhausted.String() || !d.Time.Equal(time.Date(2025, 1, 1, 0, 0, 30, 0, time.UTC)) {
		t.Errorf("the 61st dial recorded as %+v", d)
	}
}

func TestAuth(t *testing.T) {
	noLeaks(t)
	s := startServer(t, Config{XToken: "right", SlotInterval: time.Hour})
	for _, c := range []struct {
		name, tok string
		want      codes.Code
	}{{"no token", "", codes.Unauthenticated}, {"wrong token", "wrong", codes.Unauthenticated}, {"right token", "right", codes.OK}} {
		t.Run(c.name, func(t *testing.T) {
			err := pingOnce(t, s, c.tok)
			if status.Code(err) != c.want || c.want == codes.Unauthenticated && status.Convert(err).Message() != msgUnauthenticated {
				t.Errorf("Ping with %s = %v, want %v", c.name, err, c.want)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if c.tok != "" {
				ctx = withToken(ctx, c.tok)
			}
			stream, err := pb.NewGeyserClient(dial(t, s)).Subscribe(ctx)
			if err == nil {
				stream.Send(&pb.SubscribeRequest{Ping: &pb.SubscribeRequestPing{Id: 1}})
				_, err = stream.Recv()
			}
			if status.Code(err) != c.want {
				t.Errorf("Subscribe with %s = %v, want %v", c.name, err, c.want)
			}
		})
	}
}

func TestMaxConns(t *testing.T) {
	noLeaks(t)
	s := startServer(t, Config{MaxConns: 2, SlotInterval: time.Hour})
	ctx := context.Background()
	c1, c2 := dial(t, s), dial(t, s)
	for i, cc := range []pb.GeyserClient{pb.NewGeyserClient(c1), pb.NewGeyserClient(c2)} {
		if _, err := cc.Ping(ctx, &pb.PingRequest{}); err != nil {
			t.Fatalf("connection %d: %v", i+1, err)
		}
	}
	err := pingOnce(t, s, "")
	if st := status.Convert(err); st.Code() != codes.ResourceExhausted || st.Message() != msgMaxConns {
		t.Errorf("third connection: %v, want ResourceExhausted %q", err, msgMaxConns)
	}
	c1.Close()
	waitFor(t, 5*time.Second, "the first connection to close", func() bool { return getStats(t, s).OpenConns == 1 })
	if err := pingOnce(t, s, ""); err != nil {
		t.Errorf("connection after one closed: %v", err)
	}
}

func TestMaxStreams(t *testing.T) {
	noLeaks(t)
	s := startServer(t, Config{MaxStreams: 2, SlotInterval: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cl := pb.NewGeyserClient(dial(t, s))
	var errs []error
	for range 3 {
		stream, err := cl.Subscribe(ctx)
		if err == nil {
			err = stream.Send(&pb.SubscribeRequest{Ping: &pb.SubscribeRequestPing{Id: 1}})
		}
		if err == nil {
			_, err = stream.Recv() // the pong, or the refusal
		}
		errs = append(errs, err)
	}
	if errs[0] != nil || errs[1] != nil {
		t.Errorf("first two streams: %v, %v", errs[0], errs[1])
	}
	if st := status.Convert(errs[2]); st.Code() != codes.ResourceExhausted || st.Message() != msgMaxStreams {
		t.Errorf("third stream: %v, want ResourceExhausted %q", errs[2], msgMaxStreams)
	}
}
