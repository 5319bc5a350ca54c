package geysersim

import (
	"bytes"
	"context"
	"testing"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// wireFixtures holds every kind of update and the corner cases of the wire assembly: zero slots
// and write versions (absent on the wire in loop 0), optional fields set and unset, empty
// signatures, missing nested messages, and fields a source clears (filters, created_at).
func wireFixtures() []*pb.SubscribeUpdate {
	two := mkTx(txSpec{slot: 7, sig: 3, keys: []int{1, 2, 9}})
	tx := two.GetTransaction().Transaction.Transaction
	tx.Signatures = append(tx.Signatures, testSig(4), []byte{})
	two.Filters = []string{"client"}
	two.CreatedAt = timestamppb.Now()
	dead := "dead"
	emptySig := mkAcct(acctSpec{slot: 7, key: 3, owner: 9, wv: 5})
	emptySig.GetAccount().Account.TxnSignature = []byte{}
	return []*pb.SubscribeUpdate{
		{UpdateOneof: &pb.SubscribeUpdate_Slot{Slot: &pb.SubscribeUpdateSlot{Slot: 0, Status: pb.CommitmentLevel_PROCESSED}}},
		{UpdateOneof: &pb.SubscribeUpdate_Ping{Ping: &pb.SubscribeUpdatePing{}}},
		mkAcct(acctSpec{slot: 0, key: 1, owner: 9, wv: 0, lamports: 1}),
		{UpdateOneof: &pb.SubscribeUpdate_BlockMeta{BlockMeta: &pb.SubscribeUpdateBlockMeta{Slot: 0}}},
		{UpdateOneof: &pb.SubscribeUpdate_Slot{Slot: &pb.SubscribeUpdateSlot{Slot: 5, Parent: u64(0), Status: pb.CommitmentLevel_CONFIRMED}}},
		mkTx(txSpec{slot: 5, sig: 1, keys: []int{1, 9}, loadedW: []int{40}, loadedR: []int{41}}),
		mkTx(txSpec{slot: 5, sig: 2, keys: []int{1, 9}, failed: true, vote: true}),
		{UpdateOneof: &pb.SubscribeUpdate_Transaction{Transaction: &pb.SubscribeUpdateTransaction{Slot: 5}}},
		{UpdateOneof: &pb.SubscribeUpdate_Transaction{Transaction: &pb.SubscribeUpdateTransaction{Slot: 6,
			Transaction: &pb.SubscribeUpdateTransactionInfo{Signature: testSig(5), Index: 3}}}},
		{UpdateOneof: &pb.SubscribeUpdate_Transaction{Transaction: &pb.SubscribeUpdateTransaction{Slot: 6,
			Transaction: &pb.SubscribeUpdateTransactionInfo{Transaction: &pb.Transaction{}}}}},
		mkAcct(acctSpec{slot: 6, key: 2, owner: 9, wv: 200, txnSig: true, data: []byte{1, 2, 3}}),
		emptySig,
		{UpdateOneof: &pb.SubscribeUpdate_Account{Account: &pb.SubscribeUpdateAccount{Slot: 7, IsStartup: true}}},
		two,
		{UpdateOneof: &pb.SubscribeUpdate_Slot{Slot: &pb.SubscribeUpdateSlot{Slot: 7, Parent: u64(6), Status: pb.CommitmentLevel_DEAD, DeadError: &dead}}},
		{UpdateOneof: &pb.SubscribeUpdate_BlockMeta{BlockMeta: &pb.SubscribeUpdateBlockMeta{Slot: 7, Blockhash: "h7", ParentSlot: 6,
			ParentBlockhash: "h6", BlockTime: &pb.UnixTimestamp{Timestamp: 1}, BlockHeight: &pb.BlockHeight{BlockHeight: 6},
			Rewards: &pb.Rewards{Rewards: []*pb.Reward{{Pubkey: "p", Lamports: 1}}}, ExecutedTransactionCount: 4, EntriesCount: 2}}},
	}
}

// TestReplayRaw checks that every Item.Raw of a looped replay is byte for byte what
// proto.Marshal gives for its Update, in loop 0, the next loops, and loops far enough to lengthen
// the slot and write-version varints and the message lengths around them.
func TestReplayRaw(t *testing.T) {
	mainnet, err := OpenReplay("../testdata/mainnet.capture", true)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		src  *ReplaySource
	}{
		{"fixtures", NewReplaySource(wireFixtures(), true, 0)},
		{"market", PrebuiltSource(MarketConfig{Seed: 5}, 2_000)},
		{"mainnet", mainnet},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kinds := map[string]int{}
			for _, k := range []uint64{0, 1, 2, 127, 128, 1 << 14, 1 << 21, 1 << 40, 1<<64 - 1} {
				tc.src.i, tc.src.k = 0, k
				for i := range tc.src.Len() {
					it, err := tc.src.Next(context.Background())
					if err != nil {
						t.Fatal(err)
					}
					kind := "other"
					if o := it.Update.ProtoReflect().WhichOneof(it.Update.ProtoReflect().Descriptor().Oneofs().ByName("update_oneof")); o != nil {
						kind = string(o.Name())
					}
					kinds[kind]++
					want, err := proto.Marshal(it.Update)
					if err != nil {
						t.Fatal(err)
					}
					if it.Raw == nil || cap(it.Raw)-len(it.Raw) < createdAtSize {
						t.Fatalf("loop %d, update %d (%s): Raw len %d cap %d, want room for created_at", k, i, kind, len(it.Raw), cap(it.Raw))
					}
					var got pb.SubscribeUpdate
					if err := proto.Unmarshal(it.Raw, &got); err != nil {
						t.Fatalf("loop %d, update %d (%s): unmarshal Raw: %v", k, i, kind, err)
					}
					if !proto.Equal(&got, it.Update) {
						t.Fatalf("loop %d, update %d (%s): Raw decodes to\n%v\nwant\n%v", k, i, kind, &got, it.Update)
					}
					if !bytes.Equal(it.Raw, want) {
						t.Fatalf("loop %d, update %d (%s): Raw\n%x\nwant proto.Marshal's\n%x", k, i, kind, it.Raw, want)
					}
				}
			}
			t.Logf("updates checked by kind: %v", kinds)
		})
	}
}

// BenchmarkReplayLoop measures a later loop of a replay of market updates: shifting, new
// signatures and the assembled encoding, what a Server gets from a PrebuiltSource.
func BenchmarkReplayLoop(b *testing.B) {
	src := PrebuiltSource(MarketConfig{Seed: 1}, 20_000)
	ctx := context.Background()
	for range src.Len() { // loop 0 marshals and keeps the encodings
		src.Next(ctx)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := src.Next(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
