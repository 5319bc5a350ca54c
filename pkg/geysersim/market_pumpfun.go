package geysersim

import (
	"fmt"
	"strings"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/anchor"
	"github.com/geyserjet/geyserjet/pkg/events"
	"github.com/geyserjet/geyserjet/pkg/programs/pumpfun"
)

// pump.fun (PROGRAMS.md §2): the Global defaults, today's fees, and the discriminators.
const (
	pumpInitialVTR      = 1_073_000_000_000_000
	pumpInitialVSR      = 30_000_000_000
	pumpInitialRTR      = 793_100_000_000_000
	pumpSupply          = 1_000_000_000_000_000
	pumpFeeBps          = 95
	pumpCreatorFeeBps   = 30
	pumpMigrationFee    = 15_000_001
	pumpCurveLen        = 151
	pumpCurveRent       = 1_941_840
	pumpMintRent        = 1_461_600
	tokenAccountRent    = 2_039_280
	metadataAccountRent = 15_115_600
	tokenDecimals       = 6
)

var (
	pumpIxCreate         = anchor.Discriminator("global", "create")
	pumpIxCreateV2       = anchor.Discriminator("global", "create_v2")
	pumpIxBuy            = anchor.Discriminator("global", "buy")
	pumpIxBuyExactSolIn  = anchor.Discriminator("global", "buy_exact_sol_in")
	pumpIxSell           = anchor.Discriminator("global", "sell")
	pumpIxMigrate        = anchor.Discriminator("global", "migrate")
	pumpEvTrade          = anchor.Discriminator("event", "TradeEvent")
	pumpEvCreate         = anchor.Discriminator("event", "CreateEvent")
	pumpEvComplete       = anchor.Discriminator("event", "CompleteEvent")
	pumpEvMigration      = anchor.Discriminator("event", "CompletePumpAmmMigrationEvent")
	pumpAcctBondingCurve = anchor.Discriminator("account", "BondingCurve")
)

// pumpCurve is one pump.fun coin on its bonding curve.
type pumpCurve struct {
	mint, curve, curveATA  solana.PublicKey
	tokenProgram           solana.PublicKey
	creator, creatorVault  solana.PublicKey
	v2                     bool
	vtr, vsr, rtr, rsr     uint64
	complete, migrated     bool
	creatorFees, protoFees uint64
	heat                   float64
	holders                []*signerKey
}

// addHolder and dropHolder keep the list of wallets holding a coin.
func addHolder(hs []*signerKey, u *signerKey) []*signerKey {
	for _, h := range hs {
		if h == u {
			return hs
		}
	}
	return append(hs, u)
}

func dropHolder(hs []*signerKey, u *signerKey) []*signerKey {
	for i, h := range hs {
		if h == u {
			return append(hs[:i], hs[i+1:]...)
		}
	}
	return hs
}

// newPumpCurve registers a coin's accounts; the caller sets its reserves.
func (m *Market) newPumpCurve(mint solana.PublicKey, creator solana.PublicKey, v2 bool) *pumpCurve {
	c := &pumpCurve{mint: mint, creator: creator, v2: v2, tokenProgram: tokenProgramID}
	if v2 {
		c.tokenProgram = token2022ID
	}
	c.curve = m.findPDA(pumpProgramID, []byte("bonding-curve"), mint[:]).key
	c.curveATA = m.ata(c.curve, mint, c.tokenProgram)
	c.creatorVault = m.findPDA(pumpProgramID, []byte("creator-vault"), creator[:]).key
	m.tokenAccount(c.curveATA, mint, c.curve, c.tokenProgram, tokenDecimals, 0, false)
	return c
}

// userATA returns u's token account for mint, registering it (not yet created).
func (m *Market) userATA(u solana.PublicKey, mint, tp solana.PublicKey, decimals uint8) solana.PublicKey {
	k := m.ata(u, mint, tp)
	if _, ok := m.tokens[k]; !ok {
		m.tokenAccount(k, mint, u, tp, decimals, 0, false)
		m.lamports[k] = 0
	}
	return k
}

// ensureATA adds a create_idempotent instruction when u's account for mint does not exist yet.
func (b *txb) ensureATA(u *signerKey, mint, tp solana.PublicKey, decimals uint8) solana.PublicKey {
	m := b.m
	k := m.userATA(u.key, mint, tp, decimals)
	if m.tokens[k].exists {
		return k
	}
	b.add(ataCreateNode(u.key, k, u.key, mint, tp))
	b.sol(u.key, -tokenAccountRent)
	b.sol(k, tokenAccountRent)
	return k
}

// ataCreateNode is the associated token program creating owner's account for mint.
func ataCreateNode(payer, account, owner, mint, tp solana.PublicKey) *ixNode {
	n := &ixNode{program: ataProgramID, data: []byte{1}, cu: 12_000,
		accounts: []acctMeta{acWS(payer), acW(account), acR(owner), acR(mint), acR(systemProgramID), acR(tp)}}
	n.log("Program log: CreateIdempotent")
	n.call(&ixNode{program: systemProgramID, quiet: true, accounts: []acctMeta{acWS(payer), acW(account)},
		data: systemCreateAccount(tokenAccountRent, 165, tp)})
	n.log("Program log: Initialize the associated token account")
	init := &ixNode{program: tp, cu: 3_000, accounts: []acctMeta{acW(account), acR(mint)}}
	b := borshBuf{}
	init.data = *b.u8(18).key(owner)
	init.log("Program log: Instruction: InitializeAccount3")
	return n.call(init)
}

// tokenXfer is a token transfer (transfer_checked under Token-2022).
func tokenXfer(tp, src, dst, mint, auth solana.PublicKey, amount uint64, decimals uint8) *ixNode {
	if tp == token2022ID {
		n := &ixNode{program: tp, cu: 6_200, data: tokenTransferChecked(amount, decimals),
			accounts: []acctMeta{acW(src), acR(mint), acW(dst), acR(auth)}}
		return n.log("Program log: Instruction: TransferChecked")
	}
	n := &ixNode{program: tp, cu: 4_645, data: tokenTransfer(amount), accounts: []acctMeta{acW(src), acW(dst), acR(auth)}}
	return n.log("Program log: Instruction: Transfer")
}

// sysXfer is a system transfer.
func sysXfer(from, to solana.PublicKey, lamports uint64) *ixNode {
	return &ixNode{program: systemProgramID, quiet: true, data: systemTransfer(lamports), accounts: []acctMeta{acWS(from), acW(to)}}
}

// route adds n to b, directly or, with the configured share, through the router program,
// which passes n's accounts on and invokes it at depth 2.
func (b *txb) route(n *ixNode) (routed bool) {
	m := b.m
	if m.rng.Float64() >= m.cfg.RouterShare {
		b.add(n)
		return false
	}
	accts := append([]acctMeta{acR(n.program)}, n.accounts...)
	rb := borshBuf{}
	rb.raw([]byte{0xe5, 0x17, 0xcb, 0x97, 0x7a, 0xe3, 0xad, 0x2a}).u8(1).u64(m.rng.Uint64() % 1_000_000)
	r := &ixNode{program: m.router, accounts: accts, data: rb, cu: 18_000}
	r.log("Program log: Instruction: Route")
	r.call(n)
	b.add(r)
	return true
}

// fail turns n into a failed instruction: no children, no events, an Anchor error.
func (n *ixNode) failWith(name string, code int, msg string) {
	var keep []ixStep
	for _, s := range n.steps {
		if s.child == nil && strings.HasPrefix(s.log, "Program log: Instruction:") {
			keep = append(keep, s)
		}
	}
	n.steps = append(keep, ixStep{log: fmt.Sprintf("Program log: AnchorError occurred. Error Code: %s. Error Number: %d. Error Message: %s.", name, code, msg)})
	n.evs = nil
	n.fail = fmt.Sprintf("custom program error: %#x", code)
}

// pickCurve returns a trading curve, weighted by popularity, or nil.
func (m *Market) pickCurve() *pumpCurve {
	total := 0.0
	for _, c := range m.curves {
		total += c.heat
	}
	if total == 0 {
		return nil
	}
	x := m.rng.Float64() * total
	for _, c := range m.curves {
		if x < c.heat {
			return c
		}
		x -= c.heat
	}
	return m.curves[len(m.curves)-1]
}

// solSize draws a trade size in lamports: log-normal around median SOL, within [lo, hi] SOL.
func (m *Market) solSize(median, sigma, lo, hi float64) uint64 {
	v := m.lognormal(0, sigma) * median
	v = min(max(v, lo), hi)
	return uint64(v * 1e9)
}

func (s *slotGen) pumpfunTrade() bool {
	m := s.m
	c := m.pickCurve()
	if c == nil {
		return false
	}
	if len(c.holders) == 0 || m.rng.Float64() < 0.6 {
		b := m.newTx(m.user())
		s.pumpBuy(b, c, b.payer, m.solSize(0.3, 1.3, 0.005, 25), true)
		s.submit(b, "pumpfun buy")
		return true
	}
	return s.pumpSell(c)
}

// pumpBuy adds a buy (or buy_exact_sol_in) of about spend lamports by u to b; mayFail lets it
// be one of the failed transactions.
func (s *slotGen) pumpBuy(b *txb, c *pumpCurve, u *signerKey, spend uint64, mayFail bool) {
	m := s.m
	ts := m.blockTime(s.slot)
	userATA := b.ensureATA(u, c.mint, c.tokenProgram, tokenDecimals)
	exact := m.rng.Float64() < 0.3
	var tokens, sol uint64
	if exact {
		net := mulDiv(spend, 10_000, 10_000+pumpFeeBps+pumpCreatorFeeBps)
		tokens = mulDiv(net, c.vtr, c.vsr+net)
		sol = net
		if tokens >= c.rtr {
			tokens = c.rtr
			sol = mulDiv(tokens, c.vsr, c.vtr-tokens) + 1
		}
	} else {
		tokens = mulDiv(spend, c.vtr, c.vsr+spend)
		if tokens >= c.rtr {
			tokens = c.rtr
		}
		sol = mulDiv(tokens, c.vsr, c.vtr-tokens) + 1
	}
	fee := mulDivCeil(sol, pumpFeeBps, 10_000)
	cfee := mulDivCeil(sol, pumpCreatorFeeBps, 10_000)
	total := sol + fee + cfee
	feeRecipient := m.pumpFeeRecipients[m.rng.IntN(len(m.pumpFeeRecipients))]
	uva := m.findPDA(pumpProgramID, []byte("user_volume_accumulator"), u.key[:]).key

	name, disc := "buy", pumpIxBuy
	args := borshBuf{}
	slip := 1 + 0.01*float64(1+m.rng.IntN(15))
	if exact {
		name, disc = "buy_exact_sol_in", pumpIxBuyExactSolIn
		args.u64(total).u64(uint64(float64(tokens) / slip))
	} else {
		args.u64(tokens).u64(uint64(float64(total) * slip))
	}
	args.u8(1) // track_volume: Some(true)
	n := &ixNode{program: pumpProgramID, data: append(disc[:], args...), cu: 40_000, accounts: []acctMeta{
		acR(pumpGlobal), acW(feeRecipient), acR(c.mint), acW(c.curve), acW(c.curveATA), acW(userATA),
		acWS(u.key), acR(systemProgramID), acR(c.tokenProgram), acW(c.creatorVault), acR(pumpEventAuthority),
		acR(pumpProgramID), acR(pumpGlobalVolume), acW(uva), acR(pumpFeeConfig), acR(pumpFeeProgramID)}}
	n.log("Program log: Instruction: Buy")
	if mayFail && m.rng.Float64() < m.cfg.FailedShare {
		n.failWith("TooMuchSolRequired", 6002, "slippage: Too much SOL required to buy the given amount of tokens")
		b.failed = true
		b.route(n)
		return
	}
	n.call(tokenXfer(c.tokenProgram, c.curveATA, userATA, c.mint, c.curve, tokens, tokenDecimals))
	n.call(sysXfer(u.key, c.curve, sol))
	n.call(sysXfer(u.key, feeRecipient, fee))
	n.call(sysXfer(u.key, c.creatorVault, cfee))
	b.sol(u.key, -int64(total))
	b.sol(c.curve, int64(sol))
	b.sol(feeRecipient, int64(fee))
	b.sol(c.creatorVault, int64(cfee))
	b.tok(c.curveATA, -int64(tokens))
	b.tok(userATA, int64(tokens))

	c.vsr += sol
	c.vtr -= tokens
	c.rsr += sol
	c.rtr -= tokens
	c.creatorFees += cfee
	c.protoFees += fee
	c.holders = addHolder(c.holders, u)
	m.volume[u.key] += sol

	t := &events.PumpfunTrade{Instruction: name, Source: events.SourceCPI, Mint: c.mint, SolAmount: sol,
		TokenAmount: tokens, IsBuy: true, User: u.key, Timestamp: ts}
	s.fillTrade(t, c, feeRecipient, fee, cfee, name)
	n.emit(pumpEventAuthority, encodePumpTrade(t), true)
	n.expect(t)
	if c.rtr == 0 {
		c.complete = true
		ev := &events.PumpfunComplete{Instruction: name, Source: events.SourceCPI, User: u.key, Mint: c.mint,
			BondingCurve: c.curve, Timestamp: ts}
		body := disc8(pumpEvComplete).key(ev.User).key(ev.Mint).key(ev.BondingCurve).i64(ev.Timestamp).key(ev.QuoteMint)
		ev.EventVersion, ev.EventLen = 2, len(*body)-8
		n.emit(pumpEventAuthority, *body, true)
		n.expect(ev)
		m.curves = dropCurve(m.curves, c)
		delay := uint64(1 + m.rng.IntN(5))
		m.pending = append(m.pending, pendingAction{slot: s.slot + delay, run: func(s *slotGen) { s.pumpMigrate(c) }})
	}
	b.route(n)
	b.write(m.curveAccount(c))
}

func dropCurve(cs []*pumpCurve, c *pumpCurve) []*pumpCurve {
	for i, x := range cs {
		if x == c {
			return append(cs[:i], cs[i+1:]...)
		}
	}
	return cs
}

func disc8(d [8]byte) *borshBuf { return disc(d) }

// fillTrade sets the TradeEvent fields after the amounts: reserves, fees, volume, and the
// values the decoder derives.
func (s *slotGen) fillTrade(t *events.PumpfunTrade, c *pumpCurve, feeRecipient solana.PublicKey, fee, cfee uint64, ixName string) {
	m := s.m
	t.VirtualSolReserves, t.VirtualTokenReserves = c.vsr, c.vtr
	t.RealSolReserves, t.RealTokenReserves = c.rsr, c.rtr
	t.FeeRecipient, t.FeeBasisPoints, t.Fee = feeRecipient, pumpFeeBps, fee
	t.Creator, t.CreatorFeeBasisPoints, t.CreatorFee = c.creator, pumpCreatorFeeBps, cfee
	t.TrackVolume = true
	t.CurrentSolVolume = m.volume[t.User]
	t.LastUpdateTimestamp = t.Timestamp
	t.IxName = ixName
	t.Shareholders = []events.PumpfunShareholder{}
	t.QuoteAmount = t.SolAmount
	t.VirtualQuoteReserves, t.RealQuoteReserves = c.vsr, c.rsr
	t.CreatorFeeUnclaimed = c.creatorFees
	t.EventVersion = 8
	t.EventLen = len(encodePumpTrade(t)) - 8
	d := pumpfun.Derive(c.vsr, c.vtr, c.rtr, pumpfun.DefaultTokenTotalSupply)
	t.PriceSol, t.MarketCapSol, t.Progress = d.PriceSol, d.MarketCapSol, d.Progress
}

// encodePumpTrade writes a TradeEvent in its newest layout (v8), discriminator first.
func encodePumpTrade(t *events.PumpfunTrade) []byte {
	b := disc(pumpEvTrade)
	b.key(t.Mint).u64(t.SolAmount).u64(t.TokenAmount).flag(t.IsBuy).key(t.User).i64(t.Timestamp).
		u64(t.VirtualSolReserves).u64(t.VirtualTokenReserves).u64(t.RealSolReserves).u64(t.RealTokenReserves).
		key(t.FeeRecipient).u64(t.FeeBasisPoints).u64(t.Fee).key(t.Creator).u64(t.CreatorFeeBasisPoints).u64(t.CreatorFee).
		flag(t.TrackVolume).u64(t.TotalUnclaimedTokens).u64(t.TotalClaimedTokens).u64(t.CurrentSolVolume).i64(t.LastUpdateTimestamp).
		str(t.IxName).flag(t.MayhemMode).u64(t.CashbackFeeBasisPoints).u64(t.Cashback).
		u64(t.BuybackFeeBasisPoints).u64(t.BuybackFee).u32(uint32(len(t.Shareholders)))
	for _, h := range t.Shareholders {
		b.key(h.Address).u16(h.ShareBps)
	}
	b.key(t.QuoteMint).u64(t.QuoteAmount).u64(t.VirtualQuoteReserves).u64(t.RealQuoteReserves).
		u64(t.HolderRewardsBps).u64(t.HolderRewards).u64(t.CreatorFeeUnclaimed)
	return *b
}

// pumpSell sells part or all of a holder's coins.
func (s *slotGen) pumpSell(c *pumpCurve) bool {
	m := s.m
	u := c.holders[m.rng.IntN(len(c.holders))]
	userATA := m.ata(u.key, c.mint, c.tokenProgram)
	bal := m.balance(userATA)
	if bal == 0 {
		c.holders = dropHolder(c.holders, u)
		return false
	}
	tokens := bal
	if m.rng.Float64() < 0.7 {
		tokens = uint64(float64(bal) * (0.1 + 0.9*m.rng.Float64()))
	}
	tokens = max(tokens, 1)
	sol := mulDiv(tokens, c.vsr, c.vtr+tokens)
	sol = min(sol, c.rsr)
	fee := mulDivCeil(sol, pumpFeeBps, 10_000)
	cfee := mulDivCeil(sol, pumpCreatorFeeBps, 10_000)
	if fee+cfee > sol {
		return false
	}
	b := m.newTx(u)
	feeRecipient := m.pumpFeeRecipients[m.rng.IntN(len(m.pumpFeeRecipients))]
	args := borshBuf{}
	args.u64(tokens).u64(uint64(float64(sol-fee-cfee) * (0.85 + 0.1*m.rng.Float64())))
	n := &ixNode{program: pumpProgramID, data: append(pumpIxSell[:], args...), cu: 35_000, accounts: []acctMeta{
		acR(pumpGlobal), acW(feeRecipient), acR(c.mint), acW(c.curve), acW(c.curveATA), acW(userATA),
		acWS(u.key), acR(systemProgramID), acW(c.creatorVault), acR(c.tokenProgram), acR(pumpEventAuthority),
		acR(pumpProgramID), acR(pumpFeeConfig), acR(pumpFeeProgramID)}}
	n.log("Program log: Instruction: Sell")
	if m.rng.Float64() < m.cfg.FailedShare {
		n.failWith("TooLittleSolReceived", 6003, "slippage: Too little SOL received to sell the given amount of tokens")
		b.failed = true
		b.route(n)
		s.submit(b, "pumpfun sell")
		return true
	}
	n.call(tokenXfer(c.tokenProgram, userATA, c.curveATA, c.mint, u.key, tokens, tokenDecimals))
	b.tok(userATA, -int64(tokens))
	b.tok(c.curveATA, int64(tokens))
	b.sol(c.curve, -int64(sol))
	b.sol(u.key, int64(sol-fee-cfee))
	b.sol(feeRecipient, int64(fee))
	b.sol(c.creatorVault, int64(cfee))
	c.vsr -= sol
	c.vtr += tokens
	c.rsr -= sol
	c.rtr += tokens
	c.creatorFees += cfee
	c.protoFees += fee
	if tokens == bal {
		c.holders = dropHolder(c.holders, u)
	}
	m.volume[u.key] += sol
	t := &events.PumpfunTrade{Instruction: "sell", Source: events.SourceCPI, Mint: c.mint, SolAmount: sol,
		TokenAmount: tokens, IsBuy: false, User: u.key, Timestamp: m.blockTime(s.slot)}
	s.fillTrade(t, c, feeRecipient, fee, cfee, "sell")
	n.emit(pumpEventAuthority, encodePumpTrade(t), true)
	n.expect(t)
	b.route(n)
	b.write(m.curveAccount(c))
	s.submit(b, "pumpfun sell")
	return true
}

// curveAccount encodes a BondingCurve account (151 bytes) and the state the decoder reads.
func (m *Market) curveAccount(c *pumpCurve) acctWrite {
	st := &events.PumpfunBondingCurve{BondingCurve: c.curve, VirtualTokenReserves: c.vtr, VirtualSolReserves: c.vsr,
		RealTokenReserves: c.rtr, RealSolReserves: c.rsr, TokenTotalSupply: pumpSupply, Complete: c.complete,
		Creator: c.creator, CreatorFeeBps: pumpCreatorFeeBps, CreatorFee: c.creatorFees, ProtocolFees: c.protoFees,
		InitialVirtualQuoteReserves: pumpInitialVSR, DataLen: pumpCurveLen}
	b := disc(pumpAcctBondingCurve)
	b.u64(st.VirtualTokenReserves).u64(st.VirtualSolReserves).u64(st.RealTokenReserves).u64(st.RealSolReserves).
		u64(st.TokenTotalSupply).flag(st.Complete).key(st.Creator).flag(st.IsMayhemMode).flag(st.IsCashbackCoin).
		key(st.QuoteMint).u64(st.CreatorFeeBps).flag(st.CanEditCreatorFee).flag(st.IsHolderReward).
		u64(st.CreatorFee).u64(st.ProtocolFees).u8(st.Depth).u64(st.InitialVirtualQuoteReserves)
	b.zeros(pumpCurveLen - len(*b))
	d := pumpfun.Derive(c.vsr, c.vtr, c.rtr, pumpSupply)
	st.PriceSol, st.MarketCapSol, st.Progress = d.PriceSol, d.MarketCapSol, d.Progress
	return acctWrite{key: c.curve, owner: pumpProgramID, data: *b, body: st}
}

var (
	coinWords = []string{"Moon", "Pepe", "Doge", "Cat", "Frog", "Based", "Giga", "Chad", "Wojak", "Bonk",
		"Turbo", "Sigma", "Fart", "Rocket", "Solana", "Degen", "Ape", "Shib", "Mog", "Popcat", "Goat",
		"Trump", "Elon", "Grok", "Neiro", "Wif", "Hat", "Baby", "King", "Dragon", "Penguin", "Banana"}
)

// coinName draws a name, symbol and metadata URI.
func (m *Market) coinName() (name, symbol, uri string) {
	m.names++
	a, b := coinWords[m.rng.IntN(len(coinWords))], coinWords[m.rng.IntN(len(coinWords))]
	name = a + " " + b
	symbol = strings.ToUpper(a[:min(len(a), 3)] + b[:min(len(b), 2)])
	k := m.newAddress()
	s := k.String()
	uri = "https://ipfs.io/ipfs/Qm" + s[:min(len(s), 44)]
	return name, symbol, uri
}

func (s *slotGen) pumpfunCreate() bool {
	m := s.m
	u := m.user()
	mintKey := m.newKey()
	v2 := m.rng.Float64() < 0.7
	c := m.newPumpCurve(mintKey.key, u.key, v2)
	c.vtr, c.vsr, c.rtr = pumpInitialVTR, pumpInitialVSR, pumpInitialRTR
	c.heat = 2 * m.lognormal(0, 1)
	name, symbol, uri := m.coinName()
	ts := m.blockTime(s.slot)

	b := m.newTx(u)
	b.sign(mintKey)
	metadata := m.findPDA(metaplexID, []byte("metadata"), metaplexID[:], c.mint[:]).key
	var n *ixNode
	args := borshBuf{}
	args.str(name).str(symbol).str(uri).key(u.key)
	ixName := "create"
	if v2 {
		ixName = "create_v2"
		args.flag(false).u8(0) // is_mayhem_mode, is_cashback_enabled: Some(false)
		mayhemState := m.findPDA(pumpMayhemProgramID, []byte("mayhem-state"), c.mint[:]).key
		mayhemVault := m.ata(m.mayhemSolVault, c.mint, token2022ID)
		n = &ixNode{program: pumpProgramID, data: append(pumpIxCreateV2[:], args...), cu: 90_000, accounts: []acctMeta{
			acWS(c.mint), acR(pumpMintAuthority), acW(c.curve), acW(c.curveATA), acR(pumpGlobal), acWS(u.key),
			acR(systemProgramID), acR(token2022ID), acR(ataProgramID), acR(pumpMayhemProgramID), acR(m.mayhemParams),
			acW(m.mayhemSolVault), acW(mayhemState), acW(mayhemVault), acR(pumpEventAuthority), acR(pumpProgramID)}}
		n.log("Program log: Instruction: CreateV2")
	} else {
		n = &ixNode{program: pumpProgramID, data: append(pumpIxCreate[:], args...), cu: 110_000, accounts: []acctMeta{
			acWS(c.mint), acR(pumpMintAuthority), acW(c.curve), acW(c.curveATA), acR(pumpGlobal), acR(metaplexID),
			acW(metadata), acWS(u.key), acR(systemProgramID), acR(tokenProgramID), acR(ataProgramID),
			acR(rentSysvarID), acR(pumpEventAuthority), acR(pumpProgramID)}}
		n.log("Program log: Instruction: Create")
	}
	tp := c.tokenProgram
	n.call(&ixNode{program: systemProgramID, quiet: true, accounts: []acctMeta{acWS(u.key), acWS(c.mint)},
		data: systemCreateAccount(pumpMintRent, 82, tp)})
	im := &ixNode{program: tp, cu: 2_900, accounts: []acctMeta{acW(c.mint)}}
	ib := borshBuf{}
	im.data = *ib.u8(20).u8(tokenDecimals).key(pumpMintAuthority).u8(0)
	n.call(im.log("Program log: Instruction: InitializeMint2"))
	n.call(&ixNode{program: systemProgramID, quiet: true, accounts: []acctMeta{acWS(u.key), acW(c.curve)},
		data: systemCreateAccount(pumpCurveRent, pumpCurveLen, pumpProgramID)})
	n.call(ataCreateNode(u.key, c.curveATA, c.curve, c.mint, tp))
	if !v2 {
		md := &ixNode{program: metaplexID, cu: 30_000, accounts: []acctMeta{acW(metadata), acR(c.mint), acR(pumpMintAuthority), acWS(u.key), acR(pumpMintAuthority), acR(systemProgramID)}}
		mb := borshBuf{}
		md.data = *mb.u8(33).str(name).str(symbol).str(uri)
		n.call(md.log("Program log: IX: Create Metadata Accounts v3"))
	}
	mt := &ixNode{program: tp, cu: 4_500, data: tokenMintTo(pumpSupply), accounts: []acctMeta{acW(c.mint), acW(c.curveATA), acR(pumpMintAuthority)}}
	n.call(mt.log("Program log: Instruction: MintTo"))
	rent := uint64(pumpMintRent + pumpCurveRent + tokenAccountRent)
	if !v2 {
		rent += metadataAccountRent
		b.sol(metadata, metadataAccountRent)
	}
	b.sol(u.key, -int64(rent))
	b.sol(c.mint, pumpMintRent)
	m.lamports[c.curve] = 0
	m.lamports[c.curveATA] = 0
	b.sol(c.curve, pumpCurveRent)
	b.sol(c.curveATA, tokenAccountRent)
	b.tok(c.curveATA, pumpSupply)

	ev := &events.PumpfunCreate{Instruction: ixName, Source: events.SourceCPI, Name: name, Symbol: symbol, URI: uri,
		Mint: c.mint, BondingCurve: c.curve, User: u.key, Creator: u.key, Timestamp: ts,
		VirtualTokenReserves: c.vtr, VirtualSolReserves: c.vsr, RealTokenReserves: c.rtr, TokenTotalSupply: pumpSupply,
		TokenProgram: tp, CreatorFeeBps: pumpCreatorFeeBps, EventVersion: 8}
	body := disc(pumpEvCreate)
	body.str(ev.Name).str(ev.Symbol).str(ev.URI).key(ev.Mint).key(ev.BondingCurve).key(ev.User).key(ev.Creator).
		i64(ev.Timestamp).u64(ev.VirtualTokenReserves).u64(ev.VirtualSolReserves).u64(ev.RealTokenReserves).
		u64(ev.TokenTotalSupply).key(ev.TokenProgram).flag(ev.IsMayhemMode).flag(ev.IsCashbackEnabled).
		key(ev.QuoteMint).u64(ev.VirtualQuoteReserves).u64(ev.CreatorFeeBps).flag(ev.IsHolderReward).u8(ev.Depth)
	ev.EventLen = len(*body) - 8
	d := pumpfun.Derive(c.vsr, c.vtr, c.rtr, pumpSupply)
	ev.PriceSol, ev.MarketCapSol = d.PriceSol, d.MarketCapSol
	n.emit(pumpEventAuthority, *body, true)
	n.expect(ev)
	b.add(n)
	b.write(m.curveAccount(c)) // rewritten below when a dev buy follows
	if m.rng.Float64() < 0.5 {
		b.accounts = b.accounts[:0]
		s.pumpBuy(b, c, u, m.solSize(1, 0.8, 0.1, 10), false)
	}
	m.curves = append(m.curves, c)
	s.submit(b, "pumpfun "+ixName)
	return true
}

// pumpMigrate moves a completed curve to its canonical PumpSwap pool: pump.fun migrate invokes
// PumpSwap create_pool.
func (s *slotGen) pumpMigrate(c *pumpCurve) {
	m := s.m
	ts := m.blockTime(s.slot)
	u := m.migrator
	poolAuth := m.findPDA(pumpProgramID, []byte("pool-authority"), c.mint[:]).key
	var idx [2]byte
	pp := m.findPDA(pumpSwapProgramID, []byte("pool"), idx[:], poolAuth[:], c.mint[:], wsolMint[:])
	p := m.newPumpPool(pp, poolAuth, c.mint, c.tokenProgram, c.creator)
	p.curve = c
	authMint := m.ata(poolAuth, c.mint, c.tokenProgram)
	authWsol := m.ata(poolAuth, wsolMint, tokenProgramID)
	authLP := m.ata(poolAuth, p.lpMint, token2022ID)
	m.tokenAccount(authMint, c.mint, poolAuth, c.tokenProgram, tokenDecimals, 0, true)
	m.tokenAccount(authWsol, wsolMint, poolAuth, tokenProgramID, 9, 0, true)
	m.tokenAccount(authLP, p.lpMint, poolAuth, token2022ID, 9, 0, false)
	m.lamports[authLP] = 0

	mintAmount := m.balance(c.curveATA)
	solAmount := c.rsr - pumpMigrationFee
	initial := isqrtMul(mintAmount, solAmount)
	lpOut := initial - 100

	b := m.newTx(u)
	n := &ixNode{program: pumpProgramID, data: pumpIxMigrate[:], cu: 60_000, accounts: []acctMeta{
		acR(pumpGlobal), acW(pumpWithdrawAuthority), acR(c.mint), acW(c.curve), acW(c.curveATA), acWS(u.key),
		acR(systemProgramID), acR(tokenProgramID), acR(pumpSwapProgramID), acW(p.pool), acW(poolAuth), acW(authMint),
		acW(authWsol), acR(pumpSwapGlobalConfig), acR(wsolMint), acW(p.lpMint), acW(authLP), acW(p.baseVault),
		acW(p.quoteVault), acR(token2022ID), acR(ataProgramID), acR(pumpSwapEventAuthority), acR(pumpEventAuthority),
		acR(pumpProgramID), acR(rentSysvarID)}}
	n.log("Program log: Instruction: Migrate")
	n.call(tokenXfer(c.tokenProgram, c.curveATA, authMint, c.mint, c.curve, mintAmount, tokenDecimals))

	cpArgs := borshBuf{}
	cpArgs.u16(0).u64(mintAmount).u64(solAmount).key(c.creator).flag(false).u8(0)
	cp := &ixNode{program: pumpSwapProgramID, data: append(pumpSwapIxCreatePool[:], cpArgs...), cu: 70_000, accounts: []acctMeta{
		acW(p.pool), acR(pumpSwapGlobalConfig), acWS(poolAuth), acR(c.mint), acR(wsolMint), acW(p.lpMint), acW(authMint),
		acW(authWsol), acW(authLP), acW(p.baseVault), acW(p.quoteVault), acR(systemProgramID), acR(token2022ID),
		acR(c.tokenProgram), acR(tokenProgramID), acR(ataProgramID), acR(pumpSwapEventAuthority), acR(pumpSwapProgramID)}}
	cp.log("Program log: Instruction: CreatePool")
	cp.call(tokenXfer(c.tokenProgram, authMint, p.baseVault, c.mint, poolAuth, mintAmount, tokenDecimals))
	cp.call(tokenXfer(tokenProgramID, authWsol, p.quoteVault, wsolMint, poolAuth, solAmount, 9))
	mt := &ixNode{program: token2022ID, cu: 4_500, data: tokenMintTo(lpOut), accounts: []acctMeta{acW(p.lpMint), acW(authLP), acR(p.pool)}}
	cp.call(mt.log("Program log: Instruction: MintTo"))
	pc := &events.PumpSwapPoolCreate{Pool: p.pool, Creator: poolAuth, BaseMint: c.mint, QuoteMint: wsolMint, LPMint: p.lpMint,
		Timestamp: ts, BaseMintDecimals: tokenDecimals, QuoteMintDecimals: 9, BaseAmountIn: mintAmount, QuoteAmountIn: solAmount,
		PoolBaseAmount: mintAmount, PoolQuoteAmount: solAmount, MinimumLiquidity: 100, InitialLiquidity: initial,
		LPTokenAmountOut: lpOut, PoolBump: p.bump, UserBaseTokenAccount: authMint, UserQuoteTokenAccount: authWsol,
		CoinCreator: c.creator, PumpfunMigration: true}
	pcb := disc(pumpSwapEvCreatePool)
	pcb.i64(pc.Timestamp).u16(pc.PoolIndex).key(pc.Creator).key(pc.BaseMint).key(pc.QuoteMint).u8(pc.BaseMintDecimals).
		u8(pc.QuoteMintDecimals).u64(pc.BaseAmountIn).u64(pc.QuoteAmountIn).u64(pc.PoolBaseAmount).u64(pc.PoolQuoteAmount).
		u64(pc.MinimumLiquidity).u64(pc.InitialLiquidity).u64(pc.LPTokenAmountOut).u8(pc.PoolBump).key(pc.Pool).
		key(pc.LPMint).key(pc.UserBaseTokenAccount).key(pc.UserQuoteTokenAccount).key(pc.CoinCreator).flag(pc.IsMayhemMode)
	pc.EventLen = uint64(len(*pcb) - 8)
	pc.PriceQuote = pumpswapPrice(mintAmount, solAmount)
	pc.PriceSOL = pc.PriceQuote
	cp.emit(pumpSwapEventAuthority, *pcb, true)
	cp.expect(pc)
	n.call(cp)

	mg := &events.PumpfunMigrate{Instruction: "migrate", Source: events.SourceCPI, User: u.key, Mint: c.mint,
		MintAmount: mintAmount, SolAmount: solAmount, PoolMigrationFee: pumpMigrationFee, BondingCurve: c.curve,
		Timestamp: ts, Pool: p.pool, EventVersion: 2}
	mb := disc(pumpEvMigration)
	mb.key(mg.User).key(mg.Mint).u64(mg.MintAmount).u64(mg.SolAmount).u64(mg.PoolMigrationFee).key(mg.BondingCurve).
		i64(mg.Timestamp).key(mg.Pool).key(mg.QuoteMint)
	mg.EventLen = len(*mb) - 8
	n.emit(pumpEventAuthority, *mb, true)
	n.expect(mg)
	b.add(n)

	b.tok(c.curveATA, -int64(mintAmount))
	b.tok(p.baseVault, int64(mintAmount))
	b.tok(p.quoteVault, int64(solAmount))
	b.tok(authLP, int64(lpOut))
	b.sol(c.curve, -int64(c.rsr))
	b.sol(pumpWithdrawAuthority, pumpMigrationFee)
	b.sol(p.quoteVault, int64(solAmount))
	c.rsr = 0
	c.migrated = true
	p.lpSupply = initial
	p.heat = 3 * m.lognormal(0, 0.7)
	m.pools = append(m.pools, p)
	b.write(m.curveAccount(c))
	b.write(m.pumpPoolAccount(p))
	s.submit(b, "pumpfun migrate")
}
