package launchlab

import (
	"fmt"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/borsh"
	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/events"
)

// Body lengths of the TradeEvent versions (PROGRAMS.md 4.2). Version 2 inserted creator_fee
// before share_fee and appended exact_in, so the version is told by length, not by a prefix.
const (
	TradeEventV1Len = 130
	TradeEventV2Len = 139
)

// PoolStateLen is the size of a PoolState account, discriminator included.
const PoolStateLen = 429

// Enum values.
const (
	DirectionBuy  = 0
	DirectionSell = 1

	StatusFund    = 0 // funding (trading on the curve)
	StatusMigrate = 1 // funding ended, awaiting migration
	StatusTrade   = 2 // migrated

	CurveConstant = 0
	CurveFixed    = 1
	CurveLinear   = 2

	MigrateAMM  = 0 // Raydium AMM v4
	MigrateCPMM = 1 // Raydium CPMM
)

// TradeEvent is the body of a LaunchLab TradeEvent. CreatorFee and ExactIn are absent (zero)
// in version 1 events.
type TradeEvent struct {
	PoolState       solana.PublicKey
	TotalBaseSell   uint64
	VirtualBase     uint64
	VirtualQuote    uint64
	RealBaseBefore  uint64
	RealQuoteBefore uint64
	RealBaseAfter   uint64
	RealQuoteAfter  uint64
	AmountIn        uint64
	AmountOut       uint64
	ProtocolFee     uint64
	PlatformFee     uint64
	CreatorFee      uint64
	ShareFee        uint64
	TradeDirection  uint8
	PoolStatus      uint8
	ExactIn         bool
	Version         uint8 // 1 (130 bytes) or 2 (139 bytes or more)
	Extra           int   // bytes after the version 2 layout, from a newer program version
}

// DecodeTradeEvent decodes a TradeEvent body, the bytes after its discriminator: 130 bytes are
// version 1, 139 bytes version 2, and a longer body the version 2 prefix with Extra bytes
// counted. It returns an error wrapping borsh.ErrShortData when the body is shorter than 130
// bytes, or borsh.ErrInvalid for a length between the versions or an enum or bool out of range.
func DecodeTradeEvent(b []byte) (TradeEvent, error) {
	v, err := decodeTradeEvent(b)
	return v, prefixed(err)
}

func decodeTradeEvent(b []byte) (TradeEvent, error) {
	r := borsh.NewReader(b)
	var ev TradeEvent
	v2 := len(b) >= TradeEventV2Len
	if n := len(b); n > TradeEventV1Len && !v2 { // between the versions: neither layout
		r.Skip("body", TradeEventV1Len)
		r.Fail("body length", uint64(n))
	}
	ev.PoolState = r.Pubkey("pool_state")
	ev.TotalBaseSell = r.U64("total_base_sell")
	ev.VirtualBase = r.U64("virtual_base")
	ev.VirtualQuote = r.U64("virtual_quote")
	ev.RealBaseBefore = r.U64("real_base_before")
	ev.RealQuoteBefore = r.U64("real_quote_before")
	ev.RealBaseAfter = r.U64("real_base_after")
	ev.RealQuoteAfter = r.U64("real_quote_after")
	ev.AmountIn = r.U64("amount_in")
	ev.AmountOut = r.U64("amount_out")
	ev.ProtocolFee = r.U64("protocol_fee")
	ev.PlatformFee = r.U64("platform_fee")
	if v2 {
		ev.CreatorFee = r.U64("creator_fee")
	}
	ev.ShareFee = r.U64("share_fee")
	ev.TradeDirection = enum(&r, "trade_direction", DirectionSell)
	ev.PoolStatus = enum(&r, "pool_status", StatusTrade)
	ev.Version = 1
	if v2 {
		ev.ExactIn = r.Bool("exact_in")
		ev.Version = 2
	}
	if err := r.Err(); err != nil {
		return TradeEvent{}, fmt.Errorf("decode TradeEvent: %w", err)
	}
	ev.Extra = r.Len()
	return ev, nil
}

// enum reads a u8 that must be at most max.
func enum(r *borsh.Reader, field string, max uint8) uint8 {
	if r.Len() == 0 {
		return r.U8(field) // records the short-data failure
	}
	v := r.Rest()[0]
	if v > max {
		r.Fail(field, uint64(v))
		return 0
	}
	return r.U8(field)
}

// MintParams are the base mint's parameters of a pool creation.
type MintParams struct {
	Decimals uint8
	Name     string
	Symbol   string
	URI      string
}

// CurveParams are a pool creation's bonding-curve parameters. TotalBaseSell is set only for
// the constant-product curve.
type CurveParams struct {
	Type                  uint8 // CurveConstant, CurveFixed, CurveLinear
	Supply                uint64
	TotalBaseSell         uint64
	TotalQuoteFundRaising uint64
	MigrateType           uint8 // MigrateAMM, MigrateCPMM
}

// VestingParams are a pool creation's vesting parameters.
type VestingParams struct {
	TotalLockedAmount uint64
	CliffPeriod       uint64
	UnlockPeriod      uint64
}

func readMint(r *borsh.Reader) MintParams {
	var m MintParams
	m.Decimals = r.U8("decimals")
	m.Name = r.String("name")
	m.Symbol = r.String("symbol")
	m.URI = r.String("uri")
	return m
}

func readCurve(r *borsh.Reader) CurveParams {
	var c CurveParams
	c.Type = enum(r, "curve_param", CurveLinear)
	c.Supply = r.U64("supply")
	if c.Type == CurveConstant {
		c.TotalBaseSell = r.U64("total_base_sell")
	}
	c.TotalQuoteFundRaising = r.U64("total_quote_fund_raising")
	c.MigrateType = enum(r, "migrate_type", MigrateCPMM)
	return c
}

func readVesting(r *borsh.Reader) VestingParams {
	var v VestingParams
	v.TotalLockedAmount = r.U64("total_locked_amount")
	v.CliffPeriod = r.U64("cliff_period")
	v.UnlockPeriod = r.U64("unlock_period")
	return v
}

// PoolCreateEvent is the body of a LaunchLab PoolCreateEvent.
type PoolCreateEvent struct {
	PoolState   solana.PublicKey
	Creator     solana.PublicKey
	Config      solana.PublicKey // the global config
	Mint        MintParams
	Curve       CurveParams
	Vesting     VestingParams
	AmmFeeOn    uint8 // 0 QuoteToken, 1 BothToken
	HasAmmFeeOn bool  // false in events that predate the field
	Extra       int   // bytes after the known fields
}

// DecodePoolCreateEvent decodes a PoolCreateEvent body, the bytes after its discriminator. It
// returns an error wrapping borsh.ErrShortData or borsh.ErrInvalid (an enum out of range).
func DecodePoolCreateEvent(b []byte) (PoolCreateEvent, error) {
	v, err := decodePoolCreateEvent(b)
	return v, prefixed(err)
}

func decodePoolCreateEvent(b []byte) (PoolCreateEvent, error) {
	r := borsh.NewReader(b)
	var ev PoolCreateEvent
	ev.PoolState = r.Pubkey("pool_state")
	ev.Creator = r.Pubkey("creator")
	ev.Config = r.Pubkey("config")
	ev.Mint = readMint(&r)
	ev.Curve = readCurve(&r)
	ev.Vesting = readVesting(&r)
	if r.Len() > 0 {
		ev.AmmFeeOn = enum(&r, "amm_fee_on", 1)
		ev.HasAmmFeeOn = true
	}
	if err := r.Err(); err != nil {
		return PoolCreateEvent{}, fmt.Errorf("decode PoolCreateEvent: %w", err)
	}
	ev.Extra = r.Len()
	return ev, nil
}

// InitializeArgs are the arguments of initialize, initialize_v2 and initialize_with_token_2022.
type InitializeArgs struct {
	Mint                   MintParams
	Curve                  CurveParams
	Vesting                VestingParams
	AmmFeeOn               uint8 // initialize_v2 and initialize_with_token_2022
	HasTransferFee         bool  // initialize_with_token_2022: Some(TransferFeeExtensionParams)
	TransferFeeBasisPoints uint16
	TransferFeeMaximum     uint64
	Extra                  int // bytes after the known arguments
}

// DecodeInitializeArgs decodes initialize's arguments, the instruction data after its
// discriminator. Errors wrap borsh.ErrShortData or borsh.ErrInvalid.
func DecodeInitializeArgs(b []byte) (InitializeArgs, error) {
	a, err := decodeInitialize("initialize", b, false, false)
	return a, prefixed(err)
}

// DecodeInitializeV2Args decodes initialize_v2's arguments (as initialize's, then amm_fee_on).
func DecodeInitializeV2Args(b []byte) (InitializeArgs, error) {
	a, err := decodeInitialize("initialize_v2", b, true, false)
	return a, prefixed(err)
}

// DecodeInitializeWithToken2022Args decodes initialize_with_token_2022's arguments (as
// initialize_v2's, then Option<TransferFeeExtensionParams>).
func DecodeInitializeWithToken2022Args(b []byte) (InitializeArgs, error) {
	a, err := decodeInitialize("initialize_with_token_2022", b, true, true)
	return a, prefixed(err)
}

func decodeInitialize(name string, b []byte, feeOn, transferFee bool) (InitializeArgs, error) {
	r := borsh.NewReader(b)
	var a InitializeArgs
	a.Mint = readMint(&r)
	a.Curve = readCurve(&r)
	a.Vesting = readVesting(&r)
	if feeOn {
		a.AmmFeeOn = enum(&r, "amm_fee_on", 1)
	}
	if transferFee {
		switch enum(&r, "transfer_fee_param", 1) {
		case 1:
			a.HasTransferFee = true
			a.TransferFeeBasisPoints = r.U16("transfer_fee_basis_points")
			a.TransferFeeMaximum = r.U64("maximum_fee")
		}
	}
	if err := r.Err(); err != nil {
		return InitializeArgs{}, fmt.Errorf("decode %s args: %w", name, err)
	}
	a.Extra = r.Len()
	return a, nil
}

// SwapArgs are the arguments of buy_exact_in, buy_exact_out, sell_exact_in and sell_exact_out:
// Amount is amount_in (exact in) or amount_out (exact out), Limit the minimum out or maximum in.
type SwapArgs struct {
	Amount       uint64
	Limit        uint64
	ShareFeeRate uint64
}

// DecodeSwapArgs decodes a swap instruction's arguments, the data after its discriminator.
// Errors wrap borsh.ErrShortData.
func DecodeSwapArgs(b []byte) (SwapArgs, error) {
	v, err := decodeSwapArgs(b)
	return v, prefixed(err)
}

func decodeSwapArgs(b []byte) (SwapArgs, error) {
	r := borsh.NewReader(b)
	var a SwapArgs
	a.Amount = r.U64("amount")
	a.Limit = r.U64("limit")
	a.ShareFeeRate = r.U64("share_fee_rate")
	if err := r.Err(); err != nil {
		return SwapArgs{}, fmt.Errorf("decode swap args: %w", err)
	}
	return a, nil
}

// MigrateToAmmArgs are migrate_to_amm's arguments.
type MigrateToAmmArgs struct {
	BaseLotSize            uint64
	QuoteLotSize           uint64
	MarketVaultSignerNonce uint8
}

// DecodeMigrateToAmmArgs decodes migrate_to_amm's arguments, the data after its discriminator.
// Errors wrap borsh.ErrShortData.
func DecodeMigrateToAmmArgs(b []byte) (MigrateToAmmArgs, error) {
	v, err := decodeMigrateToAmmArgs(b)
	return v, prefixed(err)
}

func decodeMigrateToAmmArgs(b []byte) (MigrateToAmmArgs, error) {
	r := borsh.NewReader(b)
	var a MigrateToAmmArgs
	a.BaseLotSize = r.U64("base_lot_size")
	a.QuoteLotSize = r.U64("quote_lot_size")
	a.MarketVaultSignerNonce = r.U8("market_vault_signer_nonce")
	if err := r.Err(); err != nil {
		return MigrateToAmmArgs{}, fmt.Errorf("decode migrate_to_amm args: %w", err)
	}
	return a, nil
}

// PoolState is a LaunchLab PoolState account.
type PoolState struct {
	Epoch                 uint64
	AuthBump              uint8
	Status                uint8
	BaseDecimals          uint8
	QuoteDecimals         uint8
	MigrateType           uint8
	Supply                uint64
	TotalBaseSell         uint64
	VirtualBase           uint64
	VirtualQuote          uint64
	RealBase              uint64
	RealQuote             uint64
	TotalQuoteFundRaising uint64
	QuoteProtocolFee      uint64
	PlatformFee           uint64
	MigrateFee            uint64
	TotalLockedAmount     uint64 // the vesting schedule, flattened
	CliffPeriod           uint64
	UnlockPeriod          uint64
	StartTime             uint64
	AllocatedShareAmount  uint64
	GlobalConfig          solana.PublicKey
	PlatformConfig        solana.PublicKey
	BaseMint              solana.PublicKey
	QuoteMint             solana.PublicKey
	BaseVault             solana.PublicKey
	QuoteVault            solana.PublicKey
	Creator               solana.PublicKey
	TokenProgramFlag      uint8
	AmmCreatorFeeOn       uint8
	PlatformVestingShare  uint64
}

// DecodePoolState decodes a PoolState account's data, discriminator included; offsets in errors
// are account offsets. It reads through platform_vesting_share (offset 375) and ignores the
// padding after it. It returns an error wrapping chain.ErrUnknownDiscriminator for another
// account, borsh.ErrShortData, or borsh.ErrInvalid for a status or migrate_type out of range.
func DecodePoolState(data []byte) (PoolState, error) {
	var p PoolState
	if !hasDisc(data, discPoolState) {
		return p, chain.Unknown(events.LaunchLab, "account", data, 8)
	}
	r := borsh.NewReader(data)
	r.Skip("discriminator", 8)
	p.Epoch = r.U64("epoch")
	p.AuthBump = r.U8("auth_bump")
	p.Status = enum(&r, "status", StatusTrade)
	p.BaseDecimals = r.U8("base_decimals")
	p.QuoteDecimals = r.U8("quote_decimals")
	p.MigrateType = enum(&r, "migrate_type", MigrateCPMM)
	p.Supply = r.U64("supply")
	p.TotalBaseSell = r.U64("total_base_sell")
	p.VirtualBase = r.U64("virtual_base")
	p.VirtualQuote = r.U64("virtual_quote")
	p.RealBase = r.U64("real_base")
	p.RealQuote = r.U64("real_quote")
	p.TotalQuoteFundRaising = r.U64("total_quote_fund_raising")
	p.QuoteProtocolFee = r.U64("quote_protocol_fee")
	p.PlatformFee = r.U64("platform_fee")
	p.MigrateFee = r.U64("migrate_fee")
	p.TotalLockedAmount = r.U64("vesting_schedule.total_locked_amount")
	p.CliffPeriod = r.U64("vesting_schedule.cliff_period")
	p.UnlockPeriod = r.U64("vesting_schedule.unlock_period")
	p.StartTime = r.U64("vesting_schedule.start_time")
	p.AllocatedShareAmount = r.U64("vesting_schedule.allocated_share_amount")
	p.GlobalConfig = r.Pubkey("global_config")
	p.PlatformConfig = r.Pubkey("platform_config")
	p.BaseMint = r.Pubkey("base_mint")
	p.QuoteMint = r.Pubkey("quote_mint")
	p.BaseVault = r.Pubkey("base_vault")
	p.QuoteVault = r.Pubkey("quote_vault")
	p.Creator = r.Pubkey("creator")
	p.TokenProgramFlag = r.U8("token_program_flag")
	p.AmmCreatorFeeOn = r.U8("amm_creator_fee_on")
	p.PlatformVestingShare = r.U64("platform_vesting_share")
	if err := r.Err(); err != nil {
		return PoolState{}, fmt.Errorf("launchlab: decode PoolState: %w", err)
	}
	return p, nil
}

// GlobalConfig is a LaunchLab GlobalConfig account (its fields up to the padding).
type GlobalConfig struct {
	Epoch                 uint64
	CurveType             uint8
	Index                 uint16
	MigrateFee            uint64
	TradeFeeRate          uint64 // 1e-6 units
	MaxShareFeeRate       uint64
	MinBaseSupply         uint64
	MaxLockRate           uint64
	MinBaseSellRate       uint64
	MinBaseMigrateRate    uint64
	MinQuoteFundRaising   uint64
	QuoteMint             solana.PublicKey
	ProtocolFeeOwner      solana.PublicKey
	MigrateFeeOwner       solana.PublicKey
	MigrateToAmmWallet    solana.PublicKey
	MigrateToCpswapWallet solana.PublicKey
}

// DecodeGlobalConfig decodes a GlobalConfig account's data, discriminator included. It returns
// an error wrapping chain.ErrUnknownDiscriminator for another account, borsh.ErrShortData, or
// borsh.ErrInvalid for a curve_type out of range.
func DecodeGlobalConfig(data []byte) (GlobalConfig, error) {
	var g GlobalConfig
	if !hasDisc(data, discGlobalConfig) {
		return g, chain.Unknown(events.LaunchLab, "account", data, 8)
	}
	r := borsh.NewReader(data)
	r.Skip("discriminator", 8)
	g.Epoch = r.U64("epoch")
	g.CurveType = enum(&r, "curve_type", CurveLinear)
	g.Index = r.U16("index")
	g.MigrateFee = r.U64("migrate_fee")
	g.TradeFeeRate = r.U64("trade_fee_rate")
	g.MaxShareFeeRate = r.U64("max_share_fee_rate")
	g.MinBaseSupply = r.U64("min_base_supply")
	g.MaxLockRate = r.U64("max_lock_rate")
	g.MinBaseSellRate = r.U64("min_base_sell_rate")
	g.MinBaseMigrateRate = r.U64("min_base_migrate_rate")
	g.MinQuoteFundRaising = r.U64("min_quote_fund_raising")
	g.QuoteMint = r.Pubkey("quote_mint")
	g.ProtocolFeeOwner = r.Pubkey("protocol_fee_owner")
	g.MigrateFeeOwner = r.Pubkey("migrate_fee_owner")
	g.MigrateToAmmWallet = r.Pubkey("migrate_to_amm_wallet")
	g.MigrateToCpswapWallet = r.Pubkey("migrate_to_cpswap_wallet")
	if err := r.Err(); err != nil {
		return GlobalConfig{}, fmt.Errorf("launchlab: decode GlobalConfig: %w", err)
	}
	return g, nil
}

func hasDisc(data []byte, d [8]byte) bool { return len(data) >= 8 && [8]byte(data[:8]) == d }

// prefixed adds the package name to an error of the unexported decoders, which DecodeInstruction
// wraps with the instruction's name instead.
func prefixed(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("launchlab: %w", err)
}
