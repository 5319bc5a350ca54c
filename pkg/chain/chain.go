// Package chain is a program-agnostic view of the Solana data in Yellowstone updates: a
// transaction with its account keys resolved (static keys, then the loaded writable and loaded
// readonly addresses of its lookup tables), every instruction, top-level and inner, in execution
// order with its path, depth and parent, and each instruction's own log lines; and an account
// update. Program decoders read these instead of protobuf, so they stay pure and testable.
//
// A Tx aliases the protobuf message it was filled from (instruction data, account index lists)
// and is reused by Fill: it is owned by one goroutine, and is valid until the next Fill.
package chain

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gagliardetto/solana-go"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"

	"github.com/geyserjet/geyserjet/pkg/events"
)

// ErrUnknownDiscriminator means a known program's instruction, event or account has a
// discriminator its decoder does not know. It is counted, not treated as corrupt data.
var ErrUnknownDiscriminator = errors.New("unknown discriminator")

// ErrMalformed means an update lacks what every update of its kind has (a transaction without a
// message, an instruction naming an account index past the account list).
var ErrMalformed = errors.New("malformed update")

// UnknownError reports an unknown discriminator; it wraps ErrUnknownDiscriminator.
type UnknownError struct {
	Program events.Program
	What    string // "instruction", "event" or "account"
	Disc    []byte
}

func (e *UnknownError) Error() string {
	return fmt.Sprintf("%s: %s: %v %s", e.Program, e.What, ErrUnknownDiscriminator, hex.EncodeToString(e.Disc))
}

func (e *UnknownError) Unwrap() error { return ErrUnknownDiscriminator }

// Unknown returns an UnknownError for the first n bytes of data (fewer if data is shorter).
func Unknown(p events.Program, what string, data []byte, n int) error {
	if len(data) < n {
		n = len(data)
	}
	return &UnknownError{Program: p, What: what, Disc: append([]byte(nil), data[:n]...)}
}

// Instruction is one instruction of a transaction, top-level or inner.
type Instruction struct {
	Path      events.Path
	Depth     int // stack height: 1 for a top-level instruction, 2 for its direct CPIs, …
	Parent    int // index in Tx.Instructions of the instruction that invoked this one; -1 at top level
	ProgramID solana.PublicKey
	Accounts  []byte // indices into Tx.Accounts (aliases the update)
	Data      []byte // aliases the update
}

// TokenBalance is one entry of a transaction's pre or post token balances.
type TokenBalance struct {
	AccountIndex int
	Mint         string
	Owner        string
	Amount       uint64
	Decimals     uint8
}

// Tx is one transaction of a Yellowstone update. See the package doc for ownership.
type Tx struct {
	Slot      uint64
	Signature solana.Signature
	Failed    bool   // the transaction failed (meta.err set); its instructions had no effect
	Fee       uint64 // lamports
	// Accounts are the static keys, then the loaded writable, then the loaded readonly addresses.
	Accounts     []solana.PublicKey
	NumSigners   int // the first NumSigners accounts signed
	Instructions []Instruction
	Logs         []string
	LogsComplete bool // false when the logs were truncated or are absent
	PreBalances  []uint64
	PostBalances []uint64
	PreTokens    []TokenBalance
	PostTokens   []TokenBalance

	logOwner     []int // logOwner[k] is the instruction whose own frame wrote Logs[k], or -1
	logsMapped   bool
	scratch      []byte
	programNames map[solana.PublicKey]string
}

// Fill resets tx to the transaction in u, reusing tx's memory. It returns an error wrapping
// ErrMalformed when u lacks a transaction, message or meta, or an index is out of range.
func (tx *Tx) Fill(u *pb.SubscribeUpdateTransaction) error {
	info := u.GetTransaction()
	msg := info.GetTransaction().GetMessage()
	meta := info.GetMeta()
	if info == nil || msg == nil || meta == nil {
		return fmt.Errorf("chain: transaction update without transaction, message or meta: %w", ErrMalformed)
	}
	tx.Slot = u.GetSlot()
	if len(info.Signature) != 64 {
		return fmt.Errorf("chain: signature of %d bytes: %w", len(info.Signature), ErrMalformed)
	}
	copy(tx.Signature[:], info.Signature)
	tx.Failed = meta.Err != nil
	tx.Fee = meta.Fee
	tx.NumSigners = int(msg.GetHeader().GetNumRequiredSignatures())

	tx.Accounts = tx.Accounts[:0]
	for _, group := range [3][][]byte{msg.AccountKeys, meta.LoadedWritableAddresses, meta.LoadedReadonlyAddresses} {
		for _, k := range group {
			if len(k) != 32 {
				return fmt.Errorf("chain: account key of %d bytes: %w", len(k), ErrMalformed)
			}
			tx.Accounts = append(tx.Accounts, solana.PublicKey(k))
		}
	}

	tx.Instructions = tx.Instructions[:0]
	inner := meta.InnerInstructions
	heights := true
	for i, ci := range msg.Instructions {
		top := len(tx.Instructions)
		if err := tx.add(events.Top(i), 1, -1, ci.ProgramIdIndex, ci.Accounts, ci.Data); err != nil {
			return err
		}
		for _, group := range inner {
			if int(group.Index) != i {
				continue
			}
			for j, ii := range group.Instructions {
				depth := 2
				if ii.StackHeight != nil && *ii.StackHeight >= 2 {
					depth = int(*ii.StackHeight)
				} else {
					heights = false
				}
				if err := tx.add(events.Path{Outer: i, Inner: j}, depth, top, ii.ProgramIdIndex, ii.Accounts, ii.Data); err != nil {
					return err
				}
			}
		}
	}
	tx.Logs = meta.LogMessages
	tx.LogsComplete = !meta.LogMessagesNone && len(meta.LogMessages) > 0
	tx.logsMapped = false
	if !heights && tx.LogsComplete {
		// Old transactions have no stack heights: take the depths from the invoke log lines.
		tx.mapLogs(true)
	}
	tx.linkParents()

	tx.PreBalances, tx.PostBalances = meta.PreBalances, meta.PostBalances
	tx.PreTokens = fillTokens(tx.PreTokens[:0], meta.PreTokenBalances)
	tx.PostTokens = fillTokens(tx.PostTokens[:0], meta.PostTokenBalances)
	return nil
}

func (tx *Tx) add(p events.Path, depth, parent int, prog uint32, accts, data []byte) error {
	if int(prog) >= len(tx.Accounts) {
		return fmt.Errorf("chain: instruction %s: program index %d of %d accounts: %w", p, prog, len(tx.Accounts), ErrMalformed)
	}
	for _, a := range accts {
		if int(a) >= len(tx.Accounts) {
			return fmt.Errorf("chain: instruction %s: account index %d of %d accounts: %w", p, a, len(tx.Accounts), ErrMalformed)
		}
	}
	tx.Instructions = append(tx.Instructions, Instruction{Path: p, Depth: depth, Parent: parent,
		ProgramID: tx.Accounts[prog], Accounts: accts, Data: data})
	return nil
}

// linkParents sets each inner instruction's parent to the nearest earlier instruction one level
// up within its top-level group.
func (tx *Tx) linkParents() {
	ixs := tx.Instructions
	var stack [16]int // index of the open instruction at each depth (1-based)
	for i := range ixs {
		d := ixs[i].Depth
		if d == 1 {
			ixs[i].Parent = -1
		} else if d-1 < len(stack) && d-1 >= 1 {
			ixs[i].Parent = stack[d-1]
		}
		if d < len(stack) {
			stack[d] = i
		}
	}
}

func fillTokens(dst []TokenBalance, src []*pb.TokenBalance) []TokenBalance {
	for _, b := range src {
		amt := b.GetUiTokenAmount()
		v, _ := strconv.ParseUint(amt.GetAmount(), 10, 64)
		dst = append(dst, TokenBalance{AccountIndex: int(b.AccountIndex), Mint: b.Mint, Owner: b.Owner,
			Amount: v, Decimals: uint8(amt.GetDecimals())})
	}
	return dst
}

// Account returns the key of instruction i's n-th account, and false if it has fewer.
func (tx *Tx) Account(i, n int) (solana.PublicKey, bool) {
	a := tx.Instructions[i].Accounts
	if n < 0 || n >= len(a) {
		return solana.PublicKey{}, false
	}
	return tx.Accounts[a[n]], true
}

// AccountIndex returns the index in tx.Accounts of instruction i's n-th account, or -1.
func (tx *Tx) AccountIndex(i, n int) int {
	a := tx.Instructions[i].Accounts
	if n < 0 || n >= len(a) {
		return -1
	}
	return int(a[n])
}

// InstructionAt returns the index in tx.Instructions of the instruction at path p, or -1.
func (tx *Tx) InstructionAt(p events.Path) int {
	for i := range tx.Instructions {
		if tx.Instructions[i].Path == p {
			return i
		}
	}
	return -1
}

// IndexOf returns the index of key k in tx.Accounts, or -1.
func (tx *Tx) IndexOf(k solana.PublicKey) int {
	for i := range tx.Accounts {
		if tx.Accounts[i] == k {
			return i
		}
	}
	return -1
}

// Children calls fn with the index of every instruction that instruction i invoked directly, in
// order; fn returns false to stop.
func (tx *Tx) Children(i int, fn func(j int) bool) {
	d := tx.Instructions[i].Depth
	for j := i + 1; j < len(tx.Instructions) && tx.Instructions[j].Depth > d; j++ {
		if tx.Instructions[j].Parent == i && !fn(j) {
			return
		}
	}
}

// OwnLogs calls fn with each log line written in instruction i's own frame (not in the frames
// of the instructions it invoked), in order; fn returns false to stop. With truncated logs the
// lines after the cut are missing.
func (tx *Tx) OwnLogs(i int, fn func(line string) bool) {
	if !tx.logsMapped {
		tx.mapLogs(false)
	}
	for k, owner := range tx.logOwner {
		if owner == i && !fn(tx.Logs[k]) {
			return
		}
	}
}

// mapLogs attributes every log line to the instruction whose frame wrote it, matching the
// "Program <id> invoke [<depth>]" lines to the instructions in execution order. With setDepth,
// it also takes each instruction's depth from its invoke line (for transactions without stack
// heights).
func (tx *Tx) mapLogs(setDepth bool) {
	tx.logsMapped = true
	tx.logOwner = tx.logOwner[:0]
	var stack [16]int
	top := 0 // number of open frames
	next := 0
	for _, line := range tx.Logs {
		owner := -1
		if top > 0 {
			owner = stack[top-1]
		}
		switch {
		case strings.HasPrefix(line, "Program ") && strings.Contains(line, " invoke ["):
			id, depth := parseInvoke(line)
			// The next instruction with this program id; instructions without an invoke line
			// (precompiles on some validator versions) are skipped.
			j := next
			for j < len(tx.Instructions) && tx.programText(tx.Instructions[j].ProgramID) != id {
				j++
			}
			if j == len(tx.Instructions) {
				// An invocation the update does not list (inner instructions missing). A
				// program invoking itself is an emit_cpi! event: its lines belong to the
				// caller; any other frame's lines belong to no known instruction.
				j = -1
				if owner >= 0 && tx.programText(tx.Instructions[owner].ProgramID) == id {
					j = owner
				}
			} else {
				next = j + 1
				if setDepth && depth > 0 {
					tx.Instructions[j].Depth = depth
				}
			}
			if depth > 0 && depth <= len(stack) {
				top = depth
				stack[top-1] = j
			}
			owner = j
		case strings.HasPrefix(line, "Program ") && (strings.HasSuffix(line, " success") || strings.Contains(line, " failed: ")):
			if top > 0 {
				top--
			}
		case line == "Log truncated":
			tx.LogsComplete = false
		}
		tx.logOwner = append(tx.logOwner, owner)
	}
}

// parseInvoke reads "Program <id> invoke [<depth>]".
func parseInvoke(line string) (id string, depth int) {
	rest := line[len("Program "):]
	sp := strings.IndexByte(rest, ' ')
	if sp < 0 {
		return "", 0
	}
	id = rest[:sp]
	if lb := strings.LastIndexByte(rest, '['); lb >= 0 && strings.HasSuffix(rest, "]") {
		depth, _ = strconv.Atoi(rest[lb+1 : len(rest)-1])
	}
	return id, depth
}

// programText returns the base58 form of a program id, from a cache kept across Fill calls
// (programs are few; the cache is emptied when it passes 512 entries).
func (tx *Tx) programText(k solana.PublicKey) string {
	if s, ok := tx.programNames[k]; ok {
		return s
	}
	if tx.programNames == nil || len(tx.programNames) >= 512 {
		tx.programNames = make(map[solana.PublicKey]string, 32)
	}
	var buf [64]byte
	s := string(appendBase58(buf[:0], k[:]))
	tx.programNames[k] = s
	return s
}

// Scratch returns a buffer of at least n bytes owned by tx, valid until the next call; decoders
// use it to decode base64 log payloads without allocating.
func (tx *Tx) Scratch(n int) []byte {
	if cap(tx.scratch) < n {
		tx.scratch = make([]byte, n, n+n/2)
	}
	return tx.scratch[:n]
}

// LamportDelta returns post − pre lamports of account index k, or 0 if balances are missing.
func (tx *Tx) LamportDelta(k int) int64 {
	if k < 0 || k >= len(tx.PreBalances) || k >= len(tx.PostBalances) {
		return 0
	}
	return int64(tx.PostBalances[k]) - int64(tx.PreBalances[k])
}

// TokenChange is one token account's balances in a transaction.
type TokenChange struct {
	Pre, Post uint64
	Mint      string
	Owner     string
	Decimals  uint8
	OK        bool // the pre or the post token balances list the account
}

// Token returns the token balances of account index k. An account absent before (created) or
// after (closed) counts 0 there; OK is false when neither list has it (or k < 0).
func (tx *Tx) Token(k int) TokenChange {
	var c TokenChange
	if k < 0 {
		return c
	}
	for i := range tx.PreTokens {
		if t := &tx.PreTokens[i]; t.AccountIndex == k {
			c.Pre, c.Mint, c.Owner, c.Decimals, c.OK = t.Amount, t.Mint, t.Owner, t.Decimals, true
		}
	}
	for i := range tx.PostTokens {
		if t := &tx.PostTokens[i]; t.AccountIndex == k {
			c.Post, c.Mint, c.Owner, c.Decimals, c.OK = t.Amount, t.Mint, t.Owner, t.Decimals, true
		}
	}
	return c
}

// TokenAmounts returns the pre and post token amounts of account index k and its mint; ok is
// false when neither list has it. It is Token without the decimals and owner.
func (tx *Tx) TokenAmounts(k int) (pre, post uint64, mint string, ok bool) {
	c := tx.Token(k)
	return c.Pre, c.Post, c.Mint, c.OK
}

// Account is one account update.
type Account struct {
	Slot         uint64
	Pubkey       solana.PublicKey
	Owner        solana.PublicKey
	Lamports     uint64
	Data         []byte // aliases the update
	WriteVersion uint64
	TxnSignature solana.Signature // the transaction that wrote it, zero when unknown
}

// Fill resets a to the account in u. It returns an error wrapping ErrMalformed when u has no
// account or its keys are not 32 bytes.
func (a *Account) Fill(u *pb.SubscribeUpdateAccount) error {
	info := u.GetAccount()
	if info == nil || len(info.Pubkey) != 32 || len(info.Owner) != 32 {
		return fmt.Errorf("chain: account update without account, pubkey or owner: %w", ErrMalformed)
	}
	*a = Account{Slot: u.Slot, Pubkey: solana.PublicKey(info.Pubkey), Owner: solana.PublicKey(info.Owner),
		Lamports: info.Lamports, Data: info.Data, WriteVersion: info.WriteVersion}
	if len(info.TxnSignature) == 64 {
		copy(a.TxnSignature[:], info.TxnSignature)
	}
	return nil
}
