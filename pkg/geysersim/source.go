package geysersim

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
	"google.golang.org/protobuf/proto"

	"github.com/geyserjet/geyserjet/pkg/capture"
)

// Item is one update of a Source.
type Item struct {
	// Update is owned by the server once Next returns it: the server clears its filters and sets
	// created_at. Nested messages may be shared between items as long as nobody modifies them.
	Update *pb.SubscribeUpdate
	At     time.Duration // simulated time since the start of the source, never decreasing

	// Raw, when not nil, is Update's protobuf encoding without filters and created_at, which the
	// server then publishes as it is instead of marshaling Update (Update must still be set and
	// decode from Raw: filters, stats and the ledger read it). The server owns Raw once Next
	// returns it and appends the created_at stamp to it in place when its capacity leaves 21
	// bytes of room beyond its length; otherwise it copies Raw once.
	Raw []byte
}

// Source gives the updates a Server publishes, in slot order. Next returns io.EOF after the last
// one, or ctx.Err() when ctx ends first. A Server calls Next from one goroutine.
type Source interface {
	Next(ctx context.Context) (Item, error)
}

// ReplaySource replays a capture's updates, optionally looped. Loop k > 0 shifts every slot by
// k times the capture's slot span and every write_version by k times its largest, and replaces
// every signature (transaction and account txn_signature alike) by loopSignature's: the same
// bytes but the last 8, XORed with a mix of k, so fresh, unique and deterministic, and
// deduplication downstream sees new transactions each loop. Item.At advances by SlotInterval
// each time the slot changes, however far it jumps.
//
// Items carry Raw: each update is marshaled once, at its first use, and a later loop's encoding
// is assembled from those bytes (wire.go), never re-marshaled, so a Server publishes a replay at
// hundreds of thousands of updates per second. A ReplaySource is not safe for concurrent use.
type ReplaySource struct {
	updates  []*pb.SubscribeUpdate
	ats      []time.Duration
	enc      [][]byte // updates[i] marshaled without filters and created_at, nil until used looping
	loop     bool
	interval time.Duration
	span     uint64 // max slot - min slot + 1
	wvSpan   uint64 // max write_version + 1
	period   time.Duration
	i        int
	k        uint64
}

// ErrEmptyCapture means a capture holds no updates.
var ErrEmptyCapture = errors.New("empty capture")

// OpenReplay reads the capture file at path into memory and returns a ReplaySource over it. It
// returns the capture.Reader's errors (*capture.Error) or ErrEmptyCapture.
func OpenReplay(path string, loop bool) (*ReplaySource, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("geysersim: open replay: %w", err)
	}
	defer f.Close()
	r := capture.NewReader(f)
	var us []*pb.SubscribeUpdate
	for {
		u, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("geysersim: read replay %s: %w", path, err)
		}
		us = append(us, u)
	}
	if len(us) == 0 {
		return nil, fmt.Errorf("geysersim: replay %s: %w", path, ErrEmptyCapture)
	}
	return NewReplaySource(us, loop, 0), nil
}

// NewReplaySource returns a ReplaySource over updates, stably sorted by slot; interval is the
// simulated time per slot change (default 400ms). It keeps updates and never modifies them.
func NewReplaySource(updates []*pb.SubscribeUpdate, loop bool, interval time.Duration) *ReplaySource {
	if interval <= 0 {
		interval = 400 * time.Millisecond
	}
	us := append([]*pb.SubscribeUpdate(nil), updates...)
	sort.SliceStable(us, func(a, b int) bool { return updateSlot(us[a]) < updateSlot(us[b]) })
	r := &ReplaySource{updates: us, loop: loop, interval: interval, ats: make([]time.Duration, len(us)),
		enc: make([][]byte, len(us))}
	var minSlot, maxSlot, maxWV uint64
	var at time.Duration
	for i, u := range us {
		s := updateSlot(u)
		if i == 0 {
			minSlot = s
		} else if s != updateSlot(us[i-1]) {
			at += interval
		}
		r.ats[i] = at
		maxSlot = max(maxSlot, s)
		if a := u.GetAccount().GetAccount(); a != nil {
			maxWV = max(maxWV, a.WriteVersion)
		}
	}
	r.span = maxSlot - minSlot + 1
	r.wvSpan = maxWV + 1
	r.period = at + interval
	return r
}

// Len returns the number of updates in one pass.
func (r *ReplaySource) Len() int { return len(r.updates) }

// Next returns the next update; io.EOF after the last one unless looping.
func (r *ReplaySource) Next(ctx context.Context) (Item, error) {
	if err := ctx.Err(); err != nil {
		return Item{}, err
	}
	if r.i == len(r.updates) {
		if !r.loop || len(r.updates) == 0 {
			return Item{}, io.EOF
		}
		r.i = 0
		r.k++
	}
	u, at := r.updates[r.i], r.ats[r.i]
	su := r.shift(u)
	raw := r.encode(r.i)
	r.i++
	return Item{Update: su, Raw: raw, At: at + time.Duration(r.k)*r.period}, nil
}

// encode returns the encoding of updates[i] as shift makes it for loop r.k, in a new buffer with
// room for the created_at stamp; nil, and the server marshals the update, when not looping (an
// encoding used once is not worth keeping) or when updates[i] does not marshal.
func (r *ReplaySource) encode(i int) []byte {
	if !r.loop {
		return nil
	}
	enc := r.enc[i]
	if enc == nil {
		b, err := proto.Marshal(&pb.SubscribeUpdate{UpdateOneof: r.updates[i].UpdateOneof})
		if err != nil || len(b) == 0 {
			return nil
		}
		enc, r.enc[i] = b, b
	}
	if r.k == 0 {
		return append(make([]byte, 0, len(enc)+createdAtSize), enc...)
	}
	sh := wireShift{slot: r.k * r.span, wv: r.k * r.wvSpan, k: r.k}
	// Varints and lengths grow by a few bytes at most; a larger growth only reallocates.
	raw, ok := sh.message(make([]byte, 0, len(enc)+32+createdAtSize), enc, updateOps)
	if !ok {
		return nil // not reached with enc from proto.Marshal; the server marshals the update
	}
	return raw
}

// shift returns a new top-level update for loop r.k sharing u's unchanged nested messages.
func (r *ReplaySource) shift(u *pb.SubscribeUpdate) *pb.SubscribeUpdate {
	k := r.k
	ds := k * r.span
	switch o := u.UpdateOneof.(type) {
	case *pb.SubscribeUpdate_Transaction:
		if k == 0 {
			break
		}
		t := o.Transaction
		info := t.GetTransaction()
		if info == nil {
			return &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Transaction{Transaction: &pb.SubscribeUpdateTransaction{Slot: t.Slot + ds}}}
		}
		ni := &pb.SubscribeUpdateTransactionInfo{Signature: loopSignature(info.Signature, k), IsVote: info.IsVote,
			Transaction: info.Transaction, Meta: info.Meta, Index: info.Index}
		if tx := info.Transaction; tx != nil && len(tx.Signatures) > 0 {
			sigs := make([][]byte, len(tx.Signatures))
			for i, s := range tx.Signatures {
				sigs[i] = loopSignature(s, k)
			}
			ni.Transaction = &pb.Transaction{Signatures: sigs, Message: tx.Message}
		}
		return &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Transaction{Transaction: &pb.SubscribeUpdateTransaction{Transaction: ni, Slot: t.Slot + ds}}}
	case *pb.SubscribeUpdate_Account:
		if k == 0 {
			break
		}
		a := o.Account
		na := &pb.SubscribeUpdateAccount{Slot: a.Slot + ds, IsStartup: a.IsStartup}
		if ai := a.Account; ai != nil {
			na.Account = &pb.SubscribeUpdateAccountInfo{Pubkey: ai.Pubkey, Lamports: ai.Lamports, Owner: ai.Owner,
				Executable: ai.Executable, RentEpoch: ai.RentEpoch, Data: ai.Data, WriteVersion: ai.WriteVersion + k*r.wvSpan}
			if ai.TxnSignature != nil {
				na.Account.TxnSignature = loopSignature(ai.TxnSignature, k)
			}
		}
		return &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Account{Account: na}}
	case *pb.SubscribeUpdate_Slot:
		if k == 0 {
			break
		}
		s := o.Slot
		ns := &pb.SubscribeUpdateSlot{Slot: s.Slot + ds, Status: s.Status, DeadError: s.DeadError}
		if s.Parent != nil {
			p := *s.Parent + ds
			ns.Parent = &p
		}
		return &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Slot{Slot: ns}}
	case *pb.SubscribeUpdate_BlockMeta:
		if k == 0 {
			break
		}
		m := o.BlockMeta
		nm := &pb.SubscribeUpdateBlockMeta{Slot: m.Slot + ds, Blockhash: m.Blockhash, Rewards: m.Rewards, BlockTime: m.BlockTime,
			BlockHeight: m.BlockHeight, ParentSlot: m.ParentSlot + ds, ParentBlockhash: m.ParentBlockhash,
			ExecutedTransactionCount: m.ExecutedTransactionCount, EntriesCount: m.EntriesCount}
		return &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_BlockMeta{BlockMeta: nm}}
	}
	return &pb.SubscribeUpdate{UpdateOneof: u.UpdateOneof}
}

// loopSignature returns loop k's signature for sig: a copy with the last 8 bytes (all of a
// shorter one) XORed with loopMix(k), little-endian. For a given k it is a bijection, so the
// signatures of one loop are as distinct as the capture's; loopMix is a bijection too, so no
// signature repeats across loops, and two different ones meet only if they share their first
// 56 bytes and their last 8 differ by exactly loopMix(k1)^loopMix(k2), which real ed25519
// signatures never do. A copy and an XOR instead of a hash keep a loop of 100,000 updates/s cheap.
func loopSignature(sig []byte, k uint64) []byte {
	out := make([]byte, len(sig)) // never nil: an empty optional txn_signature stays present
	copy(out, sig)
	xorLoop(out, k)
	return out
}

// xorLoop applies loopSignature's change to sig in place.
func xorLoop(sig []byte, k uint64) {
	m := loopMix(k)
	for i := max(len(sig)-8, 0); i < len(sig); i++ {
		sig[i] ^= byte(m)
		m >>= 8
	}
}

// loopMix is SplitMix64's finalizer, a bijection of uint64 that spreads consecutive loops over
// all 64 bits.
func loopMix(k uint64) uint64 {
	z := k + 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// updateSlot returns the slot an update belongs to, 0 when it has none.
func updateSlot(u *pb.SubscribeUpdate) uint64 {
	switch o := u.UpdateOneof.(type) {
	case *pb.SubscribeUpdate_Transaction:
		return o.Transaction.GetSlot()
	case *pb.SubscribeUpdate_Account:
		return o.Account.GetSlot()
	case *pb.SubscribeUpdate_Slot:
		return o.Slot.GetSlot()
	case *pb.SubscribeUpdate_BlockMeta:
		return o.BlockMeta.GetSlot()
	case *pb.SubscribeUpdate_Block:
		return o.Block.GetSlot()
	case *pb.SubscribeUpdate_TransactionStatus:
		return o.TransactionStatus.GetSlot()
	case *pb.SubscribeUpdate_Entry:
		return o.Entry.GetSlot()
	}
	return 0
}
