package geysersim

import (
	"time"

	"github.com/mr-tron/base58"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
)

// updKind is the coarse kind of an update, for filters and stats.
type updKind uint8

const (
	kindTransaction updKind = iota
	kindAccount
	kindSlot
	kindBlockMeta
	kindOther
	numKinds
)

var kindNames = [numKinds]string{"transaction", "account", "slot", "block_meta", "other"}

// progLabel is the stats label of the program an update belongs to.
type progLabel uint8

const (
	progPumpfun progLabel = iota
	progPumpSwap
	progLaunchLab
	progRaydiumAMM
	progRaydiumCPMM
	progOther // a transaction or account of another program
	progChain // slots, block meta
	numPrograms
)

// programNames match events.Program.
var programNames = [numPrograms]string{"pumpfun", "pumpswap", "launchlab", "raydium_amm", "raydium_cpmm", "other", "chain"}

var programIDs = map[[32]byte]progLabel{
	mustKey32("6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P"):  progPumpfun,
	mustKey32("pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA"):  progPumpSwap,
	mustKey32("LanMV9sAd7wArD4vJFi2qDdfnVhFxYSUg6eADduJ3uj"):  progLaunchLab,
	mustKey32("675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8"): progRaydiumAMM,
	mustKey32("CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C"): progRaydiumCPMM,
}

func mustKey32(s string) [32]byte {
	b, err := base58.Decode(s)
	if err != nil || len(b) != 32 {
		panic("geysersim: bad built-in key " + s)
	}
	return [32]byte(b)
}

// entry is one published update with what filters need, computed once. It is immutable once
// published and shared by every stream.
type entry struct {
	seq    uint64
	at     time.Duration // Item.At, for pacing
	slot   uint64
	kind   updKind
	prog   progLabel
	update *pb.SubscribeUpdate
	body   []byte // the update marshaled without filters

	// transactions
	sig    []byte
	keys   [][32]byte // static keys, then loaded writable, then loaded readonly
	vote   bool
	failed bool

	// accounts
	pubkey   [32]byte
	owner    [32]byte
	data     []byte
	lamports uint64
	txnSig   bool
	wv       uint64

	// slots
	status pb.CommitmentLevel
}

// newEntry takes ownership of u, clears its filters and created_at, and marshals it, unless raw,
// when not nil, is u's encoding already (Item.Raw): then newEntry takes ownership of raw and uses
// it as the body, copied only when its capacity leaves no room for the created_at stamp. publish
// stamps created_at when it sends the entry.
func newEntry(u *pb.SubscribeUpdate, raw []byte) (*entry, error) {
	u.Filters = nil
	u.CreatedAt = nil
	e := &entry{update: u, slot: updateSlot(u), kind: kindOther, prog: progChain}
	switch o := u.UpdateOneof.(type) {
	case *pb.SubscribeUpdate_Transaction:
		e.kind, e.prog = kindTransaction, progOther
		info := o.Transaction.GetTransaction()
		e.sig = info.GetSignature()
		e.vote = info.GetIsVote()
		meta := info.GetMeta()
		e.failed = meta.GetErr() != nil
		msg := info.GetTransaction().GetMessage()
		n := len(msg.GetAccountKeys()) + len(meta.GetLoadedWritableAddresses()) + len(meta.GetLoadedReadonlyAddresses())
		e.keys = make([][32]byte, 0, n)
		for _, group := range [3][][]byte{msg.GetAccountKeys(), meta.GetLoadedWritableAddresses(), meta.GetLoadedReadonlyAddresses()} {
			for _, k := range group {
				if len(k) == 32 {
					e.keys = append(e.keys, [32]byte(k))
				}
			}
		}
		for _, ix := range msg.GetInstructions() {
			if int(ix.ProgramIdIndex) < len(e.keys) {
				if p, ok := programIDs[e.keys[ix.ProgramIdIndex]]; ok {
					e.prog = p
					break
				}
			}
		}
	case *pb.SubscribeUpdate_Account:
		e.kind, e.prog = kindAccount, progOther
		a := o.Account.GetAccount()
		if len(a.GetPubkey()) == 32 {
			e.pubkey = [32]byte(a.Pubkey)
		}
		if len(a.GetOwner()) == 32 {
			e.owner = [32]byte(a.Owner)
			if p, ok := programIDs[e.owner]; ok {
				e.prog = p
			}
		}
		e.data, e.lamports, e.txnSig, e.wv = a.GetData(), a.GetLamports(), a.TxnSignature != nil, a.GetWriteVersion()
	case *pb.SubscribeUpdate_Slot:
		e.kind = kindSlot
		e.status = o.Slot.GetStatus()
	case *pb.SubscribeUpdate_BlockMeta:
		e.kind = kindBlockMeta
	}
	// Room for the created_at stamp publish appends, so that it does not copy the body.
	if raw != nil {
		if cap(raw)-len(raw) < createdAtSize {
			raw = append(make([]byte, 0, len(raw)+createdAtSize), raw...)
		}
		e.body = raw
		return e, nil
	}
	opts := proto.MarshalOptions{}
	b, err := opts.MarshalAppend(make([]byte, 0, opts.Size(u)+createdAtSize), u)
	if err != nil {
		return nil, err
	}
	e.body = b
	return e, nil
}

// createdAtSize bounds the bytes stampCreatedAt appends: tag, length, and two tagged varints.
// Item.Raw's documentation quotes it.
const createdAtSize = 2 + 2 + 11 + 6

// stampCreatedAt appends SubscribeUpdate.created_at (field 11) = t to e's marshaled body, as a
// provider stamps the moment it sends an update. Both fields are written even when zero, so the
// stamp replaces any earlier one when a parser merges the repeated message field.
func (e *entry) stampCreatedAt(t time.Time) {
	var ts [24]byte
	b := protowire.AppendTag(ts[:0], 1, protowire.VarintType)
	b = protowire.AppendVarint(b, uint64(t.Unix()))
	b = protowire.AppendTag(b, 2, protowire.VarintType)
	b = protowire.AppendVarint(b, uint64(t.Nanosecond()))
	e.body = protowire.AppendTag(e.body, 11, protowire.BytesType)
	e.body = protowire.AppendBytes(e.body, b)
}
