package geysersim

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/gagliardetto/solana-go"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"

	"github.com/geyserjet/geyserjet/pkg/events"
)

// MarketConfig configures a Market. A zero field means its documented default.
type MarketConfig struct {
	Seed      uint64    // the same seed gives byte-identical updates; 0 is a seed like any other
	StartSlot uint64    // first slot; default 380_000_000
	StartTime time.Time // block time of the first slot; default 2026-03-01T00:00:00Z
	// Rate scales every activity of the default mix (about 15 pump.fun bonding-curve trades per
	// second of simulated time, see MarketRates); default 1.
	Rate float64
	// Shares of transactions: failed (meta.err set, logs ending in "failed"), reached through a
	// router program, and compiled as v0 with the market's address lookup table. Defaults 0.02,
	// 0.15 and 0.3; a negative value means 0.
	FailedShare, RouterShare, LookupTableShare float64
	// Record keeps a Ledger of everything generated (see Market.Ledger). It grows without bound:
	// leave it off for long runs.
	Record bool
}

func (c MarketConfig) withDefaults() MarketConfig {
	if c.StartSlot == 0 {
		c.StartSlot = 380_000_000
	}
	if c.StartTime.IsZero() {
		c.StartTime = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	}
	if c.Rate <= 0 {
		c.Rate = 1
	}
	def := func(v *float64, d float64) {
		switch {
		case *v == 0:
			*v = d
		case *v < 0:
			*v = 0
		}
	}
	def(&c.FailedShare, 0.02)
	def(&c.RouterShare, 0.15)
	def(&c.LookupTableShare, 0.3)
	return c
}

// MarketRates is the default mix, in transactions per second of simulated time at Rate 1: a
// quiet mainnet hour. pump.fun dominates (bonding-curve trades and launches), PumpSwap carries
// the graduated coins, LaunchLab is a smaller launchpad, and the Raydium AMMs see steady swaps on
// a few established pools. Completions and migrations are not drawn: they happen when buys sell
// a curve out (the market starts with curves at every stage, a few close to the end), and the
// migration follows 1 to 5 slots later.
var MarketRates = struct {
	PumpfunTrade, PumpfunCreate                      float64
	PumpSwapTrade, PumpSwapDeposit, PumpSwapWithdraw float64
	LaunchLabTrade, LaunchLabCreate                  float64
	RaydiumAMMSwap, RaydiumCPMMSwap                  float64
}{
	PumpfunTrade: 15, PumpfunCreate: 0.4,
	PumpSwapTrade: 5, PumpSwapDeposit: 0.1, PumpSwapWithdraw: 0.1,
	LaunchLabTrade: 2, LaunchLabCreate: 0.05,
	RaydiumAMMSwap: 2, RaydiumCPMMSwap: 1.5,
}

// SlotDuration is the simulated time of one slot.
const SlotDuration = 400 * time.Millisecond

// A Ledger lists what a Market generated, in the order of its updates: the truth the decoders'
// output is checked against. Events holds every event pkg/decoder must produce from the
// successful transactions, account updates and slot updates, with the envelope fields the
// decoder derives from chain data (Slot, Signature, Path, Seq for transaction events; Account,
// WriteVersion for account events) and the full body, derived values included (computed with the
// decoders' own exported functions); BlockTime, Monitors, Ingestor and ReceivedAt are zero. An
// event's key is its MsgID: signature:path:kind[:seq] or address:slot:write_version (slot events
// have no unique key; match them by order). Transactions lists every transaction, failed ones
// too, which yield no events.
type Ledger struct {
	Events       []events.Event
	Transactions []LedgerTx
}

// LedgerTx is one generated transaction.
type LedgerTx struct {
	Signature solana.Signature
	Slot      uint64
	Failed    bool
	What      string // e.g. "pumpfun buy", "pumpswap sell via router"
}

// Market generates a deterministic market of the five programs as Yellowstone updates. It
// implements Source: Next returns updates in slot order, forever. A Market is not safe for
// concurrent use; one goroutine calls Next.
type Market struct {
	cfg    MarketConfig
	rng    *rand.Rand
	queue  []Item
	qi     int
	slot   uint64 // the next slot to generate
	nslots uint64
	wv     uint64 // global write_version
	txIdx  uint64

	ledger Ledger

	lamports      map[solana.PublicKey]uint64
	tokens        map[solana.PublicKey]*tokenAcct
	feesCollected uint64
	alt           solana.PublicKey
	altIndex      map[solana.PublicKey]int // index+1 in the lookup table
	router        solana.PublicKey
	pda           map[string]pdaResult

	users   []*signerKey
	curves  []*pumpCurve
	pools   []*pumpPool
	llPools []*llPool
	amms    []*ammPool
	cpmms   []*cpmmPool
	pending []pendingAction
	names   int

	volume                                   map[solana.PublicKey]uint64 // lamports traded per wallet
	pumpFeeRecipients, pumpSwapFeeRecipients []solana.PublicKey
	mayhemSolVault, mayhemParams, ammOwner   solana.PublicKey
	migrator, llMigrator                     *signerKey
}

// signerKey is a keypair the market signs with.
type signerKey struct {
	key  solana.PublicKey
	priv ed25519.PrivateKey
}

type tokenAcct struct {
	mint, owner, program solana.PublicKey
	amount               uint64
	decimals             uint8
	exists               bool
}

type pdaResult struct {
	key  solana.PublicKey
	bump uint8
}

// pendingAction runs at the start of a later slot (migrations after completion).
type pendingAction struct {
	slot uint64
	run  func(s *slotGen)
}

// NewMarket returns a Market. Building its starting state (wallets, curves and pools already
// trading) takes some milliseconds.
func NewMarket(cfg MarketConfig) *Market {
	cfg = cfg.withDefaults()
	m := &Market{
		cfg:      cfg,
		rng:      rand.New(rand.NewPCG(cfg.Seed, 0x9e3779b97f4a7c15)),
		slot:     cfg.StartSlot,
		wv:       1_300_000_000_000 + cfg.Seed%1_000_000*1_000,
		lamports: map[solana.PublicKey]uint64{},
		tokens:   map[solana.PublicKey]*tokenAcct{},
		altIndex: map[solana.PublicKey]int{},
		pda:      map[string]pdaResult{},
		volume:   map[solana.PublicKey]uint64{},
	}
	m.setup()
	return m
}

// Next returns the next update. It never returns io.EOF; it returns ctx.Err() when ctx is done.
func (m *Market) Next(ctx context.Context) (Item, error) {
	if err := ctx.Err(); err != nil {
		return Item{}, err
	}
	for m.qi == len(m.queue) {
		m.queue, m.qi = m.queue[:0], 0
		m.genSlot()
	}
	it := m.queue[m.qi]
	m.queue[m.qi] = Item{}
	m.qi++
	return it, nil
}

// Ledger returns what the Market has generated so far (nil without MarketConfig.Record). The
// Market keeps appending to it; read it from the goroutine that calls Next.
func (m *Market) Ledger() *Ledger {
	if !m.cfg.Record {
		return nil
	}
	return &m.ledger
}

// Slot returns the last slot generated in full.
func (m *Market) Slot() uint64 { return m.slot - 1 }

// newKey returns a fresh keypair from the market's random stream.
func (m *Market) newKey() *signerKey {
	var seed [32]byte
	for i := 0; i < 4; i++ {
		binary.LittleEndian.PutUint64(seed[i*8:], m.rng.Uint64())
	}
	priv := ed25519.NewKeyFromSeed(seed[:])
	var k solana.PublicKey
	copy(k[:], priv[32:])
	return &signerKey{key: k, priv: priv}
}

// newAddress returns a fresh address nobody signs for (vaults, markets, accounts of pools the
// market did not create).
func (m *Market) newAddress() solana.PublicKey {
	var k solana.PublicKey
	for i := 0; i < 4; i++ {
		binary.LittleEndian.PutUint64(k[i*8:], m.rng.Uint64())
	}
	return k
}

// findPDA derives a program address, cached.
func (m *Market) findPDA(program solana.PublicKey, seeds ...[]byte) pdaResult {
	key := string(program[:])
	for _, s := range seeds {
		key += "|" + string(s)
	}
	if p, ok := m.pda[key]; ok {
		return p
	}
	k, bump, err := solana.FindProgramAddress(seeds, program)
	if err != nil {
		panic("geysersim: market: find program address: " + err.Error())
	}
	p := pdaResult{k, bump}
	m.pda[key] = p
	return p
}

// ata returns the associated token account of owner for mint under token program tp.
func (m *Market) ata(owner, mint, tp solana.PublicKey) solana.PublicKey {
	return m.findPDA(ataProgramID, owner[:], tp[:], mint[:]).key
}

func (m *Market) blockhash(slot uint64) solana.Hash {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:], m.cfg.Seed)
	binary.LittleEndian.PutUint64(b[8:], slot)
	return solana.Hash(sha256.Sum256(b[:]))
}

func (m *Market) blockTime(slot uint64) int64 {
	off := time.Duration(slot-m.cfg.StartSlot) * SlotDuration
	return m.cfg.StartTime.Add(off).Unix()
}

func (m *Market) lamportsOf(k solana.PublicKey) uint64 {
	if v, ok := m.lamports[k]; ok {
		return v
	}
	// Accounts the market never moved lamports of: programs and sysvars are executable
	// accounts with a small balance, everything else is rent-exempt for its size.
	v := uint64(1_141_440)
	if t, ok := m.tokens[k]; ok && t.exists {
		v = 2_039_280
	}
	m.lamports[k] = v
	return v
}

func (m *Market) addLamports(k solana.PublicKey, d int64) {
	v := int64(m.lamportsOf(k)) + d
	if v < 0 {
		v = 0
	}
	m.lamports[k] = uint64(v)
}

// tokenAccount registers a token account (not yet existing unless amount > 0 or exists).
func (m *Market) tokenAccount(k, mint, owner, program solana.PublicKey, decimals uint8, amount uint64, exists bool) *tokenAcct {
	if t, ok := m.tokens[k]; ok {
		return t
	}
	t := &tokenAcct{mint: mint, owner: owner, program: program, decimals: decimals, amount: amount, exists: exists || amount > 0}
	m.tokens[k] = t
	return t
}

func (m *Market) addTokens(k solana.PublicKey, d int64) {
	t, ok := m.tokens[k]
	if !ok {
		panic("geysersim: market: unknown token account " + k.String())
	}
	v := int64(t.amount) + d
	if v < 0 {
		panic(fmt.Sprintf("geysersim: market: token balance of %s (mint %s, owner %s) %d%+d", k, t.mint, t.owner, t.amount, d))
	}
	t.amount, t.exists = uint64(v), true
}

func (m *Market) balance(k solana.PublicKey) uint64 {
	if t, ok := m.tokens[k]; ok {
		return t.amount
	}
	return 0
}

// poisson draws a Poisson count with mean lambda.
func (m *Market) poisson(lambda float64) int {
	if lambda <= 0 {
		return 0
	}
	if lambda > 30 {
		n := int(math.Round(lambda + math.Sqrt(lambda)*m.rng.NormFloat64()))
		return max(n, 0)
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= m.rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// lognormal draws exp(N(mu, sigma)).
func (m *Market) lognormal(mu, sigma float64) float64 {
	return math.Exp(mu + sigma*m.rng.NormFloat64())
}

func (m *Market) user() *signerKey { return m.users[m.rng.IntN(len(m.users))] }

// slotGen collects one slot's updates.
type slotGen struct {
	m     *Market
	slot  uint64
	txs   []builtTx
	items []func(at time.Duration) // filled in order; each appends its updates
	acts  int
}

// activity is one kind of transaction the mix draws.
type activity struct {
	rate float64
	run  func(s *slotGen) bool // false when it could not happen now (nothing to sell, …)
}

func (m *Market) activities() []activity {
	r := MarketRates
	return []activity{
		{r.PumpfunTrade, (*slotGen).pumpfunTrade},
		{r.PumpfunCreate, (*slotGen).pumpfunCreate},
		{r.PumpSwapTrade, (*slotGen).pumpswapTrade},
		{r.PumpSwapDeposit, (*slotGen).pumpswapDeposit},
		{r.PumpSwapWithdraw, (*slotGen).pumpswapWithdraw},
		{r.LaunchLabTrade, (*slotGen).launchlabTrade},
		{r.LaunchLabCreate, (*slotGen).launchlabCreate},
		{r.RaydiumAMMSwap, (*slotGen).ammSwap},
		{r.RaydiumCPMMSwap, (*slotGen).cpmmSwap},
	}
}

// genSlot generates the next slot: its transactions, each followed by the account updates it
// caused, then the slot's processed status and its block meta.
func (m *Market) genSlot() {
	slot := m.slot
	m.slot++
	base := time.Duration(slot-m.cfg.StartSlot) * SlotDuration
	s := &slotGen{m: m, slot: slot}
	var pend []pendingAction
	for _, p := range m.pending {
		if p.slot <= slot {
			pend = append(pend, p)
		}
	}
	m.pending = filterPending(m.pending, slot)
	for _, p := range pend {
		p.run(s)
	}
	if m.nslots == 0 {
		s.startupAccounts()
	}
	acts := m.activities()
	total := 0.0
	for _, a := range acts {
		total += a.rate
	}
	n := m.poisson(total * m.cfg.Rate * SlotDuration.Seconds())
	for i := 0; i < n; i++ {
		x := m.rng.Float64() * total
		for _, a := range acts {
			if x < a.rate {
				a.run(s)
				break
			}
			x -= a.rate
		}
	}
	m.nslots++

	// Updates, spread over the slot.
	k := len(s.items)
	for i, f := range s.items {
		f(base + time.Duration(i+1)*SlotDuration/time.Duration(k+2))
	}
	end := base + SlotDuration - time.Millisecond
	parent := slot - 1
	m.push(end, &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Slot{Slot: &pb.SubscribeUpdateSlot{
		Slot: slot, Parent: &parent, Status: pb.CommitmentLevel_PROCESSED}}})
	m.record(events.Event{Slot: slot, Body: &events.ChainSlot{Parent: parent, Status: "processed"}})
	bh := m.blockhash(slot)
	pbh := m.blockhash(parent)
	m.push(end, &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_BlockMeta{BlockMeta: &pb.SubscribeUpdateBlockMeta{
		Slot: slot, Blockhash: bh.String(), BlockTime: &pb.UnixTimestamp{Timestamp: m.blockTime(slot)},
		BlockHeight: &pb.BlockHeight{BlockHeight: slot - 20_000_000}, ParentSlot: parent,
		ParentBlockhash: pbh.String(), ExecutedTransactionCount: uint64(len(s.txs)) + 900,
		EntriesCount: 64,
	}}})
}

func filterPending(ps []pendingAction, slot uint64) []pendingAction {
	out := ps[:0]
	for _, p := range ps {
		if p.slot > slot {
			out = append(out, p)
		}
	}
	return out
}

func (m *Market) push(at time.Duration, u *pb.SubscribeUpdate) {
	m.queue = append(m.queue, Item{Update: u, At: at})
}

func (m *Market) record(e events.Event) {
	if m.cfg.Record {
		m.ledger.Events = append(m.ledger.Events, e)
	}
}

// submit finishes b in the current slot and queues it with its account updates; what describes
// it in the ledger.
func (s *slotGen) submit(b *txb, what string) builtTx {
	m := s.m
	m.txIdx++
	t := b.finish(s.slot, m.txIdx%4000)
	s.txs = append(s.txs, t)
	var accts []acctWrite
	if !b.failed {
		accts = b.accounts
		for i := range accts {
			accts[i].lamports = m.lamportsOf(accts[i].key)
		}
	}
	slot := s.slot
	s.items = append(s.items, func(at time.Duration) {
		m.push(at, &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Transaction{Transaction: t.update}})
		if m.cfg.Record {
			m.ledger.Transactions = append(m.ledger.Transactions, LedgerTx{Signature: t.sig, Slot: slot, Failed: b.failed, What: what})
			m.ledger.Events = append(m.ledger.Events, t.events...)
		}
		for _, a := range accts {
			m.pushAccount(at, slot, a, t.sig[:])
		}
	})
	return t
}

// pushAccount queues an account update with the next write_version.
func (m *Market) pushAccount(at time.Duration, slot uint64, a acctWrite, sig []byte) {
	m.wv++
	info := &pb.SubscribeUpdateAccountInfo{Pubkey: a.key[:], Lamports: a.lamports, Owner: a.owner[:],
		RentEpoch: math.MaxUint64, Data: a.data, WriteVersion: m.wv}
	if sig != nil {
		info.TxnSignature = sig
	}
	m.push(at, &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Account{Account: &pb.SubscribeUpdateAccount{
		Account: info, Slot: slot, IsStartup: sig == nil}}})
	if a.body != nil {
		m.record(events.Event{Slot: slot, Account: a.key, WriteVersion: m.wv, Body: a.body})
	}
}

// startupAccounts sends the state of every account the market starts with, in its first slot.
func (s *slotGen) startupAccounts() {
	m := s.m
	var accts []acctWrite
	for _, c := range m.curves {
		accts = append(accts, m.curveAccount(c))
	}
	for _, p := range m.pools {
		accts = append(accts, m.pumpPoolAccount(p))
	}
	for _, p := range m.llPools {
		accts = append(accts, m.llPoolAccount(p))
	}
	for _, p := range m.amms {
		accts = append(accts, m.ammAccount(p))
	}
	for _, p := range m.cpmms {
		accts = append(accts, m.cpmmAccount(p))
	}
	slot := s.slot
	s.items = append(s.items, func(at time.Duration) {
		for _, a := range accts {
			m.pushAccount(at, slot, a, nil)
		}
	})
}
