// Package decoder turns Yellowstone SubscribeUpdates into events: it resolves each transaction
// (chain.Tx), hands every instruction of a known program — top-level or reached through any
// router — to that program's decoder, decodes accounts by owner, and fills in each event's
// envelope (slot, signature, block time, monitors, ingestor, receive time, sequence number).
//
// A Decoder is owned by one goroutine (it reuses its buffers); run one per stream. It keeps the
// block times of recent slots from blocks_meta updates, so events of a slot whose block meta
// arrived first carry a block_time; otherwise block_time is 0.
package decoder

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/gagliardetto/solana-go"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"

	"github.com/geyserjet/geyserjet/pkg/anchor"
	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/events"
	"github.com/geyserjet/geyserjet/pkg/programs/launchlab"
	"github.com/geyserjet/geyserjet/pkg/programs/pumpfun"
	"github.com/geyserjet/geyserjet/pkg/programs/pumpswap"
	"github.com/geyserjet/geyserjet/pkg/programs/raydiumamm"
	"github.com/geyserjet/geyserjet/pkg/programs/raydiumcpmm"
)

// Program is one program the decoder knows.
type Program struct {
	Name        events.Program
	ID          solana.PublicKey
	Instruction func(tx *chain.Tx, i int, out []events.Event) ([]events.Event, error)
	Account     func(a *chain.Account, out []events.Event) ([]events.Event, error)
}

// Programs lists the five decoded programs.
var Programs = []Program{
	{events.Pumpfun, pumpfun.ProgramID, pumpfun.DecodeInstruction, pumpfun.DecodeAccount},
	{events.PumpSwap, pumpswap.ProgramID, pumpswap.DecodeInstruction, pumpswap.DecodeAccount},
	{events.LaunchLab, launchlab.ProgramID, launchlab.DecodeInstruction, launchlab.DecodeAccount},
	{events.RaydiumAMM, raydiumamm.ProgramID, raydiumamm.DecodeInstruction, raydiumamm.DecodeAccount},
	{events.RaydiumCPMM, raydiumcpmm.ProgramID, raydiumcpmm.DecodeInstruction, raydiumcpmm.DecodeAccount},
}

// ProgramOf returns the known program with address id.
func ProgramOf(id solana.PublicKey) (*Program, bool) {
	for i := range Programs {
		if Programs[i].ID == id {
			return &Programs[i], true
		}
	}
	return nil, false
}

// Options configure a Decoder. The zero value decodes successful transactions only.
type Options struct {
	IncludeFailed bool             // also decode failed transactions (their events did not happen)
	Ingestor      string           // written in every event's "ingestor"
	Now           func() time.Time // receive time of an update; default time.Now
}

// Error is a failure to decode one instruction or account of an update.
type Error struct {
	Program events.Program
	Where   string // "instruction 3.1" or "account <address>"
	Err     error
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s: %v", e.Program, e.Where, e.Err) }
func (e *Error) Unwrap() error { return e.Err }

// Stats counts what a Decoder has seen.
type Stats struct {
	Updates      uint64
	Transactions uint64
	Accounts     uint64
	Events       uint64
	Failed       uint64            // failed transactions skipped
	Errors       map[string]uint64 // by program: instructions or accounts that did not decode
	Unknown      map[string]uint64 // "<program> <what> <hex discriminator>": unknown discriminators seen
}

// Decoder decodes updates. See the package doc for ownership.
type Decoder struct {
	opts       Options
	tx         chain.Tx
	acct       chain.Account
	stats      Stats
	blockTimes [256]struct {
		slot uint64
		t    int64
	}
}

// New returns a Decoder.
func New(opts Options) *Decoder {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Decoder{opts: opts, stats: Stats{Errors: map[string]uint64{}, Unknown: map[string]uint64{}}}
}

// Decode appends the events of u to out. Updates without events (pings, failed transactions,
// other programs) append nothing. When part of u does not decode, Decode still appends every
// event it could decode and returns an error: errors.Join of *Error values for corrupt
// instructions or accounts, or one wrapping chain.ErrMalformed when u itself is malformed.
// Unknown discriminators of known programs are counted in Stats, not returned.
func (d *Decoder) Decode(u *pb.SubscribeUpdate, out []events.Event) ([]events.Event, error) {
	d.stats.Updates++
	start := len(out)
	var err error
	switch {
	case u.GetTransaction() != nil:
		out, err = d.transaction(u.GetTransaction(), out)
	case u.GetAccount() != nil:
		out, err = d.account(u.GetAccount(), out)
	case u.GetSlot() != nil:
		s := u.GetSlot()
		out = append(out, events.Event{Slot: s.Slot, Body: &events.ChainSlot{Parent: s.GetParent(), Status: slotStatus(s.Status)}})
	case u.GetBlockMeta() != nil:
		m := u.GetBlockMeta()
		if m.BlockTime != nil {
			d.setBlockTime(m.Slot, m.BlockTime.Timestamp)
		}
	}
	if len(out) > start {
		now := d.opts.Now()
		bt := d.blockTime(out[start].Slot)
		for i := start; i < len(out); i++ {
			e := &out[i]
			e.BlockTime, e.Monitors, e.Ingestor, e.ReceivedAt = bt, u.Filters, d.opts.Ingestor, now
		}
		d.stats.Events += uint64(len(out) - start)
	}
	return out, err
}

func (d *Decoder) transaction(u *pb.SubscribeUpdateTransaction, out []events.Event) ([]events.Event, error) {
	d.stats.Transactions++
	tx := &d.tx
	if err := tx.Fill(u); err != nil {
		d.stats.Errors["transaction"]++
		return out, err
	}
	if tx.Failed && !d.opts.IncludeFailed {
		d.stats.Failed++
		return out, nil
	}
	var errs []error
	for i := range tx.Instructions {
		p, ok := ProgramOf(tx.Instructions[i].ProgramID)
		if !ok || anchor.IsEventCPI(tx, i) {
			continue
		}
		start := len(out)
		var err error
		out, err = p.Instruction(tx, i, out)
		if err != nil {
			if d.count(p.Name, err) {
				errs = append(errs, &Error{Program: p.Name, Where: "instruction " + tx.Instructions[i].Path.String(), Err: err})
			}
		}
		// Envelope and sequence numbers: the n-th further event of one kind from one
		// instruction gets Seq n, so its Nats-Msg-Id stays unique.
		for k := start; k < len(out); k++ {
			e := &out[k]
			e.Slot, e.Signature = tx.Slot, tx.Signature
			for m := start; m < k; m++ {
				if out[m].Path == e.Path && out[m].Body.Kind() == e.Body.Kind() {
					e.Seq++
				}
			}
		}
	}
	return out, errors.Join(errs...)
}

func (d *Decoder) account(u *pb.SubscribeUpdateAccount, out []events.Event) ([]events.Event, error) {
	d.stats.Accounts++
	a := &d.acct
	if err := a.Fill(u); err != nil {
		d.stats.Errors["account"]++
		return out, err
	}
	p, ok := ProgramOf(a.Owner)
	if !ok {
		return out, nil
	}
	start := len(out)
	out, err := p.Account(a, out)
	if err != nil && d.count(p.Name, err) {
		err = &Error{Program: p.Name, Where: "account " + a.Pubkey.String(), Err: err}
	} else {
		err = nil
	}
	for k := start; k < len(out); k++ {
		out[k].Slot, out[k].Account, out[k].WriteVersion = a.Slot, a.Pubkey, a.WriteVersion
	}
	return out, err
}

// count records err and reports whether it is a real failure (not an unknown discriminator).
func (d *Decoder) count(p events.Program, err error) bool {
	var u *chain.UnknownError
	if errors.As(err, &u) {
		d.stats.Unknown[u.Error()]++
		return false
	}
	d.stats.Errors[string(p)]++
	return true
}

func (d *Decoder) setBlockTime(slot uint64, t int64) {
	e := &d.blockTimes[slot%uint64(len(d.blockTimes))]
	e.slot, e.t = slot, t
}

func (d *Decoder) blockTime(slot uint64) int64 {
	if e := d.blockTimes[slot%uint64(len(d.blockTimes))]; e.slot == slot {
		return e.t
	}
	return 0
}

// Stats returns a copy of the counts so far.
func (d *Decoder) Stats() Stats {
	s := d.stats
	s.Errors = copyMap(s.Errors)
	s.Unknown = copyMap(s.Unknown)
	return s
}

func copyMap(m map[string]uint64) map[string]uint64 {
	c := make(map[string]uint64, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// SortedKeys returns m's keys in order, for printing stats.
func SortedKeys(m map[string]uint64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func slotStatus(s pb.CommitmentLevel) string {
	if name, ok := pb.CommitmentLevel_name[int32(s)]; ok {
		return strings.ToLower(name)
	}
	return "unknown"
}
