package geysersim

import (
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mr-tron/base58"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
)

// testKey is the i-th test account key.
func testKey(i int) [32]byte { return sha256.Sum256([]byte(fmt.Sprintf("geysersim test key %d", i))) }

func testKeyStr(i int) string { k := testKey(i); return base58.Encode(k[:]) }

func testSig(i int) []byte {
	h := sha512.Sum512([]byte(fmt.Sprintf("geysersim test sig %d", i)))
	return h[:]
}

type txSpec struct {
	slot             uint64
	sig              int
	keys             []int // static account keys; the first instruction calls keys[len-1]
	loadedW, loadedR []int
	vote, failed     bool
}

func mkTx(s txSpec) *pb.SubscribeUpdate {
	bs := func(ix []int) [][]byte {
		var out [][]byte
		for _, i := range ix {
			k := testKey(i)
			out = append(out, k[:])
		}
		return out
	}
	msg := &pb.Message{Header: &pb.MessageHeader{NumRequiredSignatures: 1}, AccountKeys: bs(s.keys), RecentBlockhash: make([]byte, 32)}
	if len(s.keys) > 0 {
		msg.Instructions = []*pb.CompiledInstruction{{ProgramIdIndex: uint32(len(s.keys) - 1), Accounts: []byte{0}, Data: []byte{1, 2, 3}}}
	}
	meta := &pb.TransactionStatusMeta{Fee: 5000, LoadedWritableAddresses: bs(s.loadedW), LoadedReadonlyAddresses: bs(s.loadedR)}
	if s.failed {
		meta.Err = &pb.TransactionError{Err: []byte{1}}
	}
	sig := testSig(s.sig)
	return &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Transaction{Transaction: &pb.SubscribeUpdateTransaction{Slot: s.slot,
		Transaction: &pb.SubscribeUpdateTransactionInfo{Signature: sig, IsVote: s.vote, Meta: meta,
			Transaction: &pb.Transaction{Signatures: [][]byte{sig}, Message: msg}}}}}
}

type acctSpec struct {
	slot       uint64
	key, owner int
	data       []byte
	lamports   uint64
	wv         uint64
	txnSig     bool
}

func mkAcct(a acctSpec) *pb.SubscribeUpdate {
	k, o := testKey(a.key), testKey(a.owner)
	info := &pb.SubscribeUpdateAccountInfo{Pubkey: k[:], Owner: o[:], Lamports: a.lamports, Data: a.data, WriteVersion: a.wv}
	if a.txnSig {
		info.TxnSignature = testSig(int(a.wv))
	}
	return &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Account{Account: &pb.SubscribeUpdateAccount{Slot: a.slot, Account: info}}}
}

// sliceSource is a Source over a fixed list of items; it ends with io.EOF.
type sliceSource struct {
	mu    sync.Mutex
	items []Item
}

func (s *sliceSource) Next(ctx context.Context) (Item, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.items) == 0 {
		return Item{}, io.EOF
	}
	it := s.items[0]
	s.items = s.items[1:]
	return it, nil
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", d, what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// noLeaks fails the test if it leaves goroutines behind; call it first, so its cleanup runs last.
func noLeaks(t testing.TB) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		deadline := time.Now().Add(10 * time.Second)
		for runtime.NumGoroutine() > before {
			if time.Now().After(deadline) {
				buf := make([]byte, 1<<20)
				n := runtime.Stack(buf, true)
				t.Errorf("goroutines: %d before, %d after:\n%s", before, runtime.NumGoroutine(), buf[:n])
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
	})
}

// startServer runs a Server on loopback until the test ends.
func startServer(t testing.TB, cfg Config) *Server {
	t.Helper()
	var err error
	if cfg.Listener, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	if cfg.AdminListener, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return s
}

// dial opens a client connection to s, closed when the test ends.
func dial(t testing.TB, s *Server) *grpc.ClientConn {
	t.Helper()
	cc, err := grpc.NewClient(s.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cc.Close() })
	return cc
}

func withToken(ctx context.Context, tok string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "x-token", tok)
}

// recvAll collects a stream's updates in the background until it ends.
type collector struct {
	mu   sync.Mutex
	ups  []*pb.SubscribeUpdate
	err  error
	done chan struct{}
}

func collect(stream grpc.BidiStreamingClient[pb.SubscribeRequest, pb.SubscribeUpdate]) *collector {
	c := &collector{done: make(chan struct{})}
	go func() {
		defer close(c.done)
		for {
			u, err := stream.Recv()
			c.mu.Lock()
			if err != nil {
				c.err = err
				c.mu.Unlock()
				return
			}
			c.ups = append(c.ups, u)
			c.mu.Unlock()
		}
	}()
	return c
}

func (c *collector) snapshot() []*pb.SubscribeUpdate {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]*pb.SubscribeUpdate(nil), c.ups...)
}

func (c *collector) ended() (bool, error) {
	select {
	case <-c.done:
		c.mu.Lock()
		defer c.mu.Unlock()
		return true, c.err
	default:
		return false, nil
	}
}

// count returns how many collected updates satisfy pred.
func (c *collector) count(pred func(*pb.SubscribeUpdate) bool) int {
	n := 0
	for _, u := range c.snapshot() {
		if pred(u) {
			n++
		}
	}
	return n
}

func isTx(u *pb.SubscribeUpdate) bool   { return u.GetTransaction() != nil }
func isAcct(u *pb.SubscribeUpdate) bool { return u.GetAccount() != nil }
func isSlot(u *pb.SubscribeUpdate) bool { return u.GetSlot() != nil }

// getStats fetches GET /stats over HTTP.
func getStats(t testing.TB, s *Server) Stats {
	t.Helper()
	resp, err := http.Get("http://" + s.AdminAddr().String() + "/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st Stats
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	return st
}

// postFault triggers a fault over HTTP and returns its result.
func postFault(t testing.TB, s *Server, name, query string) FaultResult {
	t.Helper()
	u := "http://" + s.AdminAddr().String() + "/faults/" + name
	if query != "" {
		u += "?" + query
	}
	resp, err := http.Post(u, "application/json", strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r FaultResult
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /faults/%s?%s: status %d", name, query, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	return r
}

func u64(v uint64) *uint64 { return &v }
func bptr(v bool) *bool    { return &v }

func le64(v uint64) []byte { var b [8]byte; binary.LittleEndian.PutUint64(b[:], v); return b[:] }

func b58(b []byte) string { return base58.Encode(b) }
