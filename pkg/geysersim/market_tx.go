package geysersim

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/gagliardetto/solana-go"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"

	"github.com/geyserjet/geyserjet/pkg/anchor"
	"github.com/geyserjet/geyserjet/pkg/events"
)

// This file builds transactions the way a validator reports them: a message compiledMsg from
// instructions (legacy, or v0 with the market's address lookup table), signed with ed25519, and a
// meta with fee, balances, token balances, inner instructions with stack heights and the log lines
// each program frame writes.

// acctMeta is one account of an instruction.
type acctMeta struct {
	key      solana.PublicKey
	signer   bool
	writable bool
}

func acW(k solana.PublicKey) acctMeta  { return acctMeta{key: k, writable: true} }
func acR(k solana.PublicKey) acctMeta  { return acctMeta{key: k} }
func acWS(k solana.PublicKey) acctMeta { return acctMeta{key: k, writable: true, signer: true} }

// ixStep is one thing an instruction does in order: write a log line or invoke a child.
type ixStep struct {
	log   string
	child *ixNode
}

// ixNode is one instruction, top-level or inner, with what it logs and invokes.
type ixNode struct {
	program  solana.PublicKey
	accounts []acctMeta
	data     []byte
	steps    []ixStep
	cu       uint64 // compute units of its own frame
	quiet    bool   // writes no "consumed" line (system and compute-budget programs)
	evs      []events.Event
	fail     string // a failed instruction: its error line after "failed: "

	path events.Path // set when the transaction is compiledMsg
}

func (n *ixNode) logf(format string, args ...any) *ixNode {
	n.steps = append(n.steps, ixStep{log: fmt.Sprintf(format, args...)})
	return n
}

func (n *ixNode) log(line string) *ixNode {
	n.steps = append(n.steps, ixStep{log: line})
	return n
}

func (n *ixNode) call(c *ixNode) *ixNode {
	n.steps = append(n.steps, ixStep{child: c})
	return n
}

// emit adds an Anchor event both ways the programs write it: a "Program data:" line and an
// emit_cpi! self-CPI to the event authority. body is the event discriminator and Borsh body.
func (n *ixNode) emit(eventAuthority solana.PublicKey, body []byte, logToo bool) *ixNode {
	if logToo {
		n.log("Program data: " + base64.StdEncoding.EncodeToString(body))
	}
	data := make([]byte, 0, 8+len(body))
	data = append(data, anchor.EventTag[:]...)
	data = append(data, body...)
	return n.call(&ixNode{program: n.program, accounts: []acctMeta{acR(eventAuthority)}, data: data, cu: 2000})
}

// expect records an event the decoders must produce for this instruction.
func (n *ixNode) expect(b events.Body) *ixNode {
	n.evs = append(n.evs, events.Event{Body: b})
	return n
}

// txb collects one transaction's instructions and effects before it is compiledMsg.
type txb struct {
	m       *Market
	payer   *signerKey
	signers []*signerKey
	top     []*ixNode
	alt     bool // compile as v0 with the market's lookup table
	failed  bool
	cuLimit uint32
	cuPrice uint64

	lamports []balanceChange
	tokens   []tokenChange
	accounts []acctWrite // account updates to send after the transaction
}

type balanceChange struct {
	key   solana.PublicKey
	delta int64
}

type tokenChange struct {
	key   solana.PublicKey
	delta int64
}

// acctWrite is an account update following a transaction: its data and the state decoded.
type acctWrite struct {
	key, owner solana.PublicKey
	lamports   uint64
	data       []byte
	body       events.Body // nil for accounts no decoder publishes
}

func (m *Market) newTx(payer *signerKey) *txb {
	b := &txb{m: m, payer: payer, signers: []*signerKey{payer}}
	b.alt = m.rng.Float64() < m.cfg.LookupTableShare
	b.cuLimit = uint32(80_000 + m.rng.IntN(8)*20_000)
	b.cuPrice = uint64(1_000 + m.rng.IntN(200_000))
	return b
}

func (b *txb) sign(w *signerKey) { b.signers = append(b.signers, w) }

func (b *txb) add(n *ixNode) *ixNode {
	b.top = append(b.top, n)
	return n
}

// lamport and token changes are applied to the market when the transaction succeeds.
func (b *txb) sol(k solana.PublicKey, delta int64) {
	b.lamports = append(b.lamports, balanceChange{k, delta})
}

func (b *txb) tok(k solana.PublicKey, delta int64) {
	b.tokens = append(b.tokens, tokenChange{k, delta})
}

func (b *txb) write(a acctWrite) { b.accounts = append(b.accounts, a) }

// compiledMsg is a compiledMsg message: static keys, then loaded writable, then loaded readonly.
type compiledMsg struct {
	header         solana.MessageHeader
	static         []solana.PublicKey
	loadedW        []solana.PublicKey
	loadedR        []solana.PublicKey
	lookupW        []uint8
	lookupR        []uint8
	index          map[solana.PublicKey]int
	numStaticWrite int
}

func (c *compiledMsg) all() []solana.PublicKey {
	out := make([]solana.PublicKey, 0, len(c.static)+len(c.loadedW)+len(c.loadedR))
	out = append(out, c.static...)
	out = append(out, c.loadedW...)
	return append(out, c.loadedR...)
}

func (c *compiledMsg) writable(i int) bool {
	if i < len(c.static) {
		h := c.header
		nsig := int(h.NumRequiredSignatures)
		if i < nsig {
			return i < nsig-int(h.NumReadonlySignedAccounts)
		}
		return i < len(c.static)-int(h.NumReadonlyUnsignedAccounts)
	}
	return i < len(c.static)+len(c.loadedW)
}

// compile orders the accounts as the runtime requires: writable signers, readonly signers,
// writable and then readonly non-signers, each in order of first use; with a lookup table, the
// non-signer accounts it holds that no top-level instruction invokes are loaded from it instead.
func (b *txb) compile() *compiledMsg {
	type acc struct {
		key              solana.PublicKey
		signer, writable bool
		invoked          bool
	}
	var list []acc
	pos := map[solana.PublicKey]int{}
	see := func(k solana.PublicKey, signer, writable, invoked bool) {
		if i, ok := pos[k]; ok {
			list[i].signer = list[i].signer || signer
			list[i].writable = list[i].writable || writable
			list[i].invoked = list[i].invoked || invoked
			return
		}
		pos[k] = len(list)
		list = append(list, acc{k, signer, writable, invoked})
	}
	see(b.payer.key, true, true, false)
	for _, s := range b.signers[1:] {
		see(s.key, true, true, false)
	}
	for _, n := range b.top {
		see(n.program, false, false, true)
		for _, a := range n.accounts {
			see(a.key, a.signer, a.writable, false)
		}
	}
	c := &compiledMsg{index: map[solana.PublicKey]int{}}
	var sw, sr, uw, ur []solana.PublicKey
	var lw, lr []acc
	for _, a := range list {
		switch {
		case a.signer && a.writable:
			sw = append(sw, a.key)
		case a.signer:
			sr = append(sr, a.key)
		case b.alt && !a.invoked && b.m.altIndex[a.key] > 0:
			if a.writable {
				lw = append(lw, a)
			} else {
				lr = append(lr, a)
			}
		case a.writable:
			uw = append(uw, a.key)
		default:
			ur = append(ur, a.key)
		}
	}
	c.static = slices.Concat(sw, sr, uw, ur)
	c.header = solana.MessageHeader{
		NumRequiredSignatures:       uint8(len(sw) + len(sr)),
		NumReadonlySignedAccounts:   uint8(len(sr)),
		NumReadonlyUnsignedAccounts: uint8(len(ur)),
	}
	for _, a := range lw {
		c.loadedW = append(c.loadedW, a.key)
		c.lookupW = append(c.lookupW, uint8(b.m.altIndex[a.key]-1))
	}
	for _, a := range lr {
		c.loadedR = append(c.loadedR, a.key)
		c.lookupR = append(c.lookupR, uint8(b.m.altIndex[a.key]-1))
	}
	for i, k := range c.all() {
		c.index[k] = i
	}
	return c
}

func (c *compiledMsg) indices(ms []acctMeta) []byte {
	out := make([]byte, len(ms))
	for i, a := range ms {
		j, ok := c.index[a.key]
		if !ok {
			panic("geysersim: market: account " + a.key.String() + " not in transaction") // a generator bug
		}
		out[i] = byte(j)
	}
	return out
}

// builtTx is a finished transaction with its update and expected events.
type builtTx struct {
	sig    solana.Signature
	update *pb.SubscribeUpdateTransaction
	events []events.Event
}

// finish compiles, signs and reports b in slot; it applies b's effects to the market unless the
// transaction failed.
func (b *txb) finish(slot uint64, index uint64) builtTx {
	m := b.m
	// Compute budget first, as wallets and bots send it.
	budget := []*ixNode{
		{program: computeBudgetID, data: binary.LittleEndian.AppendUint32([]byte{2}, b.cuLimit), quiet: true},
		{program: computeBudgetID, data: binary.LittleEndian.AppendUint64([]byte{3}, b.cuPrice), quiet: true},
	}
	b.top = append(budget, b.top...)
	c := b.compile()

	msg := solana.Message{
		AccountKeys:     c.static,
		Header:          c.header,
		RecentBlockhash: m.blockhash(slot - 1 - uint64(m.rng.IntN(8))),
	}
	if b.alt {
		msg.SetVersion(solana.MessageVersionV0)
		msg.AddressTableLookups = solana.MessageAddressTableLookupSlice{{
			AccountKey: m.alt, WritableIndexes: c.lookupW, ReadonlyIndexes: c.lookupR,
		}}
	} else {
		msg.SetVersion(solana.MessageVersionLegacy)
	}
	pbMsg := &pb.Message{
		Header: &pb.MessageHeader{
			NumRequiredSignatures:       uint32(c.header.NumRequiredSignatures),
			NumReadonlySignedAccounts:   uint32(c.header.NumReadonlySignedAccounts),
			NumReadonlyUnsignedAccounts: uint32(c.header.NumReadonlyUnsignedAccounts),
		},
		RecentBlockhash: msg.RecentBlockhash[:],
		Versioned:       b.alt,
	}
	for _, k := range c.static {
		pbMsg.AccountKeys = append(pbMsg.AccountKeys, k[:])
	}
	if b.alt {
		pbMsg.AddressTableLookups = []*pb.MessageAddressTableLookup{{
			AccountKey: m.alt[:], WritableIndexes: c.lookupW, ReadonlyIndexes: c.lookupR,
		}}
	}

	// Logs and inner instructions.
	var logs []string
	var inner []*pb.InnerInstructions
	var flat []*ixNode
	remaining := uint64(b.cuLimit)
	consumedTotal := uint64(0)
	failedAt := -1
	for i, n := range b.top {
		ci := &pb.CompiledInstruction{ProgramIdIndex: uint32(c.index[n.program]), Accounts: c.indices(n.accounts), Data: n.data}
		pbMsg.Instructions = append(pbMsg.Instructions, ci)
		msg.Instructions = append(msg.Instructions, solana.CompiledInstruction{
			ProgramIDIndex: uint16(ci.ProgramIdIndex), Accounts: toU16s(ci.Accounts), Data: ci.Data})
		if failedAt >= 0 {
			continue // not executed
		}
		n.path = events.Top(i)
		flat = append(flat, n)
		var group []*pb.InnerInstruction
		used := b.run(n, 1, remaining, c, &logs, &group, &flat, i)
		if len(group) > 0 {
			inner = append(inner, &pb.InnerInstructions{Index: uint32(i), Instructions: group})
		}
		remaining -= min(used, remaining)
		consumedTotal += used
		if n.fail != "" {
			failedAt = i
		}
	}

	// Signatures over the message.
	raw, err := msg.MarshalBinary()
	if err != nil {
		panic("geysersim: market: marshal message: " + err.Error())
	}
	sigs := make([][]byte, len(b.signers))
	order := make([]*signerKey, c.header.NumRequiredSignatures)
	for _, s := range b.signers {
		order[c.index[s.key]] = s
	}
	for i, s := range order {
		sigs[i] = ed25519.Sign(s.priv, raw)
	}
	var sig solana.Signature
	copy(sig[:], sigs[0])

	// Fee and balances.
	fee := 5000*uint64(len(sigs)) + (uint64(b.cuLimit)*b.cuPrice+999_999)/1_000_000
	keys := c.all()
	pre := make([]uint64, len(keys))
	for i, k := range keys {
		pre[i] = m.lamportsOf(k)
	}
	preTok := m.tokenBalances(keys, b.tokens)
	m.addLamports(b.payer.key, -int64(fee))
	m.feesCollected += fee
	if failedAt < 0 {
		for _, d := range b.lamports {
			m.addLamports(d.key, d.delta)
		}
		for _, d := range b.tokens {
			m.addTokens(d.key, d.delta)
		}
	}
	post := make([]uint64, len(keys))
	for i, k := range keys {
		post[i] = m.lamportsOf(k)
	}
	postTok := m.tokenBalances(keys, b.tokens)

	metaPB := &pb.TransactionStatusMeta{
		Fee: fee, PreBalances: pre, PostBalances: post,
		InnerInstructions: inner, LogMessages: logs,
		PreTokenBalances: preTok, PostTokenBalances: postTok,
		ComputeUnitsConsumed: &consumedTotal,
	}
	if failedAt >= 0 {
		metaPB.Err = &pb.TransactionError{Err: instructionError(uint8(failedAt), 6002)}
		metaPB.InnerInstructions = nil
	}
	for _, k := range c.loadedW {
		metaPB.LoadedWritableAddresses = append(metaPB.LoadedWritableAddresses, k[:])
	}
	for _, k := range c.loadedR {
		metaPB.LoadedReadonlyAddresses = append(metaPB.LoadedReadonlyAddresses, k[:])
	}
	u := &pb.SubscribeUpdateTransaction{
		Slot: slot,
		Transaction: &pb.SubscribeUpdateTransactionInfo{
			Signature:   sigs[0],
			Transaction: &pb.Transaction{Signatures: sigs, Message: pbMsg},
			Meta:        metaPB,
			Index:       index,
		},
	}

	// Expected events, in the order the decoder walks instructions.
	var evs []events.Event
	if failedAt < 0 {
		for _, n := range flat {
			start := len(evs)
			for _, e := range n.evs {
				e.Slot, e.Signature, e.Path = slot, sig, n.path
				for k := start; k < len(evs); k++ {
					if evs[k].Body.Kind() == e.Body.Kind() {
						e.Seq++
					}
				}
				evs = append(evs, e)
			}
		}
	}
	return builtTx{sig: sig, update: u, events: evs}
}

func toU16s(b []byte) []uint16 {
	out := make([]uint16, len(b))
	for i, v := range b {
		out[i] = uint16(v)
	}
	return out
}

// run writes n's frame at depth d with remaining compute units and returns the units it used.
func (b *txb) run(n *ixNode, d int, remaining uint64, c *compiledMsg, logs *[]string, group *[]*pb.InnerInstruction, flat *[]*ixNode, outer int) uint64 {
	id := n.program.String()
	*logs = append(*logs, "Program "+id+" invoke ["+strconv.Itoa(d)+"]")
	used := n.cu
	for _, s := range n.steps {
		if s.child == nil {
			*logs = append(*logs, s.log)
			continue
		}
		ch := s.child
		h := uint32(d + 1)
		ch.path = events.Path{Outer: outer, Inner: len(*group)}
		*group = append(*group, &pb.InnerInstruction{
			ProgramIdIndex: uint32(c.index[ch.program]), Accounts: c.indices(ch.accounts), Data: ch.data, StackHeight: &h})
		*flat = append(*flat, ch)
		left := uint64(0)
		if remaining > used {
			left = remaining - used
		}
		used += b.run(ch, d+1, left, c, logs, group, flat, outer)
		if ch.fail != "" {
			n.fail = ch.fail // a failed invocation fails its caller
			break
		}
	}
	if n.fail != "" {
		*logs = append(*logs, fmt.Sprintf("Program %s consumed %d of %d compute units", id, used, remaining),
			"Program "+id+" failed: "+n.fail)
		return used
	}
	if !n.quiet {
		*logs = append(*logs, fmt.Sprintf("Program %s consumed %d of %d compute units", id, used, remaining))
	}
	*logs = append(*logs, "Program "+id+" success")
	return used
}

// instructionError is the bincode of TransactionError::InstructionError(index, Custom(code)).
func instructionError(index uint8, code uint32) []byte {
	b := binary.LittleEndian.AppendUint32(nil, 8) // InstructionError
	b = append(b, index)
	b = binary.LittleEndian.AppendUint32(b, 25) // InstructionError::Custom
	return binary.LittleEndian.AppendUint32(b, code)
}

// tokenBalances lists the token accounts among keys that changes touch, as the runtime reports
// them: index, mint, owner, amount with its UI forms, token program. Accounts that do not exist
// (yet, or any more) are left out.
func (m *Market) tokenBalances(keys []solana.PublicKey, changes []tokenChange) []*pb.TokenBalance {
	var out []*pb.TokenBalance
	for i, k := range keys {
		touched := false
		for _, d := range changes {
			if d.key == k {
				touched = true
				break
			}
		}
		if !touched {
			continue
		}
		t, ok := m.tokens[k]
		if !ok || !t.exists {
			continue
		}
		out = append(out, &pb.TokenBalance{
			AccountIndex:  uint32(i),
			Mint:          t.mint.String(),
			Owner:         t.owner.String(),
			ProgramId:     t.program.String(),
			UiTokenAmount: uiAmount(t.amount, t.decimals),
		})
	}
	return out
}

func uiAmount(amount uint64, decimals uint8) *pb.UiTokenAmount {
	ui := float64(amount) / math.Pow10(int(decimals))
	return &pb.UiTokenAmount{
		UiAmount:       ui,
		Decimals:       uint32(decimals),
		Amount:         strconv.FormatUint(amount, 10),
		UiAmountString: strconv.FormatFloat(ui, 'f', -1, 64),
	}
}
