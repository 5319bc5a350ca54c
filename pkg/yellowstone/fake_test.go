package yellowstone

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/geyserjet/geyserjet/pkg/bus/bustest"
	"github.com/geyserjet/geyserjet/pkg/secret"
)

// fakeGeyser is a Geyser server whose Subscribe the test writes.
type fakeGeyser struct {
	pb.UnimplementedGeyserServer
	subscribe func(grpc.BidiStreamingServer[pb.SubscribeRequest, pb.SubscribeUpdate]) error
}

func (f *fakeGeyser) Subscribe(s grpc.BidiStreamingServer[pb.SubscribeRequest, pb.SubscribeUpdate]) error {
	return f.subscribe(s)
}

// startFake serves f on loopback until the test ends, with TLS when cert is set.
func startFake(t *testing.T, f *fakeGeyser, cert *tls.Certificate) string {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var opts []grpc.ServerOption
	if cert != nil {
		opts = append(opts, grpc.Creds(credentials.NewTLS(&tls.Config{Certificates: []tls.Certificate{*cert}})))
	}
	srv := grpc.NewServer(opts...)
	pb.RegisterGeyserServer(srv, f)
	done := make(chan struct{})
	go func() { defer close(done); srv.Serve(lis) }()
	t.Cleanup(func() { srv.Stop(); <-done })
	return lis.Addr().String()
}

func token(s grpc.ServerStream) string {
	md, _ := metadata.FromIncomingContext(s.Context())
	if v := md.Get("x-token"); len(v) > 0 {
		return v[0]
	}
	return ""
}

// Refusals are told apart, and the token never shows, even when a provider echoes it.
func TestRefusalsToldApart(t *testing.T) {
	const tok = "tok-ECHOED-77e1"
	for _, tc := range []struct {
		name  string
		err   error
		want  error
		cause string
	}{
		{"resource exhausted", status.Error(codes.ResourceExhausted, "connection rate limit exceeded"), ErrRateLimited, causeRateLimited},
		{"http 429", status.Error(codes.Unavailable, "unexpected HTTP status code received from server: 429 (Too Many Requests)"), ErrRateLimited, causeRateLimited},
		{"unauthenticated echoing the token", status.Error(codes.Unauthenticated, "bad token "+tok), ErrUnauthenticated, causeUnauthenticated},
		{"permission denied", status.Error(codes.PermissionDenied, "denied"), ErrNotWhitelisted, causeNotWhitelisted},
		{"whitelist message", status.Error(codes.Unknown, "IP 10.0.0.1 is not whitelisted"), ErrNotWhitelisted, causeNotWhitelisted},
		{"server ends the stream", nil, nil, causeEOF},
		{"internal echoing the token", status.Error(codes.Internal, "oops "+tok), nil, causeStreamError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkGoroutines(t)
			addr := startFake(t, &fakeGeyser{subscribe: func(s grpc.BidiStreamingServer[pb.SubscribeRequest, pb.SubscribeUpdate]) error {
				if token(s) != tok {
					return status.Error(codes.Internal, "no token")
				}
				if _, err := s.Recv(); err != nil {
					return err
				}
				return tc.err
			}}, nil)
			c, logs := newClient(t, addr, Config{XToken: secret.New(tok)})
			r := newRecorder()
			subscribe(t, c, StreamConfig{Name: "s", MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond, OnError: r.onError}, r.handle)
			bustest.WaitFor(t, 10*time.Second, func() bool { return reconnects(c, "s", tc.cause) >= 2 })
			for _, err := range r.errors() {
				if tc.want != nil && !errors.Is(err, tc.want) {
					t.Errorf("OnError(%v): want %v", err, tc.want)
				}
				if strings.Contains(err.Error(), tok) {
					t.Errorf("error %q holds the token", err)
				}
			}
			if strings.Contains(logs.String(), tok) {
				t.Errorf("the token is in the logs:\n%s", logs)
			}
			if len(logs.lines("cause="+tc.cause)) == 0 {
				t.Errorf("no log line with cause=%s:\n%s", tc.cause, logs)
			}
		})
	}
}

// The client answers a server ping with a ping request, and neither pings nor pongs reach handle.
func TestAnswersPings(t *testing.T) {
	checkGoroutines(t)
	var mu sync.Mutex
	var answered, filters int
	addr := startFake(t, &fakeGeyser{subscribe: func(s grpc.BidiStreamingServer[pb.SubscribeRequest, pb.SubscribeUpdate]) error {
		for slot := uint64(1); ; slot++ {
			if err := s.Send(&pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Ping{Ping: &pb.SubscribeUpdatePing{}}}); err != nil {
				return err
			}
			// Read until the answer: the client's own first ping and the filters may come first.
			for {
				req, err := s.Recv()
				if err != nil {
					return err
				}
				if req.Ping == nil {
					mu.Lock()
					filters++
					mu.Unlock()
					continue
				}
				if err := s.Send(&pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Pong{Pong: &pb.SubscribeUpdatePong{Id: req.Ping.Id}}}); err != nil {
					return err
				}
				if req.Ping.Id > 1 { // not the client's first ping: the answer
					break
				}
			}
			mu.Lock()
			answered++
			mu.Unlock()
			if err := s.Send(&pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Slot{Slot: &pb.SubscribeUpdateSlot{Slot: slot}}}); err != nil {
				return err
			}
		}
	}}, nil)
	c, _ := newClient(t, addr, Config{})
	r := newRecorder()
	subscribe(t, c, StreamConfig{Name: "s"}, r.handle)
	bustest.WaitFor(t, 10*time.Second, func() bool { u, _ := r.count(); return u >= 20 })
	mu.Lock()
	defer mu.Unlock()
	if answered < 20 || filters != 1 {
		t.Errorf("server saw %d ping answers and %d filter requests, want >= 20 and 1", answered, filters)
	}
	if r.other != 0 {
		t.Errorf("handle got %d pings or pongs", r.other)
	}
}

// A TLS endpoint is dialed with TLS, and the token goes over it.
func TestTLS(t *testing.T) {
	checkGoroutines(t)
	cert, pool := selfSigned(t)
	addr := startFake(t, &fakeGeyser{subscribe: func(s grpc.BidiStreamingServer[pb.SubscribeRequest, pb.SubscribeUpdate]) error {
		if token(s) != "tls-token" {
			return status.Error(codes.Unauthenticated, "No valid auth token")
		}
		for slot := uint64(1); slot <= 10; slot++ {
			if err := s.Send(&pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Slot{Slot: &pb.SubscribeUpdateSlot{Slot: slot}}}); err != nil {
				return err
			}
		}
		<-s.Context().Done()
		return nil
	}}, &cert)
	_, port, _ := net.SplitHostPort(addr)
	c, err := New(Config{Endpoint: "https://localhost:" + port, XToken: secret.New("tls-token"),
		TLSConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	r := newRecorder()
	subscribe(t, c, StreamConfig{Name: "s", OnError: r.onError}, r.handle)
	bustest.WaitFor(t, 10*time.Second, func() bool { u, _ := r.count(); return u >= 10 })
	if errs := r.errors(); len(errs) != 0 {
		t.Errorf("errors over TLS: %v", errs)
	}
}

// selfSigned returns a certificate for localhost and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "localhost"},
		DNSNames: []string{"localhost"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}
