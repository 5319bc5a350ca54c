package geysersim

import (
	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/programs/launchlab"
)

// Starting state: wallets, the lookup table, and coins and pools already trading, at every
// stage (a few curves and launches close to selling out, so that completions and migrations
// happen in the first minute).
const (
	marketUsers     = 400
	marketCurves    = 40
	marketPumpPools = 8
	marketLLPools   = 10
	marketAMMPools  = 4
	marketCPMMPools = 3
)

func (m *Market) setup() {
	for range marketUsers {
		u := m.newKey()
		m.users = append(m.users, u)
		m.lamports[u.key] = uint64(20+m.rng.IntN(500)) * 1_000_000_000
	}
	m.migrator, m.llMigrator = m.newKey(), m.newKey()
	m.lamports[m.migrator.key] = 1_000_000_000_000
	m.lamports[m.llMigrator.key] = 1_000_000_000_000
	m.router = m.newAddress()
	m.alt = m.newAddress()
	m.mayhemSolVault, m.mayhemParams, m.ammOwner = m.newAddress(), m.newAddress(), m.newAddress()
	for range 8 {
		m.pumpFeeRecipients = append(m.pumpFeeRecipients, m.newAddress())
		r := m.newAddress()
		m.pumpSwapFeeRecipients = append(m.pumpSwapFeeRecipients, r)
		m.tokenAccount(m.ata(r, wsolMint, tokenProgramID), wsolMint, r, tokenProgramID, 9, 0, true)
	}
	table := []solana.PublicKey{systemProgramID, tokenProgramID, token2022ID, ataProgramID, rentSysvarID, wsolMint,
		pumpGlobal, pumpEventAuthority, pumpGlobalVolume, pumpFeeConfig, pumpFeeProgramID, pumpMintAuthority,
		pumpSwapGlobalConfig, pumpSwapEventAuthority, pumpSwapFeeConfig, pumpSwapGlobalVolume,
		launchLabAuthority, launchLabEventAuthority, launchLabGlobalConfig, launchLabPlatform,
		ammAuthority, ammConfig, openbookProgramID, cpmmAuthority, cpmmAmmConfig, metaplexID, memoProgramID}
	table = append(table, m.pumpFeeRecipients...)
	for _, r := range m.pumpSwapFeeRecipients {
		table = append(table, r, m.ata(r, wsolMint, tokenProgramID))
	}
	for i, k := range table {
		m.altIndex[k] = i + 1
	}

	for i := range marketCurves {
		p := m.rng.Float64() * 0.3
		switch {
		case i < 3:
			p = 0.985 + 0.013*m.rng.Float64()
		case i < 12:
			p = 0.3 + 0.6*m.rng.Float64()
		}
		v2 := m.rng.Float64() < 0.7
		c := m.newPumpCurve(m.newAddress(), m.user().key, v2)
		sold := uint64(p * pumpInitialRTR)
		c.vtr = pumpInitialVTR - sold
		c.vsr = mulDivCeil(pumpInitialVSR, pumpInitialVTR, c.vtr)
		c.rsr = c.vsr - pumpInitialVSR
		c.rtr = pumpInitialRTR - sold
		c.heat = m.lognormal(0, 1)
		if i < 3 {
			c.heat = 8
		}
		m.tokens[c.curveATA].amount, m.tokens[c.curveATA].exists = pumpSupply-sold, true
		m.lamports[c.curveATA] = tokenAccountRent
		m.lamports[c.curve] = pumpCurveRent + c.rsr
		c.holders = m.spread(c.mint, c.tokenProgram, sold/100, 2+m.rng.IntN(5))
		m.curves = append(m.curves, c)
	}

	for range marketPumpPools {
		tp := tokenProgramID
		if m.rng.IntN(2) == 0 {
			tp = token2022ID
		}
		mint := m.newAddress()
		auth := m.findPDA(pumpProgramID, []byte("pool-authority"), mint[:]).key
		var idx [2]byte
		pp := m.findPDA(pumpSwapProgramID, []byte("pool"), idx[:], auth[:], mint[:], wsolMint[:])
		p := m.newPumpPool(pp, auth, mint, tp, m.user().key)
		base := uint64(50+m.rng.IntN(350)) * 1_000_000_000_000
		quote := m.solSize(300, 1, 40, 20_000)
		m.tokens[p.baseVault].amount, m.tokens[p.baseVault].exists = base, true
		m.tokens[p.quoteVault].amount, m.tokens[p.quoteVault].exists = quote, true
		m.lamports[p.quoteVault] = tokenAccountRent + quote
		p.lpSupply = isqrtMul(base, quote)
		p.heat = m.lognormal(0, 1)
		p.holders = m.spread(mint, tp, base/20, 4+m.rng.IntN(7))
		for range 2 {
			u := m.user()
			lp := m.userATA(u.key, p.lpMint, token2022ID, 9)
			m.tokens[lp].amount, m.tokens[lp].exists = p.lpSupply/100, true
			m.lamports[lp] = tokenAccountRent
			p.lpHolders = append(p.lpHolders, u)
		}
		m.pools = append(m.pools, p)
	}

	for i := range marketLLPools {
		frac := m.rng.Float64() * 0.4
		if i < 2 {
			frac = 0.99 + 0.008*m.rng.Float64()
		}
		p := m.newLLPool(m.newAddress(), m.user().key, uint8(i%2))
		p.rb = uint64(frac * llTotalBaseSell)
		p.rq = mulDivCeil(llVirtualQuote, llVirtualBase, llVirtualBase-p.rb) - llVirtualQuote
		p.status = launchlab.StatusFund
		p.heat = m.lognormal(0, 1)
		if i < 2 {
			p.heat = 6
		}
		m.tokens[p.baseVault].amount, m.tokens[p.baseVault].exists = llSupply-p.rb, true
		m.tokens[p.quoteVault].amount, m.tokens[p.quoteVault].exists = p.rq, true
		m.lamports[p.baseVault], m.lamports[p.quoteVault] = tokenAccountRent, tokenAccountRent+p.rq
		p.holders = m.spread(p.baseMint, tokenProgramID, p.rb/100, 2+m.rng.IntN(5))
		m.llPools = append(m.llPools, p)
	}

	for range marketAMMPools {
		p := m.newAmmPool(m.newAddress(), m.newAddress())
		coin := uint64(100+m.rng.IntN(700)) * 1_000_000_000_000
		pc := m.solSize(2_000, 1, 200, 50_000)
		m.tokens[p.coinVault].amount, m.tokens[p.coinVault].exists = coin, true
		m.tokens[p.pcVault].amount, m.tokens[p.pcVault].exists = pc, true
		p.lpAmount = isqrtMul(coin, pc)
		p.openTime = uint64(m.cfg.StartTime.Unix()) - uint64(86_400*(10+m.rng.IntN(300)))
		p.heat = m.lognormal(0, 0.5)
		p.holders = m.spread(p.coinMint, tokenProgramID, coin/50, 5)
		m.amms = append(m.amms, p)
	}

	for range marketCPMMPools {
		p := m.newCpmmPool(m.newAddress(), m.newAddress())
		coin := uint64(100+m.rng.IntN(700)) * 1_000_000_000_000
		sol := m.solSize(800, 1, 100, 20_000)
		m.tokens[p.vault[p.coinSide]].amount, m.tokens[p.vault[p.coinSide]].exists = coin, true
		m.tokens[p.vault[1-p.coinSide]].amount, m.tokens[p.vault[1-p.coinSide]].exists = sol, true
		p.lpSupply = isqrtMul(coin, sol)
		p.openTime = uint64(m.cfg.StartTime.Unix()) - uint64(86_400*(1+m.rng.IntN(100)))
		p.heat = m.lognormal(0, 0.5)
		p.holders = m.spread(p.mint[p.coinSide], tokenProgramID, coin/50, 5)
		m.cpmms = append(m.cpmms, p)
	}
}

// spread gives total tokens (a small part of what is in circulation: the market does not model
// every holder) of mint to n random wallets and returns them.
func (m *Market) spread(mint, tp solana.PublicKey, total uint64, n int) []*signerKey {
	var hs []*signerKey
	left := total
	for i := 0; i < n && left > 0; i++ {
		u := m.user()
		amt := left
		if i < n-1 {
			amt = uint64(float64(left) * (0.2 + 0.5*m.rng.Float64()))
		}
		k := m.userATA(u.key, mint, tp, tokenDecimals)
		m.tokens[k].amount += amt
		m.tokens[k].exists = true
		m.lamports[k] = tokenAccountRent
		left -= amt
		hs = addHolder(hs, u)
	}
	return hs
}
