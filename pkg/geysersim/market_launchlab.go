package geysersim

import (
	"encoding/base64"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/anchor"
	"github.com/geyserjet/geyserjet/pkg/events"
	"github.com/geyserjet/geyserjet/pkg/programs/launchlab"
	"github.com/geyserjet/geyserjet/pkg/programs/raydiumamm"
	"github.com/geyserjet/geyserjet/pkg/programs/raydiumcpmm"
)

// LaunchLab (PROGRAMS.md §4): the SDK's default constant-product curve and fee rates (1e-6).
const (
	llSupply        = 1_000_000_000_000_000
	llTotalBaseSell = 793_100_000_000_000
	llFundRaising   = 85_000_000_000
	llVirtualBase   = 1_073_471_847_374_405
	llVirtualQuote  = 30_050_573_465
	llProtocolRate  = 2_500
	llPlatformRate  = 10_000
	llCreatorRate   = 500
	llPoolStateLen  = 429
)

var (
	llIxInitializeV2   = anchor.Discriminator("global", "initialize_v2")
	llIxBuyExactIn     = anchor.Discriminator("global", "buy_exact_in")
	llIxSellExactIn    = anchor.Discriminator("global", "sell_exact_in")
	llIxMigrateToAmm   = anchor.Discriminator("global", "migrate_to_amm")
	llIxMigrateToCpswp = anchor.Discriminator("global", "migrate_to_cpswap")
	llEvTrade          = anchor.Discriminator("event", "TradeEvent")
	llEvPoolCreate     = anchor.Discriminator("event", "PoolCreateEvent")
	llAcctPoolState    = anchor.Discriminator("account", "PoolState")
)

// llPool is a LaunchLab constant-product launch against wSOL.
type llPool struct {
	pool, baseMint, baseVault, quoteVault, creator solana.PublicKey
	rb, rq                                         uint64 // real base sold, real quote raised
	protocolFee, platformFee                       uint64
	migrateType, status                            uint8
	heat                                           float64
	holders                                        []*signerKey
}

func (m *Market) newLLPool(mint, creator solana.PublicKey, migrateType uint8) *llPool {
	p := &llPool{baseMint: mint, creator: creator, migrateType: migrateType}
	p.pool = m.findPDA(launchLabProgramID, []byte("pool"), mint[:], wsolMint[:]).key
	p.baseVault = m.findPDA(launchLabProgramID, []byte("pool_vault"), p.pool[:], mint[:]).key
	p.quoteVault = m.findPDA(launchLabProgramID, []byte("pool_vault"), p.pool[:], wsolMint[:]).key
	m.tokenAccount(p.baseVault, mint, launchLabAuthority, tokenProgramID, tokenDecimals, 0, false)
	m.tokenAccount(p.quoteVault, wsolMint, launchLabAuthority, tokenProgramID, 9, 0, false)
	m.lamports[p.baseVault], m.lamports[p.quoteVault] = 0, 0
	return p
}

// llPoolAccount encodes a PoolState (429 bytes) and the state the decoder reads.
func (m *Market) llPoolAccount(p *llPool) acctWrite {
	st := &events.LaunchLabPool{PoolState: p.pool, Epoch: m.epoch(), AuthBump: m.findPDA(launchLabProgramID, []byte("vault_auth_seed")).bump,
		Status: p.status, BaseDecimals: tokenDecimals, QuoteDecimals: 9, MigrateType: p.migrateType, Supply: llSupply,
		TotalBaseSell: llTotalBaseSell, VirtualBase: llVirtualBase, VirtualQuote: llVirtualQuote, RealBase: p.rb,
		RealQuote: p.rq, TotalQuoteFundRaising: llFundRaising, QuoteProtocolFee: p.protocolFee, PlatformFee: p.platformFee,
		GlobalConfig: launchLabGlobalConfig, PlatformConfig: launchLabPlatform, BaseMint: p.baseMint, QuoteMint: wsolMint,
		BaseVault: p.baseVault, QuoteVault: p.quoteVault, Creator: p.creator}
	b := disc(llAcctPoolState)
	b.u64(st.Epoch).u8(st.AuthBump).u8(st.Status).u8(st.BaseDecimals).u8(st.QuoteDecimals).u8(st.MigrateType).
		u64(st.Supply).u64(st.TotalBaseSell).u64(st.VirtualBase).u64(st.VirtualQuote).u64(st.RealBase).u64(st.RealQuote).
		u64(st.TotalQuoteFundRaising).u64(st.QuoteProtocolFee).u64(st.PlatformFee).u64(st.MigrateFee).
		u64(st.TotalLockedAmount).u64(st.CliffPeriod).u64(st.UnlockPeriod).u64(st.StartTime).u64(st.AllocatedShareAmount).
		key(st.GlobalConfig).key(st.PlatformConfig).key(st.BaseMint).key(st.QuoteMint).key(st.BaseVault).
		key(st.QuoteVault).key(st.Creator).u8(st.TokenProgramFlag).u8(st.AmmCreatorFeeOn).u64(st.PlatformVestingShare)
	b.zeros(llPoolStateLen - len(*b))
	st.Price, st.PriceSOL = launchlab.Prices(wsolMint, llVirtualBase, llVirtualQuote, p.rb, p.rq, tokenDecimals, 9)
	st.Progress = launchlab.Progress(p.rb, llTotalBaseSell)
	return acctWrite{key: p.pool, owner: launchLabProgramID, data: *b, body: st}
}

func (s *slotGen) launchlabCreate() bool {
	m := s.m
	u := m.user()
	mintKey := m.newKey()
	p := m.newLLPool(mintKey.key, u.key, uint8(m.rng.IntN(2)))
	p.heat = 2 * m.lognormal(0, 1)
	name, symbol, uri := m.coinName()
	metadata := m.findPDA(metaplexID, []byte("metadata"), metaplexID[:], p.baseMint[:]).key
	b := m.newTx(u)
	b.sign(mintKey)
	ev := &events.LaunchLabCreate{Instruction: "initialize_v2", PoolState: p.pool, Payer: u.key, Creator: u.key,
		Config: launchLabGlobalConfig, PlatformConfig: launchLabPlatform, BaseMint: p.baseMint, QuoteMint: wsolMint,
		BaseVault: p.baseVault, QuoteVault: p.quoteVault, Decimals: tokenDecimals, Name: name, Symbol: symbol, URI: uri,
		CurveType: "constant", Supply: llSupply, TotalBaseSell: llTotalBaseSell, TotalQuoteFundRaising: llFundRaising,
		MigrateType: p.migrateType}
	params := borshBuf{}
	params.u8(tokenDecimals).str(name).str(symbol).str(uri).u8(launchlab.CurveConstant).u64(llSupply).
		u64(llTotalBaseSell).u64(llFundRaising).u8(p.migrateType).u64(0).u64(0).u64(0)
	n := &ixNode{program: launchLabProgramID, data: append(append(llIxInitializeV2[:], params...), 0), cu: 80_000,
		accounts: []acctMeta{acWS(u.key), acR(u.key), acR(launchLabGlobalConfig), acR(launchLabPlatform),
			acR(launchLabAuthority), acW(p.pool), acWS(p.baseMint), acR(wsolMint), acW(p.baseVault), acW(p.quoteVault),
			acW(metadata), acR(tokenProgramID), acR(tokenProgramID), acR(metaplexID), acR(systemProgramID),
			acR(rentSysvarID), acR(launchLabEventAuthority), acR(launchLabProgramID)}}
	n.log("Program log: Instruction: InitializeV2")
	mt := &ixNode{program: tokenProgramID, cu: 4_500, data: tokenMintTo(llSupply), accounts: []acctMeta{acW(p.baseMint), acW(p.baseVault), acR(launchLabAuthority)}}
	n.call(mt.log("Program log: Instruction: MintTo"))
	body := disc(llEvPoolCreate)
	body.key(p.pool).key(u.key).key(launchLabGlobalConfig).raw(params).u8(0)
	n.emit(launchLabEventAuthority, *body, true)
	n.expect(ev)
	b.add(n)
	b.sol(u.key, -int64(pumpMintRent+2*tokenAccountRent+metadataAccountRent+4_000_000))
	b.sol(p.baseVault, tokenAccountRent)
	b.sol(p.quoteVault, tokenAccountRent)
	b.tok(p.baseVault, llSupply)
	b.tok(p.quoteVault, 0)
	b.write(m.llPoolAccount(p))
	m.llPools = append(m.llPools, p)
	s.submit(b, "launchlab initialize_v2")
	return true
}

func (s *slotGen) launchlabTrade() bool {
	m := s.m
	var active []*llPool
	for _, p := range m.llPools {
		if p.status == launchlab.StatusFund {
			active = append(active, p)
		}
	}
	p, ok := pickHeat(m, active, func(p *llPool) float64 { return p.heat })
	if !ok {
		return false
	}
	buy := len(p.holders) == 0 || m.rng.Float64() < 0.6
	var u *signerKey
	if buy {
		u = m.user()
	} else {
		u = p.holders[m.rng.IntN(len(p.holders))]
	}
	userBase := m.userATA(u.key, p.baseMint, tokenProgramID, tokenDecimals)
	userQuote := m.wsolATA(u.key)
	b := m.newTx(u)
	t := &events.LaunchLabTrade{PoolState: p.pool, User: u.key, BaseMint: p.baseMint, QuoteMint: wsolMint, IsBuy: buy,
		ExactIn: true, TotalBaseSell: llTotalBaseSell, VirtualBase: llVirtualBase, VirtualQuote: llVirtualQuote,
		RealBaseBefore: p.rb, RealQuoteBefore: p.rq, BaseDecimals: tokenDecimals, QuoteDecimals: 9, EventVersion: 2}
	fees := func(a uint64) (proto, plat, creator uint64) {
		return mulDivCeil(a, llProtocolRate, 1_000_000), mulDivCeil(a, llPlatformRate, 1_000_000), mulDivCeil(a, llCreatorRate, 1_000_000)
	}
	var n *ixNode
	if buy {
		if !m.tokens[userBase].exists {
			b.ensureATA(u, p.baseMint, tokenProgramID, tokenDecimals)
		}
		in := m.solSize(0.5, 1.2, 0.01, 30)
		pr, pl, cr := fees(in)
		net := in - pr - pl - cr
		out := mulDiv(net, llVirtualBase-p.rb, llVirtualQuote+p.rq+net)
		if remain := llTotalBaseSell - p.rb; out >= remain {
			out = remain
			net = mulDivCeil(out, llVirtualQuote+p.rq, llVirtualBase-p.rb-out)
			in = mulDivCeil(net, 1_000_000, 1_000_000-llProtocolRate-llPlatformRate-llCreatorRate) + 1
			pr, pl, cr = fees(in)
			net = in - pr - pl - cr
		}
		t.Instruction, t.TradeDirection = "buy_exact_in", launchlab.DirectionBuy
		t.AmountIn, t.AmountOut, t.ProtocolFee, t.PlatformFee, t.CreatorFee = in, out, pr, pl, cr
		t.RealBaseAfter, t.RealQuoteAfter = p.rb+out, p.rq+net
		args := borshBuf{}
		args.u64(in).u64(out - out/20).u64(0)
		n = &ixNode{program: launchLabProgramID, data: append(llIxBuyExactIn[:], args...), cu: 60_000}
		n.log("Program log: Instruction: BuyExactIn")
		n.call(tokenXfer(tokenProgramID, userQuote, p.quoteVault, wsolMint, u.key, in, 9))
		n.call(tokenXfer(tokenProgramID, p.baseVault, userBase, p.baseMint, launchLabAuthority, out, tokenDecimals))
		b.tok(userQuote, -int64(in))
		b.tok(p.quoteVault, int64(in))
		b.tok(p.baseVault, -int64(out))
		b.tok(userBase, int64(out))
	} else {
		bal := m.balance(userBase)
		in := bal
		if m.rng.Float64() < 0.7 {
			in = uint64(float64(bal) * (0.1 + 0.9*m.rng.Float64()))
		}
		if in == 0 || in > p.rb {
			p.holders = dropHolder(p.holders, u)
			return false
		}
		gross := mulDiv(in, llVirtualQuote+p.rq, llVirtualBase-p.rb+in)
		gross = min(gross, p.rq)
		pr, pl, cr := fees(gross)
		if pr+pl+cr >= gross {
			return false
		}
		out := gross - pr - pl - cr
		t.Instruction, t.TradeDirection = "sell_exact_in", launchlab.DirectionSell
		t.AmountIn, t.AmountOut, t.ProtocolFee, t.PlatformFee, t.CreatorFee = in, out, pr, pl, cr
		t.RealBaseAfter, t.RealQuoteAfter = p.rb-in, p.rq-gross
		args := borshBuf{}
		args.u64(in).u64(out - out/20).u64(0)
		n = &ixNode{program: launchLabProgramID, data: append(llIxSellExactIn[:], args...), cu: 55_000}
		n.log("Program log: Instruction: SellExactIn")
		n.call(tokenXfer(tokenProgramID, userBase, p.baseVault, p.baseMint, u.key, in, tokenDecimals))
		n.call(tokenXfer(tokenProgramID, p.quoteVault, userQuote, wsolMint, launchLabAuthority, out, 9))
		b.tok(userBase, -int64(in))
		b.tok(p.baseVault, int64(in))
		b.tok(p.quoteVault, -int64(out))
		b.tok(userQuote, int64(out))
	}
	n.accounts = []acctMeta{acWS(u.key), acR(launchLabAuthority), acR(launchLabGlobalConfig), acR(launchLabPlatform),
		acW(p.pool), acW(userBase), acW(userQuote), acW(p.baseVault), acW(p.quoteVault), acR(p.baseMint), acR(wsolMint),
		acR(tokenProgramID), acR(tokenProgramID), acR(launchLabEventAuthority), acR(launchLabProgramID)}
	if m.rng.Float64() < m.cfg.FailedShare {
		n.failWith("ExceededSlippage", 6003, "Exceeded slippage tolerance")
		b.failed = true
		b.route(n)
		s.submit(b, "launchlab trade")
		return true
	}
	status := uint8(launchlab.StatusFund)
	if t.RealBaseAfter == llTotalBaseSell {
		status = launchlab.StatusMigrate
	}
	t.PoolStatus = status
	body := disc(llEvTrade)
	body.key(t.PoolState).u64(t.TotalBaseSell).u64(t.VirtualBase).u64(t.VirtualQuote).u64(t.RealBaseBefore).
		u64(t.RealQuoteBefore).u64(t.RealBaseAfter).u64(t.RealQuoteAfter).u64(t.AmountIn).u64(t.AmountOut).
		u64(t.ProtocolFee).u64(t.PlatformFee).u64(t.CreatorFee).u64(t.ShareFee).u8(t.TradeDirection).u8(t.PoolStatus).flag(t.ExactIn)
	t.Price, t.PriceSOL = launchlab.Prices(wsolMint, llVirtualBase, llVirtualQuote, t.RealBaseAfter, t.RealQuoteAfter, tokenDecimals, 9)
	t.Progress = launchlab.Progress(t.RealBaseAfter, llTotalBaseSell)
	n.emit(launchLabEventAuthority, *body, true)
	n.expect(t)
	b.route(n)
	p.rb, p.rq, p.status = t.RealBaseAfter, t.RealQuoteAfter, status
	p.protocolFee += t.ProtocolFee
	p.platformFee += t.PlatformFee
	if buy {
		p.holders = addHolder(p.holders, u)
	} else if t.AmountIn == m.balance(userBase) {
		p.holders = dropHolder(p.holders, u)
	}
	b.write(m.llPoolAccount(p))
	what := "launchlab sell_exact_in"
	if buy {
		what = "launchlab buy_exact_in"
	}
	s.submit(b, what)
	if status == launchlab.StatusMigrate {
		delay := uint64(1 + m.rng.IntN(5))
		m.pending = append(m.pending, pendingAction{slot: s.slot + delay, run: func(s *slotGen) { s.launchlabMigrate(p) }})
	}
	return true
}

// launchlabMigrate graduates a sold-out launch: migrate_to_amm invokes AMM v4 initialize2,
// migrate_to_cpswap invokes CPMM initialize; the new pool then trades.
func (s *slotGen) launchlabMigrate(p *llPool) {
	m := s.m
	u := m.llMigrator
	base := m.balance(p.baseVault)
	quote := p.rq
	openTime := uint64(m.blockTime(s.slot))
	b := m.newTx(u)
	var n *ixNode
	var newPool acctWrite
	mig := &events.LaunchLabMigrate{Payer: u.key, PoolState: p.pool, GlobalConfig: launchLabGlobalConfig,
		BaseMint: p.baseMint, QuoteMint: wsolMint, BaseVault: p.baseVault, QuoteVault: p.quoteVault}
	if p.migrateType == launchlab.MigrateAMM {
		market := m.newAddress()
		a := m.newAmmPool(p.baseMint, market)
		a.openTime = openTime
		poolLP := m.ata(launchLabAuthority, a.lpMint, tokenProgramID)
		m.tokenAccount(poolLP, a.lpMint, launchLabAuthority, tokenProgramID, 9, 0, false)
		m.lamports[poolLP] = 0
		lp := isqrtMul(base, quote)
		a.lpAmount = lp
		requestQueue, createFee := m.newAddress(), m.newAddress()
		mig.Instruction, mig.Target, mig.TargetProgram = "migrate_to_amm", string(events.RaydiumAMM), ammProgramID
		mig.NewPool, mig.NewLPMint, mig.NewBaseVault, mig.NewQuoteVault = a.amm, a.lpMint, a.coinVault, a.pcVault
		mig.BaseLotSize, mig.QuoteLotSize, mig.MarketVaultSignerNonce = 1_000_000, 1_000, 0
		args := borshBuf{}
		args.u64(mig.BaseLotSize).u64(mig.QuoteLotSize).u8(mig.MarketVaultSignerNonce)
		n = &ixNode{program: launchLabProgramID, data: append(llIxMigrateToAmm[:], args...), cu: 120_000, accounts: []acctMeta{
			acWS(u.key), acR(p.baseMint), acR(wsolMint), acR(openbookProgramID), acW(market), acW(requestQueue),
			acW(a.eventQueue), acW(a.bids), acW(a.asks), acR(a.vaultSigner), acW(a.marketCoinVault), acW(a.marketPcVault),
			acR(ammProgramID), acW(a.amm), acR(ammAuthority), acW(a.openOrders), acW(a.lpMint), acW(a.coinVault),
			acW(a.pcVault), acW(a.targetOrders), acR(ammConfig), acW(createFee), acW(launchLabAuthority), acW(p.pool),
			acR(launchLabGlobalConfig), acW(p.baseVault), acW(p.quoteVault), acW(poolLP), acR(tokenProgramID),
			acR(ataProgramID), acR(systemProgramID), acR(rentSysvarID)}}
		n.log("Program log: Instruction: MigrateToAmm")
		init := borshBuf{}
		init.u8(raydiumamm.TagInitialize2).u8(a.nonce).u64(openTime).u64(quote).u64(base)
		in := &ixNode{program: ammProgramID, data: init, cu: 90_000, accounts: []acctMeta{
			acR(tokenProgramID), acR(ataProgramID), acR(systemProgramID), acR(rentSysvarID), acW(a.amm), acR(ammAuthority),
			acW(a.openOrders), acW(a.lpMint), acR(p.baseMint), acR(wsolMint), acW(a.coinVault), acW(a.pcVault),
			acW(a.targetOrders), acR(ammConfig), acW(createFee), acR(openbookProgramID), acR(market),
			acWS(launchLabAuthority), acW(p.baseVault), acW(p.quoteVault), acW(poolLP)}}
		il := borshBuf{}
		il.u8(raydiumamm.LogInit).u64(openTime).u8(9).u8(tokenDecimals).u64(1_000).u64(1_000_000).u64(quote).u64(base).key(market)
		in.log("Program log: ray_log: " + base64.StdEncoding.EncodeToString(il))
		in.call(tokenXfer(tokenProgramID, p.baseVault, a.coinVault, p.baseMint, launchLabAuthority, base, tokenDecimals))
		in.call(tokenXfer(tokenProgramID, p.quoteVault, a.pcVault, wsolMint, launchLabAuthority, quote, 9))
		mt := &ixNode{program: tokenProgramID, cu: 4_500, data: tokenMintTo(lp), accounts: []acctMeta{acW(a.lpMint), acW(poolLP), acR(ammAuthority)}}
		in.call(mt.log("Program log: Instruction: MintTo"))
		in.expect(&events.RaydiumAMMPoolCreate{AMM: a.amm, CoinMint: p.baseMint, PcMint: wsolMint, LpMint: a.lpMint,
			CoinVault: a.coinVault, PcVault: a.pcVault, OpenOrders: a.openOrders, Market: market, Creator: launchLabAuthority,
			Nonce: a.nonce, OpenTime: openTime, InitCoinAmount: base, InitPcAmount: quote, CoinDecimals: tokenDecimals,
			PcDecimals: 9, CoinLotSize: 1_000_000, PcLotSize: 1_000, Price: raydiumamm.Price(base, tokenDecimals, quote, 9)})
		n.call(in)
		b.tok(p.baseVault, -int64(base))
		b.tok(a.coinVault, int64(base))
		b.tok(p.quoteVault, -int64(quote))
		b.tok(a.pcVault, int64(quote))
		b.tok(poolLP, int64(lp))
		a.heat = 2 * m.lognormal(0, 0.7)
		a.holders = append(a.holders, p.holders...)
		m.amms = append(m.amms, a)
		newPool = m.ammAccount(a)
	} else {
		c := m.newCpmmPool(p.baseMint, launchLabAuthority)
		c.openTime = openTime
		amounts := [2]uint64{}
		amounts[c.coinSide], amounts[1-c.coinSide] = base, quote
		liq := isqrtMul(base, quote)
		c.lpSupply = liq
		poolLP := m.ata(launchLabAuthority, c.lpMint, tokenProgramID)
		m.tokenAccount(poolLP, c.lpMint, launchLabAuthority, tokenProgramID, 9, 0, false)
		m.lamports[poolLP] = 0
		lockAuth, lockVault := m.newAddress(), m.newAddress()
		mig.Instruction, mig.Target, mig.TargetProgram = "migrate_to_cpswap", string(events.RaydiumCPMM), cpmmProgramID
		mig.PlatformConfig = launchLabPlatform
		mig.NewPool, mig.NewLPMint = c.pool, c.lpMint
		mig.NewBaseVault, mig.NewQuoteVault = c.vault[c.coinSide], c.vault[1-c.coinSide]
		n = &ixNode{program: launchLabProgramID, data: llIxMigrateToCpswp[:], cu: 110_000, accounts: []acctMeta{
			acWS(u.key), acR(p.baseMint), acR(wsolMint), acR(launchLabPlatform), acR(cpmmProgramID), acW(c.pool),
			acR(cpmmAuthority), acW(c.lpMint), acW(mig.NewBaseVault), acW(mig.NewQuoteVault), acR(cpmmAmmConfig),
			acW(cpmmPoolFee), acW(c.observation), acR(lpLockProgramID), acR(lockAuth), acW(lockVault),
			acW(launchLabAuthority), acW(p.pool), acR(launchLabGlobalConfig), acW(p.baseVault), acW(p.quoteVault),
			acW(poolLP), acR(tokenProgramID), acR(tokenProgramID), acR(ataProgramID), acR(systemProgramID),
			acR(rentSysvarID), acR(metaplexID)}}
		n.log("Program log: Instruction: MigrateToCpswap")
		src := [2]solana.PublicKey{}
		src[c.coinSide], src[1-c.coinSide] = p.baseVault, p.quoteVault
		args := borshBuf{}
		args.u64(amounts[0]).u64(amounts[1]).u64(openTime)
		in := &ixNode{program: cpmmProgramID, data: append(cpmmIxInitialize[:], args...), cu: 80_000, accounts: []acctMeta{
			acWS(launchLabAuthority), acR(cpmmAmmConfig), acR(cpmmAuthority), acW(c.pool), acR(c.mint[0]), acR(c.mint[1]),
			acW(c.lpMint), acW(src[0]), acW(src[1]), acW(poolLP), acW(c.vault[0]), acW(c.vault[1]), acW(cpmmPoolFee),
			acW(c.observation), acR(tokenProgramID), acR(tokenProgramID), acR(tokenProgramID), acR(ataProgramID),
			acR(systemProgramID), acR(rentSysvarID)}}
		in.log("Program log: Instruction: Initialize")
		for i := range 2 {
			in.call(tokenXfer(token2022ID, src[i], c.vault[i], c.mint[i], launchLabAuthority, amounts[i], c.dec[i]))
		}
		mt := &ixNode{program: tokenProgramID, cu: 4_500, data: tokenMintTo(liq - 100), accounts: []acctMeta{acW(c.lpMint), acW(poolLP), acR(cpmmAuthority)}}
		in.call(mt.log("Program log: Instruction: MintTo"))
		for _, st := range in.steps {
			if st.child != nil {
				st.child.program = tokenProgramID
			}
		}
		in.expect(&events.RaydiumCPMMPoolCreate{PoolID: c.pool, Instruction: "initialize", Payer: launchLabAuthority,
			Creator: launchLabAuthority, AmmConfig: cpmmAmmConfig, Token0Mint: c.mint[0], Token1Mint: c.mint[1],
			LpMint: c.lpMint, Token0Vault: c.vault[0], Token1Vault: c.vault[1], ObservationState: c.observation,
			InitAmount0: amounts[0], InitAmount1: amounts[1], OpenTime: openTime, LpAmount: liq - 100,
			Price: raydiumcpmm.Price(amounts[0], c.dec[0], amounts[1], c.dec[1])})
		n.call(in)
		for i := range 2 {
			b.tok(src[i], -int64(amounts[i]))
			b.tok(c.vault[i], int64(amounts[i]))
		}
		b.tok(poolLP, int64(liq-100))
		c.heat = 2 * m.lognormal(0, 0.7)
		c.holders = append(c.holders, p.holders...)
		m.cpmms = append(m.cpmms, c)
		newPool = m.cpmmAccount(c)
	}
	n.expect(mig)
	b.add(n)
	p.status = launchlab.StatusTrade
	p.rq = 0
	b.write(m.llPoolAccount(p))
	b.write(newPool)
	s.submit(b, "launchlab "+mig.Instruction)
}
