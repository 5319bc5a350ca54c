package geysersim

import (
	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/anchor"
	"github.com/geyserjet/geyserjet/pkg/events"
	"github.com/geyserjet/geyserjet/pkg/programs/pumpswap"
)

// PumpSwap (PROGRAMS.md §3): fees of canonical pools and the discriminators.
const (
	pumpSwapLPFeeBps       = 20
	pumpSwapProtocolFeeBps = 5
	pumpSwapCreatorFeeBps  = 5
	pumpSwapPoolLen        = 245
)

var (
	pumpSwapIxCreatePool = anchor.Discriminator("global", "create_pool")
	pumpSwapIxBuy        = anchor.Discriminator("global", "buy")
	pumpSwapIxSell       = anchor.Discriminator("global", "sell")
	pumpSwapIxDeposit    = anchor.Discriminator("global", "deposit")
	pumpSwapIxWithdraw   = anchor.Discriminator("global", "withdraw")
	pumpSwapEvBuy        = anchor.Discriminator("event", "BuyEvent")
	pumpSwapEvSell       = anchor.Discriminator("event", "SellEvent")
	pumpSwapEvCreatePool = anchor.Discriminator("event", "CreatePoolEvent")
	pumpSwapEvDeposit    = anchor.Discriminator("event", "DepositEvent")
	pumpSwapEvWithdraw   = anchor.Discriminator("event", "WithdrawEvent")
	pumpSwapAcctPool     = anchor.Discriminator("account", "Pool")
)

// pumpPool is a PumpSwap pool of a graduated coin against wSOL; its reserves are its vaults'
// balances.
type pumpPool struct {
	pool, lpMint, baseVault, quoteVault, baseMint solana.PublicKey
	creator, coinCreator, baseTP                  solana.PublicKey
	ccAuth, ccATA                                 solana.PublicKey
	bump                                          uint8
	lpSupply                                      uint64
	heat                                          float64
	holders, lpHolders                            []*signerKey
	curve                                         *pumpCurve
}

func (m *Market) newPumpPool(pp pdaResult, creator, mint, tp, coinCreator solana.PublicKey) *pumpPool {
	p := &pumpPool{pool: pp.key, bump: pp.bump, creator: creator, baseMint: mint, baseTP: tp, coinCreator: coinCreator}
	p.lpMint = m.findPDA(pumpSwapProgramID, []byte("pool_lp_mint"), p.pool[:]).key
	p.baseVault = m.ata(p.pool, mint, tp)
	p.quoteVault = m.ata(p.pool, wsolMint, tokenProgramID)
	m.tokenAccount(p.baseVault, mint, p.pool, tp, tokenDecimals, 0, false)
	m.tokenAccount(p.quoteVault, wsolMint, p.pool, tokenProgramID, 9, 0, false)
	m.lamports[p.baseVault], m.lamports[p.quoteVault] = tokenAccountRent, tokenAccountRent
	p.ccAuth = m.findPDA(pumpSwapProgramID, []byte("creator_vault"), coinCreator[:]).key
	p.ccATA = m.ata(p.ccAuth, wsolMint, tokenProgramID)
	m.tokenAccount(p.ccATA, wsolMint, p.ccAuth, tokenProgramID, 9, 0, true)
	return p
}

func pumpswapPrice(base, quote uint64) float64 { return pumpswap.Price(base, quote, tokenDecimals, 9) }

// pumpPoolAccount encodes a Pool account (245 bytes) and the state the decoder reads.
func (m *Market) pumpPoolAccount(p *pumpPool) acctWrite {
	st := &events.PumpSwapPool{Pool: p.pool, PoolBump: p.bump, Creator: p.creator, BaseMint: p.baseMint,
		QuoteMint: wsolMint, LPMint: p.lpMint, PoolBaseTokenAccount: p.baseVault, PoolQuoteTokenAccount: p.quoteVault,
		LPSupply: p.lpSupply, CoinCreator: p.coinCreator, DataLen: pumpSwapPoolLen}
	b := disc(pumpSwapAcctPool)
	b.u8(st.PoolBump).u16(st.PoolIndex).key(st.Creator).key(st.BaseMint).key(st.QuoteMint).key(st.LPMint).
		key(st.PoolBaseTokenAccount).key(st.PoolQuoteTokenAccount).u64(st.LPSupply).key(st.CoinCreator).
		flag(st.IsMayhemMode).flag(st.IsCashbackCoin)
	return acctWrite{key: p.pool, owner: pumpSwapProgramID, data: *b, body: st}
}

// wsolATA returns u's wrapped-SOL account; every wallet starts with 2,000 SOL wrapped.
func (m *Market) wsolATA(u solana.PublicKey) solana.PublicKey {
	k := m.ata(u, wsolMint, tokenProgramID)
	if _, ok := m.tokens[k]; !ok {
		m.tokenAccount(k, wsolMint, u, tokenProgramID, 9, 2_000_000_000_000, true)
		m.lamports[k] = tokenAccountRent + 2_000_000_000_000
	}
	return k
}

func (m *Market) pickPool() *pumpPool {
	total := 0.0
	for _, p := range m.pools {
		total += p.heat
	}
	if total == 0 {
		return nil
	}
	x := m.rng.Float64() * total
	for _, p := range m.pools {
		if x < p.heat {
			return p
		}
		x -= p.heat
	}
	return m.pools[len(m.pools)-1]
}

// pumpSwapTradeAccounts are the accounts of buy (23) and sell (21).
func (m *Market) pumpSwapTradeAccounts(p *pumpPool, u solana.PublicKey, userBase, userQuote, feeRcpt, feeATA solana.PublicKey, buy bool) []acctMeta {
	a := []acctMeta{acW(p.pool), acWS(u), acR(pumpSwapGlobalConfig), acR(p.baseMint), acR(wsolMint), acW(userBase),
		acW(userQuote), acW(p.baseVault), acW(p.quoteVault), acR(feeRcpt), acW(feeATA), acR(p.baseTP),
		acR(tokenProgramID), acR(systemProgramID), acR(ataProgramID), acR(pumpSwapEventAuthority),
		acR(pumpSwapProgramID), acW(p.ccATA), acR(p.ccAuth)}
	if buy {
		uva := m.findPDA(pumpSwapProgramID, []byte("user_volume_accumulator"), u[:]).key
		return append(a, acR(pumpSwapGlobalVolume), acW(uva), acR(pumpSwapFeeConfig), acR(pumpFeeProgramID))
	}
	return append(a, acR(pumpSwapFeeConfig), acR(pumpFeeProgramID))
}

func (s *slotGen) pumpswapTrade() bool {
	m := s.m
	p := m.pickPool()
	if p == nil {
		return false
	}
	base, quote := m.balance(p.baseVault), m.balance(p.quoteVault)
	buy := len(p.holders) == 0 || m.rng.Float64() < 0.55
	var u *signerKey
	if buy {
		u = m.user()
	} else {
		u = p.holders[m.rng.IntN(len(p.holders))]
	}
	userBase := m.userATA(u.key, p.baseMint, p.baseTP, tokenDecimals)
	userQuote := m.wsolATA(u.key)
	preUserBase, preUserQuote := m.balance(userBase), m.balance(userQuote)
	feeRcpt := m.pumpSwapFeeRecipients[m.rng.IntN(len(m.pumpSwapFeeRecipients))]
	feeATA := m.ata(feeRcpt, wsolMint, tokenProgramID)
	ts := m.blockTime(s.slot)
	b := m.newTx(u)
	t := &events.PumpSwapTrade{Pool: p.pool, User: u.key, BaseMint: p.baseMint, QuoteMint: wsolMint, IsBuy: buy,
		Timestamp: ts, UserBaseTokenReserves: preUserBase, UserQuoteTokenReserves: preUserQuote,
		PoolBaseTokenReserves: base, PoolQuoteTokenReserves: quote, LPFeeBasisPoints: pumpSwapLPFeeBps,
		ProtocolFeeBasisPoints: pumpSwapProtocolFeeBps, UserBaseTokenAccount: userBase, UserQuoteTokenAccount: userQuote,
		ProtocolFeeRecipient: feeRcpt, ProtocolFeeRecipientTokenAccount: feeATA, CoinCreator: p.coinCreator,
		CoinCreatorFeeBasisPoints: pumpSwapCreatorFeeBps, BaseDecimals: tokenDecimals, QuoteDecimals: 9}
	var n *ixNode
	if buy {
		if !m.tokens[userBase].exists {
			b.ensureATA(u, p.baseMint, p.baseTP, tokenDecimals)
		}
		spend := m.solSize(0.5, 1.3, 0.01, 50)
		out := mulDiv(base, spend, quote+spend)
		if out == 0 || out >= base/2 {
			return false
		}
		qin := mulDivCeil(quote, out, base-out)
		t.BaseAmountOut, t.QuoteAmountIn = out, qin
		t.LPFee = mulDivCeil(qin, pumpSwapLPFeeBps, 10_000)
		t.ProtocolFee = mulDivCeil(qin, pumpSwapProtocolFeeBps, 10_000)
		t.CoinCreatorFee = mulDivCeil(qin, pumpSwapCreatorFeeBps, 10_000)
		t.QuoteAmountInWithLPFee = qin + t.LPFee
		t.UserQuoteAmountIn = t.QuoteAmountInWithLPFee + t.ProtocolFee + t.CoinCreatorFee
		t.MaxQuoteAmountIn = t.UserQuoteAmountIn + t.UserQuoteAmountIn/20
		m.volume[u.key] += t.UserQuoteAmountIn
		t.TrackVolume, t.CurrentSOLVolume, t.LastUpdateTimestamp = true, m.volume[u.key], ts
		t.MinBaseAmountOut, t.IxName, t.Instruction = out, "buy", "buy"
		t.BaseAmount, t.QuoteAmount = out, t.UserQuoteAmountIn
		args := borshBuf{}
		args.u64(out).u64(t.MaxQuoteAmountIn).u8(1)
		n = &ixNode{program: pumpSwapProgramID, data: append(pumpSwapIxBuy[:], args...), cu: 45_000,
			accounts: m.pumpSwapTradeAccounts(p, u.key, userBase, userQuote, feeRcpt, feeATA, true)}
		n.log("Program log: Instruction: Buy")
		n.call(tokenXfer(tokenProgramID, userQuote, p.quoteVault, wsolMint, u.key, t.QuoteAmountInWithLPFee, 9))
		n.call(tokenXfer(tokenProgramID, userQuote, feeATA, wsolMint, u.key, t.ProtocolFee, 9))
		n.call(tokenXfer(tokenProgramID, userQuote, p.ccATA, wsolMint, u.key, t.CoinCreatorFee, 9))
		n.call(tokenXfer(p.baseTP, p.baseVault, userBase, p.baseMint, p.pool, out, tokenDecimals))
		b.tok(userQuote, -int64(t.UserQuoteAmountIn))
		b.tok(p.quoteVault, int64(t.QuoteAmountInWithLPFee))
		b.tok(feeATA, int64(t.ProtocolFee))
		b.tok(p.ccATA, int64(t.CoinCreatorFee))
		b.tok(p.baseVault, -int64(out))
		b.tok(userBase, int64(out))
	} else {
		in := preUserBase
		if m.rng.Float64() < 0.7 {
			in = uint64(float64(in) * (0.1 + 0.9*m.rng.Float64()))
		}
		if in == 0 {
			p.holders = dropHolder(p.holders, u)
			return false
		}
		qout := mulDiv(quote, in, base+in)
		t.BaseAmountIn, t.QuoteAmountOut = in, qout
		t.LPFee = mulDivCeil(qout, pumpSwapLPFeeBps, 10_000)
		t.ProtocolFee = mulDivCeil(qout, pumpSwapProtocolFeeBps, 10_000)
		t.CoinCreatorFee = mulDivCeil(qout, pumpSwapCreatorFeeBps, 10_000)
		if t.LPFee+t.ProtocolFee+t.CoinCreatorFee >= qout {
			return false
		}
		t.QuoteAmountOutWithoutLPFee = qout - t.LPFee
		t.UserQuoteAmountOut = t.QuoteAmountOutWithoutLPFee - t.ProtocolFee - t.CoinCreatorFee
		t.MinQuoteAmountOut = t.UserQuoteAmountOut - t.UserQuoteAmountOut/20
		t.Instruction = "sell"
		t.BaseAmount, t.QuoteAmount = in, t.UserQuoteAmountOut
		args := borshBuf{}
		args.u64(in).u64(t.MinQuoteAmountOut)
		n = &ixNode{program: pumpSwapProgramID, data: append(pumpSwapIxSell[:], args...), cu: 40_000,
			accounts: m.pumpSwapTradeAccounts(p, u.key, userBase, userQuote, feeRcpt, feeATA, false)}
		n.log("Program log: Instruction: Sell")
		n.call(tokenXfer(p.baseTP, userBase, p.baseVault, p.baseMint, u.key, in, tokenDecimals))
		n.call(tokenXfer(tokenProgramID, p.quoteVault, userQuote, wsolMint, p.pool, t.UserQuoteAmountOut, 9))
		n.call(tokenXfer(tokenProgramID, p.quoteVault, feeATA, wsolMint, p.pool, t.ProtocolFee, 9))
		n.call(tokenXfer(tokenProgramID, p.quoteVault, p.ccATA, wsolMint, p.pool, t.CoinCreatorFee, 9))
		b.tok(userBase, -int64(in))
		b.tok(p.baseVault, int64(in))
		b.tok(p.quoteVault, -int64(t.QuoteAmountOutWithoutLPFee))
		b.tok(userQuote, int64(t.UserQuoteAmountOut))
		b.tok(feeATA, int64(t.ProtocolFee))
		b.tok(p.ccATA, int64(t.CoinCreatorFee))
	}
	if m.rng.Float64() < m.cfg.FailedShare {
		n.failWith("ExceededSlippage", 6004, "Exceeded slippage")
		b.failed = true
		b.tokens = nil
		b.route(n)
		s.submit(b, "pumpswap trade")
		return true
	}
	if buy {
		p.holders = addHolder(p.holders, u)
	} else if t.BaseAmountIn == preUserBase {
		p.holders = dropHolder(p.holders, u)
	}
	body := encodePumpSwapTrade(t)
	t.EventLen = uint64(len(body) - 8)
	t.EventVersion = 4
	if buy {
		t.EventVersion = 6
	}
	postBase, postQuote := pumpswap.PostTradeReserves(t)
	t.PriceQuote = pumpswapPrice(postBase, postQuote)
	t.PriceSOL = t.PriceQuote
	n.emit(pumpSwapEventAuthority, body, true)
	n.expect(t)
	b.route(n)
	b.write(m.pumpPoolAccount(p))
	what := "pumpswap sell"
	if buy {
		what = "pumpswap buy"
	}
	s.submit(b, what)
	return true
}

// encodePumpSwapTrade writes a BuyEvent (with ix_name, cashback and buyback: 429+len(ix_name)
// bytes) or a SellEvent (384 bytes), discriminator first.
func encodePumpSwapTrade(t *events.PumpSwapTrade) []byte {
	d := pumpSwapEvSell
	a, b1, c, dd, e := t.BaseAmountIn, t.MinQuoteAmountOut, t.QuoteAmountOut, t.QuoteAmountOutWithoutLPFee, t.UserQuoteAmountOut
	if t.IsBuy {
		d = pumpSwapEvBuy
		a, b1, c, dd, e = t.BaseAmountOut, t.MaxQuoteAmountIn, t.QuoteAmountIn, t.QuoteAmountInWithLPFee, t.UserQuoteAmountIn
	}
	b := disc(d)
	b.i64(t.Timestamp).u64(a).u64(b1).u64(t.UserBaseTokenReserves).u64(t.UserQuoteTokenReserves).
		u64(t.PoolBaseTokenReserves).u64(t.PoolQuoteTokenReserves).u64(c).u64(t.LPFeeBasisPoints).u64(t.LPFee).
		u64(t.ProtocolFeeBasisPoints).u64(t.ProtocolFee).u64(dd).u64(e).key(t.Pool).key(t.User).
		key(t.UserBaseTokenAccount).key(t.UserQuoteTokenAccount).key(t.ProtocolFeeRecipient).
		key(t.ProtocolFeeRecipientTokenAccount).key(t.CoinCreator).u64(t.CoinCreatorFeeBasisPoints).u64(t.CoinCreatorFee)
	if t.IsBuy {
		b.flag(t.TrackVolume).u64(t.TotalUnclaimedTokens).u64(t.TotalClaimedTokens).u64(t.CurrentSOLVolume).
			i64(t.LastUpdateTimestamp).u64(t.MinBaseAmountOut).str(t.IxName)
	}
	b.u64(t.CashbackFeeBasisPoints).u64(t.Cashback).u64(t.BuybackFeeBasisPoints).u64(t.BuybackFee)
	return *b
}

func (s *slotGen) pumpswapDeposit() bool  { return s.pumpswapLiquidity(true) }
func (s *slotGen) pumpswapWithdraw() bool { return s.pumpswapLiquidity(false) }

// pumpswapLiquidity adds liquidity (a holder of the coin deposits up to half its coins and the
// matching SOL) or removes it (a liquidity provider withdraws part of its LP tokens).
func (s *slotGen) pumpswapLiquidity(deposit bool) bool {
	m := s.m
	p := m.pickPool()
	if p == nil || p.lpSupply == 0 {
		return false
	}
	var u *signerKey
	switch {
	case deposit && len(p.holders) > 0:
		u = p.holders[m.rng.IntN(len(p.holders))]
	case !deposit && len(p.lpHolders) > 0:
		u = p.lpHolders[m.rng.IntN(len(p.lpHolders))]
	default:
		return false
	}
	base, quote := m.balance(p.baseVault), m.balance(p.quoteVault)
	userBase := m.userATA(u.key, p.baseMint, p.baseTP, tokenDecimals)
	userQuote := m.wsolATA(u.key)
	userLP := m.userATA(u.key, p.lpMint, token2022ID, 9)
	preBase, preQuote, preLP := m.balance(userBase), m.balance(userQuote), m.balance(userLP)
	b := m.newTx(u)
	l := events.PumpSwapLiquidity{Pool: p.pool, User: u.key, BaseMint: p.baseMint, QuoteMint: wsolMint, LPMint: p.lpMint,
		Timestamp: m.blockTime(s.slot), UserBaseTokenReserves: preBase, UserQuoteTokenReserves: preQuote,
		PoolBaseTokenReserves: base, PoolQuoteTokenReserves: quote, UserBaseTokenAccount: userBase,
		UserQuoteTokenAccount: userQuote, UserPoolTokenAccount: userLP, EventLen: 248}
	accts := []acctMeta{acW(p.pool), acR(pumpSwapGlobalConfig), acWS(u.key), acR(p.baseMint), acR(wsolMint), acW(p.lpMint),
		acW(userBase), acW(userQuote), acW(userLP), acW(p.baseVault), acW(p.quoteVault), acR(tokenProgramID),
		acR(token2022ID), acR(pumpSwapEventAuthority), acR(pumpSwapProgramID)}
	var n *ixNode
	if deposit {
		lp := mulDiv(p.lpSupply, preBase/2, base)
		if lp == 0 {
			return false
		}
		bin := mulDivCeil(base, lp, p.lpSupply)
		qin := mulDivCeil(quote, lp, p.lpSupply)
		if bin > preBase || qin > preQuote {
			return false
		}
		if !m.tokens[userLP].exists {
			b.ensureATA(u, p.lpMint, token2022ID, 9)
		}
		p.lpSupply += lp
		l.LPMintSupply = p.lpSupply
		d := &events.PumpSwapDeposit{PumpSwapLiquidity: l, LPTokenAmountOut: lp, MaxBaseAmountIn: bin + bin/100,
			MaxQuoteAmountIn: qin + qin/100, BaseAmountIn: bin, QuoteAmountIn: qin}
		args := borshBuf{}
		args.u64(lp).u64(d.MaxBaseAmountIn).u64(d.MaxQuoteAmountIn)
		n = &ixNode{program: pumpSwapProgramID, data: append(pumpSwapIxDeposit[:], args...), cu: 50_000, accounts: accts}
		n.log("Program log: Instruction: Deposit")
		n.call(tokenXfer(p.baseTP, userBase, p.baseVault, p.baseMint, u.key, bin, tokenDecimals))
		n.call(tokenXfer(tokenProgramID, userQuote, p.quoteVault, wsolMint, u.key, qin, 9))
		mt := &ixNode{program: token2022ID, cu: 4_500, data: tokenMintTo(lp), accounts: []acctMeta{acW(p.lpMint), acW(userLP), acR(p.pool)}}
		n.call(mt.log("Program log: Instruction: MintTo"))
		ev := disc(pumpSwapEvDeposit)
		ev.i64(l.Timestamp).u64(lp).u64(d.MaxBaseAmountIn).u64(d.MaxQuoteAmountIn)
		encodeLiquidityTail(ev, &l, bin, qin)
		n.emit(pumpSwapEventAuthority, *ev, true)
		n.expect(d)
		b.tok(userBase, -int64(bin))
		b.tok(p.baseVault, int64(bin))
		b.tok(userQuote, -int64(qin))
		b.tok(p.quoteVault, int64(qin))
		b.tok(userLP, int64(lp))
		if bin == preBase {
			p.holders = dropHolder(p.holders, u)
		}
		p.lpHolders = addHolder(p.lpHolders, u)
	} else {
		lp := preLP
		if m.rng.Float64() < 0.6 {
			lp = uint64(float64(lp) * (0.2 + 0.8*m.rng.Float64()))
		}
		if lp == 0 {
			p.lpHolders = dropHolder(p.lpHolders, u)
			return false
		}
		bout := mulDiv(base, lp, p.lpSupply)
		qout := mulDiv(quote, lp, p.lpSupply)
		if !m.tokens[userBase].exists {
			b.ensureATA(u, p.baseMint, p.baseTP, tokenDecimals)
		}
		p.lpSupply -= lp
		l.LPMintSupply = p.lpSupply
		wd := &events.PumpSwapWithdraw{PumpSwapLiquidity: l, LPTokenAmountIn: lp, MinBaseAmountOut: bout - bout/100,
			MinQuoteAmountOut: qout - qout/100, BaseAmountOut: bout, QuoteAmountOut: qout}
		args := borshBuf{}
		args.u64(lp).u64(wd.MinBaseAmountOut).u64(wd.MinQuoteAmountOut)
		n = &ixNode{program: pumpSwapProgramID, data: append(pumpSwapIxWithdraw[:], args...), cu: 50_000, accounts: accts}
		n.log("Program log: Instruction: Withdraw")
		bn := &ixNode{program: token2022ID, cu: 4_500, data: tokenBurn(lp), accounts: []acctMeta{acW(userLP), acW(p.lpMint), acR(u.key)}}
		n.call(bn.log("Program log: Instruction: Burn"))
		n.call(tokenXfer(p.baseTP, p.baseVault, userBase, p.baseMint, p.pool, bout, tokenDecimals))
		n.call(tokenXfer(tokenProgramID, p.quoteVault, userQuote, wsolMint, p.pool, qout, 9))
		ev := disc(pumpSwapEvWithdraw)
		ev.i64(l.Timestamp).u64(lp).u64(wd.MinBaseAmountOut).u64(wd.MinQuoteAmountOut)
		encodeLiquidityTail(ev, &l, bout, qout)
		n.emit(pumpSwapEventAuthority, *ev, true)
		n.expect(wd)
		b.tok(userLP, -int64(lp))
		b.tok(p.baseVault, -int64(bout))
		b.tok(userBase, int64(bout))
		b.tok(p.quoteVault, -int64(qout))
		b.tok(userQuote, int64(qout))
		if lp == preLP {
			p.lpHolders = dropHolder(p.lpHolders, u)
		}
		if bout > 0 {
			p.holders = addHolder(p.holders, u)
		}
	}
	b.route(n)
	b.write(m.pumpPoolAccount(p))
	what := "pumpswap withdraw"
	if deposit {
		what = "pumpswap deposit"
	}
	s.submit(b, what)
	return true
}

func encodeLiquidityTail(b *borshBuf, l *events.PumpSwapLiquidity, base, quote uint64) {
	b.u64(l.UserBaseTokenReserves).u64(l.UserQuoteTokenReserves).u64(l.PoolBaseTokenReserves).
		u64(l.PoolQuoteTokenReserves).u64(base).u64(quote).u64(l.LPMintSupply).key(l.Pool).key(l.User).
		key(l.UserBaseTokenAccount).key(l.UserQuoteTokenAccount).key(l.UserPoolTokenAccount)
}
