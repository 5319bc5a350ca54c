package pumpfun

import (
	"encoding/hex"
	"fmt"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/borsh"
	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/events"
)

// checkDisc returns an error wrapping chain.ErrUnknownDiscriminator unless data starts with want.
func checkDisc(data []byte, want [8]byte, what string) error {
	if len(data) < 8 || [8]byte(data[:8]) != want {
		n := min(len(data), 8)
		return fmt.Errorf("pumpfun: decode %s: discriminator %s: %w", what, hex.EncodeToString(data[:n]), chain.ErrUnknownDiscriminator)
	}
	return nil
}

// DecodeBondingCurve decodes a BondingCurve account's data, discriminator included (offsets as
// in PROGRAMS.md §2.3). Accounts hold 49 to 166+ bytes: the 49-byte original struct is
// required, each later field is read when the data holds all of it, and the rest stays zero.
// BondingCurve (the address) is the caller's. The error wraps chain.ErrUnknownDiscriminator,
// borsh.ErrShortData (shorter than 49 bytes) or borsh.ErrInvalid (a bool byte above 1).
func DecodeBondingCurve(data []byte) (events.PumpfunBondingCurve, error) {
	if err := checkDisc(data, acctBondingCurve, "BondingCurve"); err != nil {
		return events.PumpfunBondingCurve{}, err
	}
	var c events.PumpfunBondingCurve
	r := borsh.NewReader(data)
	r.Skip("discriminator", 8)
	c.VirtualTokenReserves = r.U64("virtual_token_reserves")
	c.VirtualSolReserves = r.U64("virtual_sol_reserves")
	c.RealTokenReserves = r.U64("real_token_reserves")
	c.RealSolReserves = r.U64("real_sol_reserves")
	c.TokenTotalSupply = r.U64("token_total_supply")
	c.Complete = r.Bool("complete")
	if r.Len() >= 32 {
		c.Creator = r.Pubkey("creator")
	}
	if r.Len() >= 1 {
		c.IsMayhemMode = r.Bool("is_mayhem_mode")
	}
	if r.Len() >= 1 {
		c.IsCashbackCoin = r.Bool("is_cashback_coin")
	}
	if r.Len() >= 32 {
		c.QuoteMint = r.Pubkey("quote_mint")
	}
	if r.Len() >= 8 {
		c.CreatorFeeBps = r.U64("creator_fee_bps")
	}
	if r.Len() >= 1 {
		c.CanEditCreatorFee = r.Bool("can_edit_creator_fee")
	}
	if r.Len() >= 1 {
		c.IsHolderReward = r.Bool("is_holder_reward")
	}
	if r.Len() >= 8 {
		c.CreatorFee = r.U64("creator_fee")
	}
	if r.Len() >= 8 {
		c.ProtocolFees = r.U64("protocol_fees")
	}
	if r.Len() >= 1 {
		c.Depth = r.U8("depth")
	}
	if r.Len() >= 8 {
		c.InitialVirtualQuoteReserves = r.U64("initial_virtual_quote_reserves")
	}
	if r.Len() >= 8 {
		c.PostCompleteBaseOut = r.U64("post_complete_base_out")
	}
	if r.Len() >= 8 {
		c.PostCompleteQuoteIn = r.U64("post_complete_quote_in")
	}
	if err := r.Err(); err != nil {
		return events.PumpfunBondingCurve{}, fmt.Errorf("pumpfun: decode BondingCurve: %w", err)
	}
	c.DataLen = len(data)
	d := Derive(c.VirtualSolReserves, c.VirtualTokenReserves, c.RealTokenReserves, c.TokenTotalSupply)
	c.Progress = d.Progress
	if isSOL(c.QuoteMint) { // a price in another quote mint is not a SOL price
		c.PriceSol, c.MarketCapSol = d.PriceSol, d.MarketCapSol
	}
	return c, nil
}

// globalMinLen is the oldest Global layout known: through fee_basis_points.
const globalMinLen = 113

// DecodeGlobal decodes the Global account's data, discriminator included (offsets as in
// PROGRAMS.md §2.3, later fields from IDL @2293f9a). The first 113 bytes (through
// fee_basis_points) are required; each later field is read when the data holds all of it.
// Global (the address) is the caller's. Errors as DecodeBondingCurve.
func DecodeGlobal(data []byte) (events.PumpfunGlobal, error) {
	if err := checkDisc(data, acctGlobal, "Global"); err != nil {
		return events.PumpfunGlobal{}, err
	}
	var g events.PumpfunGlobal
	r := borsh.NewReader(data)
	r.Skip("discriminator", 8)
	g.Initialized = r.Bool("initialized")
	g.Authority = r.Pubkey("authority")
	g.FeeRecipient = r.Pubkey("fee_recipient")
	g.InitialVirtualTokenReserves = r.U64("initial_virtual_token_reserves")
	g.InitialVirtualSolReserves = r.U64("initial_virtual_sol_reserves")
	g.InitialRealTokenReserves = r.U64("initial_real_token_reserves")
	g.TokenTotalSupply = r.U64("token_total_supply")
	g.FeeBasisPoints = r.U64("fee_basis_points")
	if r.Len() >= 32 {
		g.WithdrawAuthority = r.Pubkey("withdraw_authority")
	}
	if r.Len() >= 1 {
		g.EnableMigrate = r.Bool("enable_migrate")
	}
	if r.Len() >= 8 {
		g.PoolMigrationFee = r.U64("pool_migration_fee")
	}
	if r.Len() >= 8 {
		g.CreatorFeeBasisPoints = r.U64("creator_fee_basis_points")
	}
	keys(&r, "fee_recipients", g.FeeRecipients[:])
	if r.Len() >= 32 {
		g.SetCreatorAuthority = r.Pubkey("set_creator_authority")
	}
	if r.Len() >= 32 {
		g.AdminSetCreatorAuthority = r.Pubkey("admin_set_creator_authority")
	}
	if r.Len() >= 1 {
		g.CreateV2Enabled = r.Bool("create_v2_enabled")
	}
	if r.Len() >= 32 {
		g.WhitelistPDA = r.Pubkey("whitelist_pda")
	}
	if r.Len() >= 32 {
		g.ReservedFeeRecipient = r.Pubkey("reserved_fee_recipient")
	}
	if r.Len() >= 1 {
		g.MayhemModeEnabled = r.Bool("mayhem_mode_enabled")
	}
	keys(&r, "reserved_fee_recipients", g.ReservedFeeRecipients[:])
	if r.Len() >= 1 {
		g.IsCashbackEnabled = r.Bool("is_cashback_enabled")
	}
	keys(&r, "buyback_fee_recipients", g.BuybackFeeRecipients[:])
	if r.Len() >= 8 {
		g.BuybackBasisPoints = r.U64("buyback_basis_points")
	}
	if r.Len() >= 8 {
		g.InitialVirtualQuoteReserves = r.U64("initial_virtual_quote_reserves")
	}
	keys(&r, "whitelisted_quote_mints", g.WhitelistedQuoteMints[:])
	if r.Len() >= 1 {
		g.CreatorFeeConfigurable = r.Bool("creator_fee_configurable")
	}
	if r.Len() >= 8 {
		g.MaxConfigurableCreatorFeeBps = r.U64("max_configurable_creator_fee_bps")
	}
	if r.Len() >= 32 {
		g.HolderRewardClaimAuthority = r.Pubkey("holder_reward_claim_authority")
	}
	if r.Len() >= 1 {
		g.IsHolderRewardEnabled = r.Bool("is_holder_reward_enabled")
	}
	if r.Len() >= 1 {
		g.MaxCurveDepth = r.U8("max_curve_depth")
	}
	if err := r.Err(); err != nil {
		return events.PumpfunGlobal{}, fmt.Errorf("pumpfun: decode Global: %w", err)
	}
	g.DataLen = len(data)
	return g, nil
}

// keys reads a fixed array of public keys when the data holds all of it.
func keys(r *borsh.Reader, field string, dst []solana.PublicKey) {
	if r.Len() < 32*len(dst) {
		return
	}
	for i := range dst {
		dst[i] = r.Pubkey(field)
	}
}
