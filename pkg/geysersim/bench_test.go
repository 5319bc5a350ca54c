package geysersim

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/grpc"
	"google.golang.org/grpc/encoding"
	"google.golang.org/grpc/encoding/proto"
	"google.golang.org/grpc/mem"

	"github.com/geyserjet/geyserjet/pkg/capture"
)

func TestReplaySourceLoop(t *testing.T) {
	ups := []*pb.SubscribeUpdate{
		mkTx(txSpec{slot: 10, sig: 1, keys: []int{1, 9}}),
		mkAcct(acctSpec{slot: 10, key: 2, owner: 9, wv: 7, txnSig: true}),
		mkTx(txSpec{slot: 12, sig: 2, keys: []int{1, 9}}),
	}
	path := filepath.Join(t.TempDir(), "x.capture")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := capture.NewWriter(f)
	for _, u := range ups {
		if err := w.Write(u); err != nil {
			t.Fatal(err)
		}
	}
	f.Close()
	src, err := OpenReplay(path, true)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	sigs := map[string]bool{}
	var lastSlot uint64
	var lastAt time.Duration
	for i := range 9 {
		it, err := src.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		slot := updateSlot(it.Update)
		if slot < lastSlot || it.At < lastAt {
			t.Errorf("item %d: slot %d at %v after slot %d at %v", i, slot, it.At, lastSlot, lastAt)
		}
		lastSlot, lastAt = slot, it.At
		loop := uint64(i / 3)
		if want := updateSlot(ups[i%3]) + 3*loop; slot != want {
			t.Errorf("item %d: slot %d, want %d", i, slot, want)
		}
		if tx := it.Update.GetTransaction(); tx != nil {
			sig := string(tx.Transaction.Signature)
			if sigs[sig] {
				t.Errorf("item %d: signature repeated", i)
			}
			sigs[sig] = true
			if string(tx.Transaction.Transaction.Signatures[0]) != sig {
				t.Errorf("item %d: signature differs from the transaction's first", i)
			}
			if (loop == 0) != (sig == string(ups[i%3].GetTransaction().Transaction.Signature)) {
				t.Errorf("item %d: loop %d signature not as expected", i, loop)
			}
		}
		if a := it.Update.GetAccount(); a != nil && a.Account.WriteVersion != 7+8*loop {
			t.Errorf("item %d: write_version %d, want %d", i, a.Account.WriteVersion, 7+8*loop)
		}
	}
	once, _ := OpenReplay(path, false)
	for range 3 {
		once.Next(ctx)
	}
	if _, err := once.Next(ctx); err != io.EOF {
		t.Errorf("after one pass: %v, want io.EOF", err)
	}
}

// countCodec counts received messages without decoding them.
type countCodec struct{ encoding.CodecV2 }

func (countCodec) Unmarshal(mem.BufferSlice, any) error { return nil }

// BenchmarkServe measures updates per second delivered to one client from pre-built updates,
// published as fast as the client takes them. The queue is small because in Block mode a source
// faster than the stream runs a whole queue ahead of it, and sending entries long out of the
// cache would measure the memory, not the server.
func BenchmarkServe(b *testing.B) {
	var ups []*pb.SubscribeUpdate
	for i := range 1000 {
		ups = append(ups, mkTx(txSpec{slot: uint64(1000 + i/50), sig: i, keys: []int{i%20 + 1, 30, 31, 32, 33, 34, 35, 9},
			loadedW: []int{40, 41}, loadedR: []int{42}}))
	}
	s := startServer(b, Config{Source: NewReplaySource(ups, true, 0), Rate: -1, Block: true, SlotInterval: time.Hour, LedgerMax: 1, QueueSize: 4096})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cc := dial(b, s)
	stream, err := pb.NewGeyserClient(cc).Subscribe(ctx, grpc.ForceCodecV2(countCodec{encoding.GetCodecV2(proto.Name)}))
	if err != nil {
		b.Fatal(err)
	}
	if err := stream.Send(&pb.SubscribeRequest{Transactions: map[string]*pb.SubscribeRequestFilterTransactions{"all": {}}}); err != nil {
		b.Fatal(err)
	}
	var m pb.SubscribeUpdate
	b.ReportAllocs()
	start := time.Now()
	n := 0
	for b.Loop() {
		if err := stream.RecvMsg(&m); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "updates/s")
	cancel()
}
