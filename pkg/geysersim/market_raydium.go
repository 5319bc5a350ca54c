package geysersim

import (
	"bytes"
	"encoding/base64"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/anchor"
	"github.com/geyserjet/geyserjet/pkg/events"
	"github.com/geyserjet/geyserjet/pkg/programs/raydiumamm"
	"github.com/geyserjet/geyserjet/pkg/programs/raydiumcpmm"
)

// Raydium AMM v4 (PROGRAMS.md §6) and CPMM (§5).
const (
	ammInfoLen       = 752
	ammFeeNum        = 25
	ammFeeDen        = 10_000
	cpmmPoolLen      = 637
	cpmmTradeFeeRate = 2_500   // 1e-6 units: 0.25 %
	cpmmProtocolRate = 120_000 // share of the trade fee, 1e-6 units
	cpmmFundRate     = 40_000
)

var (
	cpmmIxSwapBaseInput = anchor.Discriminator("global", "swap_base_input")
	cpmmIxInitialize    = anchor.Discriminator("global", "initialize")
	cpmmEvSwap          = anchor.Discriminator("event", "SwapEvent")
	cpmmAcctPoolState   = anchor.Discriminator("account", "PoolState")
)

// ammPool is an AMM v4 pool of a coin (6 decimals) against wSOL (pc).
type ammPool struct {
	amm, openOrders, targetOrders, lpMint        solana.PublicKey
	coinVault, pcVault, coinMint, pcMint         solana.PublicKey
	market, bids, asks, eventQueue               solana.PublicKey
	marketCoinVault, marketPcVault, vaultSigner  solana.PublicKey
	coinDec, pcDec, nonce                        uint8
	lpAmount, openTime                           uint64
	swapCoinIn, swapPcOut, swapPcIn, swapCoinOut [2]uint64
	accPcFee, accCoinFee                         uint64
	heat                                         float64
	holders                                      []*signerKey
}

// newAmmPool derives a pool's accounts from its market as initialize2 does.
func (m *Market) newAmmPool(coinMint solana.PublicKey, market solana.PublicKey) *ammPool {
	seed := func(s string) solana.PublicKey {
		return m.findPDA(ammProgramID, ammProgramID[:], market[:], []byte(s)).key
	}
	p := &ammPool{coinMint: coinMint, pcMint: wsolMint, market: market, coinDec: tokenDecimals, pcDec: 9,
		amm: seed("amm_associated_seed"), openOrders: seed("open_order_associated_seed"),
		lpMint: seed("lp_mint_associated_seed"), coinVault: seed("coin_vault_associated_seed"),
		pcVault: seed("pc_vault_associated_seed"), targetOrders: seed("target_associated_seed"),
		bids: m.newAddress(), asks: m.newAddress(), eventQueue: m.newAddress(),
		marketCoinVault: m.newAddress(), marketPcVault: m.newAddress(), vaultSigner: m.newAddress()}
	p.nonce = m.findPDA(ammProgramID, []byte("amm authority")).bump
	m.tokenAccount(p.coinVault, coinMint, ammAuthority, tokenProgramID, tokenDecimals, 0, false)
	m.tokenAccount(p.pcVault, wsolMint, ammAuthority, tokenProgramID, 9, 0, false)
	m.lamports[p.coinVault], m.lamports[p.pcVault] = tokenAccountRent, tokenAccountRent
	return p
}

// ammAccount encodes an AmmInfo account and the state the decoder reads.
func (m *Market) ammAccount(p *ammPool) acctWrite {
	st := &events.RaydiumAMMPool{AMM: p.amm, Status: 6, Nonce: uint64(p.nonce), CoinDecimals: uint64(p.coinDec),
		PcDecimals: uint64(p.pcDec), State: 1, CoinLotSize: 1_000_000, PcLotSize: 1_000,
		TradeFeeNumerator: ammFeeNum, TradeFeeDenominator: ammFeeDen, PnlNumerator: 12, PnlDenominator: 100,
		SwapFeeNumerator: ammFeeNum, SwapFeeDenominator: ammFeeDen, PoolOpenTime: p.openTime,
		SwapCoinInAmount:  events.U128{Lo: p.swapCoinIn[0], Hi: p.swapCoinIn[1]},
		SwapPcOutAmount:   events.U128{Lo: p.swapPcOut[0], Hi: p.swapPcOut[1]},
		SwapAccPcFee:      p.accPcFee,
		SwapPcInAmount:    events.U128{Lo: p.swapPcIn[0], Hi: p.swapPcIn[1]},
		SwapCoinOutAmount: events.U128{Lo: p.swapCoinOut[0], Hi: p.swapCoinOut[1]},
		SwapAccCoinFee:    p.accCoinFee,
		CoinVault:         p.coinVault, PcVault: p.pcVault, CoinVaultMint: p.coinMint, PcVaultMint: p.pcMint,
		LpMint: p.lpMint, OpenOrders: p.openOrders, Market: p.market, MarketProgram: openbookProgramID,
		TargetOrders: p.targetOrders, AmmOwner: m.ammOwner, LpAmount: p.lpAmount, RecentEpoch: m.epoch()}
	b := make(borshBuf, 0, ammInfoLen)
	b.u64(st.Status).u64(st.Nonce).u64(7).u64(3).u64(st.CoinDecimals).u64(st.PcDecimals).u64(st.State).u64(0).
		u64(1).u64(500).u64(500_000).u64(st.CoinLotSize).u64(st.PcLotSize).u64(1).u64(1_000_000_000).u64(1_000_000).
		u64(5).u64(10_000).u64(st.TradeFeeNumerator).u64(st.TradeFeeDenominator).u64(st.PnlNumerator).
		u64(st.PnlDenominator).u64(st.SwapFeeNumerator).u64(st.SwapFeeDenominator).
		u64(st.NeedTakePnlCoin).u64(st.NeedTakePnlPc).u64(st.TotalPnlPc).u64(st.TotalPnlCoin).u64(st.PoolOpenTime).
		zeros(16).u64(0).u128(p.swapCoinIn[0], p.swapCoinIn[1]).u128(p.swapPcOut[0], p.swapPcOut[1]).u64(p.accPcFee).
		u128(p.swapPcIn[0], p.swapPcIn[1]).u128(p.swapCoinOut[0], p.swapCoinOut[1]).u64(p.accCoinFee).
		key(st.CoinVault).key(st.PcVault).key(st.CoinVaultMint).key(st.PcVaultMint).key(st.LpMint).
		key(st.OpenOrders).key(st.Market).key(st.MarketProgram).key(st.TargetOrders).zeros(64).key(st.AmmOwner).
		u64(st.LpAmount).u64(0).u64(st.RecentEpoch).u64(0)
	return acctWrite{key: p.amm, owner: ammProgramID, data: b, body: st}
}

func (m *Market) epoch() uint64 { return m.slot / 432_000 }

func pickHeat[T any](m *Market, xs []T, heat func(T) float64) (T, bool) {
	var zero T
	total := 0.0
	for _, x := range xs {
		total += heat(x)
	}
	if total == 0 {
		return zero, false
	}
	r := m.rng.Float64() * total
	for _, x := range xs {
		if r < heat(x) {
			return x, true
		}
		r -= heat(x)
	}
	return xs[len(xs)-1], true
}

func (s *slotGen) ammSwap() bool {
	m := s.m
	p, ok := pickHeat(m, m.amms, func(p *ammPool) float64 { return p.heat })
	if !ok {
		return false
	}
	coinToPc := len(p.holders) > 0 && m.rng.Float64() < 0.45
	var u *signerKey
	if coinToPc {
		u = p.holders[m.rng.IntN(len(p.holders))]
	} else {
		u = m.user()
	}
	userCoin := m.userATA(u.key, p.coinMint, tokenProgramID, p.coinDec)
	userPc := m.wsolATA(u.key)
	coinRes, pcRes := m.balance(p.coinVault), m.balance(p.pcVault)
	b := m.newTx(u)
	var in, out, dir, userSource uint64
	src, dst := userPc, userCoin
	if coinToPc {
		bal := m.balance(userCoin)
		in = uint64(float64(bal) * (0.2 + 0.8*m.rng.Float64()))
		if in == 0 {
			p.holders = dropHolder(p.holders, u)
			return false
		}
		src, dst, dir, userSource = userCoin, userPc, raydiumamm.DirectionCoin2PC, bal
	} else {
		in = m.solSize(1, 1.2, 0.01, 100)
		dir, userSource = raydiumamm.DirectionPC2Coin, m.balance(userPc)
		if !m.tokens[userCoin].exists {
			b.ensureATA(u, p.coinMint, tokenProgramID, p.coinDec)
		}
	}
	fee := mulDivCeil(in, ammFeeNum, ammFeeDen)
	net := in - fee
	if coinToPc {
		out = mulDiv(pcRes, net, coinRes+net)
	} else {
		out = mulDiv(coinRes, net, pcRes+net)
	}
	if out == 0 {
		return false
	}
	minOut := out - out/50
	args := borshBuf{}
	args.u8(raydiumamm.TagSwapBaseIn).u64(in).u64(minOut)
	var accts []acctMeta
	if m.rng.Float64() < 0.7 {
		accts = []acctMeta{acR(tokenProgramID), acW(p.amm), acR(ammAuthority), acW(p.openOrders), acW(p.targetOrders),
			acW(p.coinVault), acW(p.pcVault), acR(openbookProgramID), acW(p.market), acW(p.bids), acW(p.asks),
			acW(p.eventQueue), acW(p.marketCoinVault), acW(p.marketPcVault), acR(p.vaultSigner), acW(src), acW(dst), acWS(u.key)}
	} else { // the 17-account form, the amm standing in for the market accounts
		accts = []acctMeta{acR(tokenProgramID), acW(p.amm), acR(ammAuthority), acW(p.amm), acW(p.coinVault),
			acW(p.pcVault), acR(p.amm), acW(p.amm), acW(p.amm), acW(p.amm), acW(p.amm), acW(p.amm), acW(p.amm),
			acR(p.amm), acW(src), acW(dst), acWS(u.key)}
	}
	n := &ixNode{program: ammProgramID, data: args, cu: 30_000, accounts: accts}
	lg := borshBuf{}
	lg.u8(raydiumamm.LogSwapBaseIn).u64(in).u64(minOut).u64(dir).u64(userSource).u64(coinRes).u64(pcRes).u64(out)
	n.log("Program log: ray_log: " + base64.StdEncoding.EncodeToString(lg))
	if m.rng.Float64() < m.cfg.FailedShare {
		n.steps = n.steps[:0]
		n.log("Program log: Error: exceeds desired slippage limit")
		n.fail = "custom program error: 0x1e"
		b.failed = true
		b.route(n)
		s.submit(b, "raydium_amm swap_base_in")
		return true
	}
	sw := &events.RaydiumAMMSwap{AMM: p.amm, User: u.key, CoinVault: p.coinVault, PcVault: p.pcVault, UserSource: src,
		UserDestination: dst, Instruction: "swap_base_in", AmountIn: in, MinimumAmountOut: minOut, InputAmount: in,
		OutputAmount: out, PoolCoin: coinRes, PoolPc: pcRes, AmountsSource: raydiumamm.SourceRayLog}
	if coinToPc {
		n.call(tokenXfer(tokenProgramID, userCoin, p.coinVault, p.coinMint, u.key, in, p.coinDec))
		n.call(tokenXfer(tokenProgramID, p.pcVault, userPc, wsolMint, ammAuthority, out, 9))
		b.tok(userCoin, -int64(in))
		b.tok(p.coinVault, int64(in))
		b.tok(p.pcVault, -int64(out))
		b.tok(userPc, int64(out))
		add128(&p.swapCoinIn, in)
		add128(&p.swapPcOut, out)
		p.accCoinFee += fee
		sw.Direction, sw.InputMint, sw.OutputMint = raydiumamm.CoinToPc, p.coinMint, p.pcMint
		sw.Price = raydiumamm.Price(in, p.coinDec, out, p.pcDec)
		if in == userSource {
			p.holders = dropHolder(p.holders, u)
		}
	} else {
		n.call(tokenXfer(tokenProgramID, userPc, p.pcVault, wsolMint, u.key, in, 9))
		n.call(tokenXfer(tokenProgramID, p.coinVault, userCoin, p.coinMint, ammAuthority, out, p.coinDec))
		b.tok(userPc, -int64(in))
		b.tok(p.pcVault, int64(in))
		b.tok(p.coinVault, -int64(out))
		b.tok(userCoin, int64(out))
		add128(&p.swapPcIn, in)
		add128(&p.swapCoinOut, out)
		p.accPcFee += fee
		sw.Direction, sw.InputMint, sw.OutputMint = raydiumamm.PcToCoin, p.pcMint, p.coinMint
		sw.Price = raydiumamm.Price(out, p.coinDec, in, p.pcDec)
		p.holders = addHolder(p.holders, u)
	}
	n.expect(sw)
	b.route(n)
	b.write(m.ammAccount(p))
	s.submit(b, "raydium_amm swap_base_in")
	return true
}

// cpmmPool is a CPMM pool; token_0 sorts before token_1.
type cpmmPool struct {
	pool, lpMint, observation, creator  solana.PublicKey
	mint, vault, tp                     [2]solana.PublicKey
	dec                                 [2]uint8
	lpSupply, openTime                  uint64
	protocolFees, fundFees, creatorFees [2]uint64
	authBump                            uint8
	heat                                float64
	holders                             []*signerKey
	coinSide                            int // the side that is not wSOL
}

func (m *Market) newCpmmPool(coin solana.PublicKey, creator solana.PublicKey) *cpmmPool {
	p := &cpmmPool{creator: creator, authBump: m.findPDA(cpmmProgramID, []byte("vault_and_lp_mint_auth_seed")).bump}
	a, b := coin, wsolMint
	da, db := uint8(tokenDecimals), uint8(9)
	p.coinSide = 0
	if bytes.Compare(a[:], b[:]) > 0 {
		a, b, da, db = b, a, db, da
		p.coinSide = 1
	}
	p.mint, p.dec, p.tp = [2]solana.PublicKey{a, b}, [2]uint8{da, db}, [2]solana.PublicKey{tokenProgramID, tokenProgramID}
	p.pool = m.findPDA(cpmmProgramID, []byte("pool"), cpmmAmmConfig[:], a[:], b[:]).key
	p.lpMint = m.findPDA(cpmmProgramID, []byte("pool_lp_mint"), p.pool[:]).key
	p.observation = m.findPDA(cpmmProgramID, []byte("observation"), p.pool[:]).key
	for i := range 2 {
		p.vault[i] = m.findPDA(cpmmProgramID, []byte("pool_vault"), p.pool[:], p.mint[i][:]).key
		m.tokenAccount(p.vault[i], p.mint[i], cpmmAuthority, p.tp[i], p.dec[i], 0, false)
		m.lamports[p.vault[i]] = tokenAccountRent
	}
	return p
}

// cpmmAccount encodes a PoolState (637 bytes) and the state the decoder reads.
func (m *Market) cpmmAccount(p *cpmmPool) acctWrite {
	st := &events.RaydiumCPMMPool{Pool: p.pool, AmmConfig: cpmmAmmConfig, PoolCreator: p.creator,
		Token0Vault: p.vault[0], Token1Vault: p.vault[1], LpMint: p.lpMint, Token0Mint: p.mint[0], Token1Mint: p.mint[1],
		Token0Program: p.tp[0], Token1Program: p.tp[1], ObservationKey: p.observation, AuthBump: p.authBump,
		LpMintDecimals: 9, Mint0Decimals: p.dec[0], Mint1Decimals: p.dec[1], LpSupply: p.lpSupply,
		ProtocolFeesToken0: p.protocolFees[0], ProtocolFeesToken1: p.protocolFees[1],
		FundFeesToken0: p.fundFees[0], FundFeesToken1: p.fundFees[1], OpenTime: p.openTime, RecentEpoch: m.epoch(),
		CreatorFeesToken0: p.creatorFees[0], CreatorFeesToken1: p.creatorFees[1]}
	b := disc(cpmmAcctPoolState)
	b.key(st.AmmConfig).key(st.PoolCreator).key(st.Token0Vault).key(st.Token1Vault).key(st.LpMint).key(st.Token0Mint).
		key(st.Token1Mint).key(st.Token0Program).key(st.Token1Program).key(st.ObservationKey).u8(st.AuthBump).
		u8(st.Status).u8(st.LpMintDecimals).u8(st.Mint0Decimals).u8(st.Mint1Decimals).u64(st.LpSupply).
		u64(st.ProtocolFeesToken0).u64(st.ProtocolFeesToken1).u64(st.FundFeesToken0).u64(st.FundFeesToken1).
		u64(st.OpenTime).u64(st.RecentEpoch).u8(st.CreatorFeeOn).flag(st.EnableCreatorFee).zeros(6).
		u64(st.CreatorFeesToken0).u64(st.CreatorFeesToken1)
	b.zeros(cpmmPoolLen - len(*b))
	return acctWrite{key: p.pool, owner: cpmmProgramID, data: *b, body: st}
}

func (s *slotGen) cpmmSwap() bool {
	m := s.m
	p, ok := pickHeat(m, m.cpmms, func(p *cpmmPool) float64 { return p.heat })
	if !ok {
		return false
	}
	sell := len(p.holders) > 0 && m.rng.Float64() < 0.45 // coin in, SOL out
	var u *signerKey
	if sell {
		u = p.holders[m.rng.IntN(len(p.holders))]
	} else {
		u = m.user()
	}
	coin := p.coinSide
	userAcct := [2]solana.PublicKey{}
	userAcct[coin] = m.userATA(u.key, p.mint[coin], p.tp[coin], p.dec[coin])
	userAcct[1-coin] = m.wsolATA(u.key)
	in := 1 - coin // SOL side in
	if sell {
		in = coin
	}
	outSide := 1 - in
	b := m.newTx(u)
	var amount uint64
	if sell {
		bal := m.balance(userAcct[coin])
		amount = uint64(float64(bal) * (0.2 + 0.8*m.rng.Float64()))
		if amount == 0 {
			p.holders = dropHolder(p.holders, u)
			return false
		}
	} else {
		amount = m.solSize(0.8, 1.2, 0.01, 80)
		if !m.tokens[userAcct[coin]].exists {
			b.ensureATA(u, p.mint[coin], p.tp[coin], p.dec[coin])
		}
	}
	before := func(i int) uint64 {
		return m.balance(p.vault[i]) - p.protocolFees[i] - p.fundFees[i] - p.creatorFees[i]
	}
	inBefore, outBefore := before(in), before(outSide)
	fee := mulDivCeil(amount, cpmmTradeFeeRate, 1_000_000)
	out := mulDiv(outBefore, amount-fee, inBefore+amount-fee)
	if out == 0 {
		return false
	}
	minOut := out - out/40
	args := borshBuf{}
	args.u64(amount).u64(minOut)
	n := &ixNode{program: cpmmProgramID, data: append(cpmmIxSwapBaseInput[:], args...), cu: 28_000, accounts: []acctMeta{
		acWS(u.key), acR(cpmmAuthority), acR(cpmmAmmConfig), acW(p.pool), acW(userAcct[in]), acW(userAcct[outSide]),
		acW(p.vault[in]), acW(p.vault[outSide]), acR(p.tp[in]), acR(p.tp[outSide]), acR(p.mint[in]), acR(p.mint[outSide]),
		acW(p.observation)}}
	n.log("Program log: Instruction: SwapBaseInput")
	if m.rng.Float64() < m.cfg.FailedShare {
		n.failWith("ExceededSlippage", 6005, "Exceeds desired slippage limit")
		b.failed = true
		b.route(n)
		s.submit(b, "raydium_cpmm swap_base_input")
		return true
	}
	sw := &events.RaydiumCPMMSwap{PoolID: p.pool, Payer: u.key, InputTokenAccount: userAcct[in],
		OutputTokenAccount: userAcct[outSide], InputVault: p.vault[in], OutputVault: p.vault[outSide],
		Instruction: "swap_base_input", AmountIn: amount, MinimumAmountOut: minOut, InputVaultBefore: inBefore,
		OutputVaultBefore: outBefore, InputAmount: amount, OutputAmount: out, BaseInput: true, InputMint: p.mint[in],
		OutputMint: p.mint[outSide], TradeFee: fee, CreatorFeeOnInput: true, EventVersion: 2,
		AmountsSource: raydiumcpmm.SourceEvent}
	if in == 0 {
		sw.Price = raydiumcpmm.Price(amount, p.dec[0], out, p.dec[1])
	} else {
		sw.Price = raydiumcpmm.Price(out, p.dec[0], amount, p.dec[1])
	}
	ev := disc(cpmmEvSwap)
	ev.key(sw.PoolID).u64(sw.InputVaultBefore).u64(sw.OutputVaultBefore).u64(sw.InputAmount).u64(sw.OutputAmount).
		u64(sw.InputTransferFee).u64(sw.OutputTransferFee).flag(sw.BaseInput).key(sw.InputMint).key(sw.OutputMint).
		u64(sw.TradeFee).u64(sw.CreatorFee).flag(sw.CreatorFeeOnInput)
	n.call(tokenXfer(token2022ID, userAcct[in], p.vault[in], p.mint[in], u.key, amount, p.dec[in]))
	n.call(tokenXfer(token2022ID, p.vault[outSide], userAcct[outSide], p.mint[outSide], cpmmAuthority, out, p.dec[outSide]))
	n.log("Program data: " + base64.StdEncoding.EncodeToString(*ev))
	n.expect(sw)
	// transfer_checked of the vaults' own token program; the vaults here are SPL Token.
	for _, st := range n.steps {
		if st.child != nil {
			st.child.program = tokenProgramID
		}
	}
	b.tok(userAcct[in], -int64(amount))
	b.tok(p.vault[in], int64(amount))
	b.tok(p.vault[outSide], -int64(out))
	b.tok(userAcct[outSide], int64(out))
	p.protocolFees[in] += fee * cpmmProtocolRate / 1_000_000
	p.fundFees[in] += fee * cpmmFundRate / 1_000_000
	if !sell {
		p.holders = addHolder(p.holders, u)
	}
	b.route(n)
	b.write(m.cpmmAccount(p))
	s.submit(b, "raydium_cpmm swap_base_input")
	return true
}
