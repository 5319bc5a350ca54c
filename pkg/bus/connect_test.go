package bus_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"

	"github.com/geyserjet/geyserjet/pkg/bus"
	"github.com/geyserjet/geyserjet/pkg/bus/bustest"
	"github.com/geyserjet/geyserjet/pkg/secret"
)

func TestRedact(t *testing.T) {
	cases := []struct{ in, want string }{
		{"nats://127.0.0.1:4222", "nats://127.0.0.1:4222"},
		{"nats://alice:pa55word@nats:4222", "nats://nats:4222"},
		{"nats://s3cr3ttoken@nats:4222", "nats://nats:4222"},
		{"tls://u:p@a:4222, nats://b:4222,nats://x:y@c:4222", "tls://a:4222,nats://b:4222,nats://c:4222"},
		{"nats://u:p@h:4222?token=abc#frag", "nats://h:4222"},
		{"ws://u:p@h:80/path", "ws://h:80/path"},
		{"127.0.0.1:4222", "127.0.0.1:4222"},
		{"nats://us%zz:p@h:4222", "nats://h:4222"}, // does not parse: cut at '@'
		{"u:p@h:4222", "h:4222"},
		{"", ""},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			if got := bus.Redact(tc.in); got != tc.want {
				t.Errorf("Redact(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// syncBuffer is a bytes.Buffer for a logger that nats.go's goroutines write to.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

const password = "Pa55-w0rd-never-printed"

// newAuthServer runs a server that wants user "svc" with password.
func newAuthServer(t *testing.T) *server.Server {
	t.Helper()
	s, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: server.RANDOM_PORT,
		NoLog: true, NoSigs: true, Username: "svc", Password: password})
	if err != nil {
		t.Fatal(err)
	}
	s.Start()
	t.Cleanup(func() { s.Shutdown(); s.WaitForShutdown() })
	if !s.ReadyForConnections(10 * time.Second) {
		t.Fatal("server not ready")
	}
	return s
}

func withUser(rawURL, user, pass string) string {
	u, _ := url.Parse(rawURL)
	u.User = url.UserPassword(user, pass)
	return u.String()
}

// TestConnectFailureHidesSecrets connects with wrong and right credentials in every way Connect
// takes them, and to nothing, and checks that no error or log line holds a credential.
func TestConnectFailureHidesSecrets(t *testing.T) {
	bustest.CheckGoroutines(t)
	s := newAuthServer(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedAddr := ln.Addr().String()
	ln.Close()

	wrong := password + "-wrong"
	cases := []struct {
		name    string
		url     string
		opts    []bus.ConnectOption
		wantErr error
	}{
		{"wrong password in URL", withUser(s.ClientURL(), "svc", wrong), nil, nats.ErrAuthorization},
		{"wrong password option", s.ClientURL(), []bus.ConnectOption{bus.WithUserPassword("svc", secret.New(wrong))}, nats.ErrAuthorization},
		{"token option", s.ClientURL(), []bus.ConnectOption{bus.WithToken(secret.New(wrong))}, nats.ErrAuthorization},
		{"no server, password in URL", withUser("nats://"+closedAddr, "svc", wrong), nil, nats.ErrNoServers},
		{"no server, token in URL", "nats://" + wrong + "@" + closedAddr, nil, nats.ErrNoServers},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var logs syncBuffer
			log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			opts := append([]bus.ConnectOption{bus.WithLogger(log)}, tc.opts...)
			nc, err := bus.Connect(t.Context(), tc.url, "secret-test", opts...)
			if err == nil {
				nc.Close()
				t.Fatal("Connect succeeded with wrong credentials")
			}
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("Connect error %q, want errors.Is %v", err, tc.wantErr)
			}
			for _, out := range []string{err.Error(), logs.String()} {
				if strings.Contains(out, wrong) || strings.Contains(out, password) {
					t.Errorf("a credential shows in %q", out)
				}
			}
			if !strings.Contains(err.Error(), "bus: connect nats://127.0.0.1:") {
				t.Errorf("Connect error %q does not name the redacted URL", err)
			}
		})
	}

	// Connected with the password in the URL, then the server goes away: the lifecycle logs hold
	// no credential either.
	var logs syncBuffer
	log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	nc, err := bus.Connect(t.Context(), withUser(s.ClientURL(), "svc", password), "secret-test", bus.WithLogger(log))
	if err != nil {
		t.Fatalf("Connect with the right password: %v", err)
	}
	s.Shutdown()
	bustest.WaitFor(t, 5*time.Second, func() bool { return strings.Contains(logs.String(), "nats disconnected") })
	nc.Close()
	bustest.WaitFor(t, 5*time.Second, func() bool { return strings.Contains(logs.String(), "nats connection closed") })
	if out := logs.String(); strings.Contains(out, password) || !strings.Contains(out, "nats connected") {
		t.Errorf("logs show a credential or lack the connect line:\n%s", out)
	}
}

func TestConnectCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := bus.Connect(ctx, bustest.NewServer(t).ClientURL(), "canceled")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Connect(canceled ctx) = %v, want context.Canceled", err)
	}
}

func TestConnectReconnects(t *testing.T) {
	bustest.CheckGoroutines(t)
	dir := t.TempDir()
	s := bustest.NewServerAt(t, dir)
	nc, err := bus.Connect(t.Context(), s.ClientURL(), "reconnect-test")
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	if nc.Opts.MaxReconnect != -1 || nc.Opts.ReconnectBufSize != bus.DefaultReconnectBufSize || nc.Opts.Name != "reconnect-test" {
		t.Errorf("options: max reconnect %d, buf %d, name %q", nc.Opts.MaxReconnect, nc.Opts.ReconnectBufSize, nc.Opts.Name)
	}
	s.Shutdown()
	s.WaitForShutdown()
	bustest.WaitFor(t, 5*time.Second, func() bool { return !nc.IsConnected() })
	bustest.NewServerAt(t, dir)
	bustest.WaitFor(t, 15*time.Second, nc.IsConnected)
	if nc.Stats().Reconnects == 0 {
		t.Error("no reconnect counted")
	}
	if err := bus.Check(nc)(t.Context()); err != nil {
		t.Errorf("Check(connected) = %v, want nil", err)
	}
	nc.Close()
	if err := bus.Check(nc)(t.Context()); err == nil || !strings.Contains(err.Error(), "CLOSED") {
		t.Errorf("Check(closed) = %v, want an error saying CLOSED", err)
	}
}
