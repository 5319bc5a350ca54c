package wire

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/geyserjet/geyserjet/pkg/geysersim"
	"github.com/geyserjet/geyserjet/pkg/rpcjson"
)

// An encoding is one SubscribeUpdate on the wire, named for failure messages.
type encoding struct {
	name string
	b    []byte
}

// mainnetUpdates imports every mainnet fixture of pkg/testdata/mainnet, keyed "file#index".
func mainnetUpdates(t testing.TB) map[string]*pb.SubscribeUpdate {
	t.Helper()
	files, err := filepath.Glob("../../testdata/mainnet/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("glob mainnet fixtures: %d files, %v", len(files), err)
	}
	us := make(map[string]*pb.SubscribeUpdate)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res, err := rpcjson.Import(data, rpcjson.Options{})
		if err != nil {
			t.Fatalf("rpcjson.Import(%s): %v", f, err)
		}
		for i, u := range res.Updates {
			us[filepath.Base(f)+"#"+strconv.Itoa(i)] = u
		}
	}
	return us
}

// marketUpdates returns the first n updates of a geysersim market with seed 1.
func marketUpdates(t testing.TB, n int) []*geysersim.Item {
	t.Helper()
	m := geysersim.NewMarket(geysersim.MarketConfig{Seed: 1})
	items := make([]*geysersim.Item, 0, n)
	for range n {
		it, err := m.Next(context.Background())
		if err != nil {
			t.Fatalf("Market.Next: %v", err)
		}
		items = append(items, &it)
	}
	return items
}

// corpus returns the encodings of the differential tests: every mainnet update, n market
// updates (and the server's raw bytes of those that have them), and updates built from them to
// reach every message and optional field of the proto. Every third update gets filters and
// created_at, as a Yellowstone server sends them.
func corpus(t testing.TB, n int) []encoding {
	t.Helper()
	var encs []encoding
	put := func(name string, u *pb.SubscribeUpdate) {
		if len(encs)%3 == 0 {
			u = proto.Clone(u).(*pb.SubscribeUpdate)
			u.Filters = []string{"client", "pumpfun-ÿ"}
			u.CreatedAt = timestamppb.New(time.Unix(1772323200, int64(len(encs))))
		}
		b, err := proto.Marshal(u)
		if err != nil {
			t.Fatalf("proto.Marshal(%s): %v", name, err)
		}
		encs = append(encs, encoding{name, b})
	}
	mainnet := mainnetUpdates(t)
	names := slices.Sorted(maps.Keys(mainnet))
	for _, name := range names {
		put(name, mainnet[name])
	}
	for i, it := range marketUpdates(t, n) {
		put("market#"+strconv.Itoa(i), it.Update)
		if it.Raw != nil {
			encs = append(encs, encoding{"market-raw#" + strconv.Itoa(i), it.Raw})
		}
	}
	for _, name := range names {
		for i, u := range variants(mainnet[name]) {
			put(name+"/variant"+strconv.Itoa(i), u)
		}
	}
	put("block", block(mainnet, names))
	for _, u := range fullUpdates() {
		put("full "+kind(u), u)
	}
	put("ping", &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Ping{Ping: &pb.SubscribeUpdatePing{}}})
	put("pong", &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Pong{Pong: &pb.SubscribeUpdatePong{Id: -7}}})
	put("pong-zero", &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Pong{Pong: &pb.SubscribeUpdatePong{}}})
	put("empty", &pb.SubscribeUpdate{})
	put("filters-only", &pb.SubscribeUpdate{Filters: []string{"a", "", "b"}})
	parent := uint64(0)
	dead := ""
	put("slot-parent-zero-dead-empty", &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Slot{
		Slot: &pb.SubscribeUpdateSlot{Slot: 1, Parent: &parent, Status: pb.CommitmentLevel(42), DeadError: &dead}}})
	dead2 := "dead slot: shred insert error"
	parent2 := uint64(380_000_000)
	put("slot-dead", &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Slot{
		Slot: &pb.SubscribeUpdateSlot{Slot: 380_000_001, Parent: &parent2, Status: pb.CommitmentLevel_DEAD, DeadError: &dead2}}})
	return encs
}

// variants returns copies of u with the optional and rarely set fields flipped: a transaction
// with compute units and stack heights of zero, return data, rewards and an empty error; an
// account with an empty txn_signature; a transaction status; an entry; a block meta with rewards.
func variants(u *pb.SubscribeUpdate) []*pb.SubscribeUpdate {
	var vs []*pb.SubscribeUpdate
	if tx := u.GetTransaction(); tx != nil {
		v := proto.Clone(u).(*pb.SubscribeUpdate)
		meta := v.GetTransaction().GetTransaction().GetMeta()
		if meta != nil {
			zero := uint64(0)
			meta.ComputeUnitsConsumed = &zero
			meta.ReturnData = &pb.ReturnData{ProgramId: tx.GetTransaction().GetSignature()[:32]}
			meta.Err = &pb.TransactionError{}
			meta.Rewards = append(meta.Rewards, &pb.Reward{Pubkey: "Vote111111111111111111111111111111111111111", Lamports: -5000,
				PostBalance: 1e9, RewardType: pb.RewardType_Rent, Commission: "10"}, &pb.Reward{})
			for _, ii := range meta.InnerInstructions {
				for i, ix := range ii.Instructions {
					switch i % 3 {
					case 0:
						h := uint32(0)
						ix.StackHeight = &h
					case 1:
						ix.StackHeight = nil
					}
				}
			}
		}
		vs = append(vs, v)
		v = proto.Clone(u).(*pb.SubscribeUpdate)
		v.GetTransaction().Transaction.Meta = &pb.TransactionStatusMeta{} // present, empty
		vs = append(vs, v)
		info := tx.GetTransaction()
		vs = append(vs, &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_TransactionStatus{
			TransactionStatus: &pb.SubscribeUpdateTransactionStatus{Slot: tx.Slot, Signature: info.GetSignature(),
				IsVote: info.GetIsVote(), Index: info.GetIndex(), Err: info.GetMeta().GetErr()}}})
		vs = append(vs, &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Entry{Entry: &pb.SubscribeUpdateEntry{
			Slot: tx.Slot, Index: 3, NumHashes: 12500, Hash: info.GetSignature()[32:], ExecutedTransactionCount: 1,
			StartingTransactionIndex: info.GetIndex()}}})
	}
	if acc := u.GetAccount(); acc != nil {
		v := proto.Clone(u).(*pb.SubscribeUpdate)
		v.GetAccount().Account.TxnSignature = []byte{}
		vs = append(vs, v)
		v = proto.Clone(u).(*pb.SubscribeUpdate)
		v.GetAccount().Account = &pb.SubscribeUpdateAccountInfo{}
		vs = append(vs, v)
	}
	if bm := u.GetBlockMeta(); bm != nil {
		v := proto.Clone(u).(*pb.SubscribeUpdate)
		v.GetBlockMeta().Rewards = &pb.Rewards{Rewards: []*pb.Reward{{Pubkey: "Vote111111111111111111111111111111111111111",
			Lamports: 12345, PostBalance: 67890, RewardType: pb.RewardType_Voting}}, NumPartitions: &pb.NumPartitions{NumPartitions: 4}}
		v.GetBlockMeta().BlockHeight = &pb.BlockHeight{BlockHeight: 300_000_000}
		vs = append(vs, v)
	}
	return vs
}

// block returns a block update holding every mainnet transaction and account.
func block(us map[string]*pb.SubscribeUpdate, names []string) *pb.SubscribeUpdate {
	blk := &pb.SubscribeUpdateBlock{Slot: 330_900_240, Blockhash: "4sGjMW1sUnHzSxGspuhpqLDx6wiyjNtZAMdL4VZHirAn",
		ParentSlot: 330_900_239, ParentBlockhash: "8dJ5Yk3dqyuDk3H1S6UJcAYJ2Vm7oCU5oVrW3Mn4hK7A",
		Rewards:     &pb.Rewards{Rewards: []*pb.Reward{{Pubkey: "Vote111111111111111111111111111111111111111", Lamports: 1}}},
		BlockTime:   &pb.UnixTimestamp{Timestamp: 1743532800},
		BlockHeight: &pb.BlockHeight{BlockHeight: 309_000_000}, EntriesCount: 2, UpdatedAccountCount: 1}
	for _, name := range names {
		u := us[name]
		if tx := u.GetTransaction(); tx != nil {
			blk.Transactions = append(blk.Transactions, tx.GetTransaction())
			blk.ExecutedTransactionCount++
		}
		if acc := u.GetAccount(); acc != nil {
			blk.Accounts = append(blk.Accounts, acc.GetAccount())
		}
	}
	blk.Entries = []*pb.SubscribeUpdateEntry{{Slot: blk.Slot, NumHashes: 1}, {Slot: blk.Slot, Index: 1, Hash: make([]byte, 32)}}
	return &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Block{Block: blk}}
}

// decodeFast decodes b into u as Unmarshal does and reports whether the fast parser took it.
func decodeFast(b []byte, u *pb.SubscribeUpdate) (took bool, err error) {
	if fast(b, u) {
		return true, nil
	}
	return false, proto.Unmarshal(b, u)
}

// checkSame fails t unless got and gotErr, decoded from b into a reused message, are what
// proto.Unmarshal decodes from b into a fresh one.
func checkSame(t testing.TB, name string, b []byte, got *pb.SubscribeUpdate, gotErr error) {
	t.Helper()
	want := new(pb.SubscribeUpdate)
	wantErr := proto.Unmarshal(b, want)
	if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
		t.Fatalf("Unmarshal(%s) error = %v, want %v", name, gotErr, wantErr)
	}
	if wantErr == nil && !proto.Equal(got, want) {
		t.Fatalf("Unmarshal(%s) =\n%s\nwant\n%s", name, text(got), text(want))
	}
}

// text returns m in text format, cut to 4000 bytes.
func text(m proto.Message) string {
	s := prototext.Format(m)
	if len(s) > 4000 {
		s = s[:4000] + "…"
	}
	return s
}

// kind names the update_oneof member of u.
func kind(u *pb.SubscribeUpdate) string {
	if u.UpdateOneof == nil {
		return "none"
	}
	m := u.ProtoReflect()
	return string(m.WhichOneof(m.Descriptor().Oneofs().ByName("update_oneof")).Name())
}

// Hand-built encodings, for what marshalers never write.

func tag(num protowire.Number, typ protowire.Type) []byte { return protowire.AppendTag(nil, num, typ) }

func vfield(num protowire.Number, v uint64) []byte {
	return protowire.AppendVarint(tag(num, protowire.VarintType), v)
}

func bfield(num protowire.Number, parts ...[]byte) []byte {
	return protowire.AppendBytes(tag(num, protowire.BytesType), cat(parts...))
}

func cat(parts ...[]byte) []byte {
	var b []byte
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// txUpdate wraps the fields of a TransactionStatusMeta into a SubscribeUpdate.
func txUpdate(meta ...[]byte) []byte {
	return bfield(4, bfield(1, bfield(1, make([]byte, 64)), bfield(4, meta...)), vfield(2, 9))
}

// fullUpdates returns one update of each update_oneof kind in which every field of every message
// is set, non-zero, and every repeated field has two elements: decoding another update into a
// message that held one of them shows any field the parser fails to reset.
func fullUpdates() []*pb.SubscribeUpdate {
	var us []*pb.SubscribeUpdate
	oneof := (&pb.SubscribeUpdate{}).ProtoReflect().Descriptor().Oneofs().ByName("update_oneof")
	for i := range oneof.Fields().Len() {
		u := new(pb.SubscribeUpdate)
		m := u.ProtoReflect()
		fill(m)
		fd := oneof.Fields().Get(i)
		fill(m.Mutable(fd).Message())
		us = append(us, u)
	}
	return us
}

// fill sets every field of m but the members of real oneofs.
func fill(m protoreflect.Message) {
	fields := m.Descriptor().Fields()
	for i := range fields.Len() {
		fd := fields.Get(i)
		if oo := fd.ContainingOneof(); oo != nil && !oo.IsSynthetic() {
			continue
		}
		switch {
		case fd.IsList():
			l := m.Mutable(fd).List()
			for j := range 2 {
				if fd.Message() != nil {
					e := l.NewElement()
					fill(e.Message())
					l.Append(e)
				} else {
					l.Append(scalar(fd, j))
				}
			}
		case fd.Message() != nil:
			fill(m.Mutable(fd).Message())
		default:
			m.Set(fd, scalar(fd, 1))
		}
	}
}

// scalar returns a non-zero value of fd's kind, different for each i.
func scalar(fd protoreflect.FieldDescriptor, i int) protoreflect.Value {
	switch fd.Kind() {
	case protoreflect.BoolKind:
		return protoreflect.ValueOfBool(true)
	case protoreflect.EnumKind:
		return protoreflect.ValueOfEnum(protoreflect.EnumNumber(2 + i))
	case protoreflect.Int32Kind:
		return protoreflect.ValueOfInt32(int32(-3 - i))
	case protoreflect.Uint32Kind:
		return protoreflect.ValueOfUint32(uint32(7 + i))
	case protoreflect.Int64Kind:
		return protoreflect.ValueOfInt64(int64(-9 - i))
	case protoreflect.Uint64Kind:
		return protoreflect.ValueOfUint64(uint64(11 + i))
	case protoreflect.DoubleKind:
		return protoreflect.ValueOfFloat64(1.5 + float64(i))
	case protoreflect.StringKind:
		return protoreflect.ValueOfString(string(fd.Name()) + "-" + strconv.Itoa(i))
	case protoreflect.BytesKind:
		return protoreflect.ValueOfBytes([]byte{1, 2, byte(i)})
	}
	panic("fill: no value for kind " + fd.Kind().String())
}
