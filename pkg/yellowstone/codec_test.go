package yellowstone

import (
	"context"
	"testing"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/grpc/mem"
	"google.golang.org/protobuf/proto"

	"github.com/geyserjet/geyserjet/pkg/geysersim"
)

// The codec decodes each update exactly as proto.Unmarshal does, also into the message tree of
// an update released before, and released transaction trees are decoded into again.
func TestCodecDecodesIntoReleasedTrees(t *testing.T) {
	m := geysersim.NewMarket(geysersim.MarketConfig{Seed: 3})
	c := newUpdateCodec()
	var prev *pb.SubscribeUpdateTransaction
	kinds := map[string]int{}
	reused := 0
	for range 3000 {
		it, err := m.Next(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		b, err := proto.Marshal(it.Update)
		if err != nil {
			t.Fatal(err)
		}
		want := new(pb.SubscribeUpdate)
		if err := proto.Unmarshal(b, want); err != nil {
			t.Fatal(err)
		}
		u := newUpdate()
		if err := c.Unmarshal(mem.BufferSlice{mem.SliceBuffer(append([]byte(nil), b...))}, u); err != nil {
			t.Fatalf("Unmarshal: %v", err)
		}
		if !proto.Equal(u, want) {
			t.Fatalf("update %d (%T): the codec's result differs from proto.Unmarshal's", kinds["all"], u.UpdateOneof)
		}
		kinds["all"]++
		switch o := u.UpdateOneof.(type) {
		case *pb.SubscribeUpdate_Transaction:
			kinds["transaction"]++
			if o.Transaction == prev {
				reused++
			}
			prev = o.Transaction
		case *pb.SubscribeUpdate_Account:
			kinds["account"]++
		}
		Release(u)
	}
	if kinds["transaction"] < 100 || kinds["account"] < 100 {
		t.Fatalf("the market gave %v: too few transactions or accounts to test reuse", kinds)
	}
	if reused < kinds["transaction"]/2 {
		t.Errorf("%d of %d transactions were decoded into the tree released before, want most", reused, kinds["transaction"])
	}
}

func TestUpdateField(t *testing.T) {
	for _, tc := range []struct {
		name string
		u    *pb.SubscribeUpdate
		want int
	}{
		{"transaction", &pb.SubscribeUpdate{Filters: []string{"a", "b"}, UpdateOneof: &pb.SubscribeUpdate_Transaction{Transaction: &pb.SubscribeUpdateTransaction{Slot: 7}}}, fieldTransaction},
		{"account", &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Account{Account: &pb.SubscribeUpdateAccount{Slot: 7}}}, fieldAccount},
		{"slot", &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Slot{Slot: &pb.SubscribeUpdateSlot{Slot: 7}}}, 3},
		{"filters only", &pb.SubscribeUpdate{Filters: []string{"a"}}, 0},
	} {
		b, err := proto.Marshal(tc.u)
		if err != nil {
			t.Fatal(err)
		}
		if got := updateField(b); int(got) != tc.want {
			t.Errorf("%s: updateField = %d, want %d", tc.name, got, tc.want)
		}
	}
	if got := updateField([]byte{0xff}); got != 0 {
		t.Errorf("updateField(malformed) = %d, want 0", got)
	}
}
