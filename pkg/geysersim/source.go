package geysersim

import (
	"context"
	"crypto/sha512"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"

	"github.com/geyserjet/geyserjet/pkg/capture"
)

// Item is one update of a Source.
type Item struct {
	// Update is owned by the server once Next returns it: the server clears its filters and sets
	// created_at. Nested messages may be shared between items as long as nobody modifies them.
	Update *pb.SubscribeUpdate
	At     time.Duration // simulated time since the start of the source, never decreasing
}

// Source gives the updates a Server publishes, in slot order. Next returns io.EOF after the last
// one, or ctx.Err() when ctx ends first. A Server calls Next from one goroutine.
type Source interface {
	Next(ctx context.Context) (Item, error)
}

// ReplaySource replays a capture's updates, optionally looped. Loop k > 0 shifts every slot by
// k times the capture's slot span and every write_version by k times its largest, and replaces
// every signature (transaction and account txn_signature alike) by the first 64 bytes of
// SHA-512("geysersim loop" || k || signature): fresh, unique and deterministic, so that
// deduplication downstream sees new transactions each loop. Item.At advances by SlotInterval
// each time the slot changes, however far it jumps. It is not safe for concurrent use.
type ReplaySource struct {
	updates  []*pb.SubscribeUpdate
	ats      []time.Duration
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
	r := &ReplaySource{updates: us, loop: loop, interval: interval, ats: make([]time.Duration, len(us))}
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
	r.i++
	return Item{Update: r.shift(u), At: at + time.Duration(r.k)*r.period}, nil
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

// loopSignature derives loop k's signature from sig.
func loopSignature(sig []byte, k uint64) []byte {
	h := sha512.New()
	h.Write([]byte("geysersim loop"))
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], k)
	h.Write(b[:])
	h.Write(sig)
	return h.Sum(nil)[:64]
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
