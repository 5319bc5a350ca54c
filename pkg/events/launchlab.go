package events

import "github.com/gagliardetto/solana-go"

func init() {
	register(func() Body { return new(LaunchLabCreate) })
	register(func() Body { return new(LaunchLabTrade) })
	register(func() Body { return new(LaunchLabMigrate) })
	register(func() Body { return new(LaunchLabPool) })
}

// LaunchLabCreate is a Raydium LaunchLab pool creation (program launchlab, kind create), keyed by
// the base mint. It comes from the PoolCreateEvent the initialize, initialize_v2 or
// initialize_with_token_2022 instruction emitted, and that instruction's accounts and arguments.
type LaunchLabCreate struct {
	Instruction    string           `json:"instruction"` // initialize, initialize_v2, initialize_with_token_2022
	PoolState      solana.PublicKey `json:"pool_state"`
	Payer          solana.PublicKey `json:"payer"`
	Creator        solana.PublicKey `json:"creator"`
	Config         solana.PublicKey `json:"config"` // the global config
	PlatformConfig solana.PublicKey `json:"platform_config"`
	BaseMint       solana.PublicKey `json:"base_mint"`
	QuoteMint      solana.PublicKey `json:"quote_mint"`
	BaseVault      solana.PublicKey `json:"base_vault"`
	QuoteVault     solana.PublicKey `json:"quote_vault"`
	Decimals       uint8            `json:"decimals"` // of the base mint
	Name           string           `json:"name"`
	Symbol         string           `json:"symbol"`
	URI            string           `json:"uri"`
	// The curve: curve_type "constant", "fixed" or "linear"; total_base_sell is 0 for fixed and
	// linear curves, whose parameters do not carry it.
	CurveType             string `json:"curve_type"`
	Supply                uint64 `json:"supply"`
	TotalBaseSell         uint64 `json:"total_base_sell"`
	TotalQuoteFundRaising uint64 `json:"total_quote_fund_raising"`
	MigrateType           uint8  `json:"migrate_type"` // 0 Raydium AMM v4, 1 Raydium CPMM
	// The vesting parameters.
	TotalLockedAmount uint64 `json:"total_locked_amount"`
	CliffPeriod       uint64 `json:"cliff_period"`
	UnlockPeriod      uint64 `json:"unlock_period"`
	AmmFeeOn          uint8  `json:"amm_fee_on"` // 0 QuoteToken, 1 BothToken; 0 when the event predates it
	// The Token-2022 transfer fee of initialize_with_token_2022, when it set one.
	HasTransferFee         bool   `json:"has_transfer_fee"`
	TransferFeeBasisPoints uint16 `json:"transfer_fee_basis_points"`
	TransferFeeMaximum     uint64 `json:"transfer_fee_maximum"`
	EventExtraBytes        int    `json:"event_extra_bytes"` // PoolCreateEvent bytes after the known fields
}

func (*LaunchLabCreate) Program() Program { return LaunchLab }
func (*LaunchLabCreate) Kind() Kind       { return Create }

// Key returns the base mint.
func (b *LaunchLabCreate) Key() solana.PublicKey { return b.BaseMint }

func (b *LaunchLabCreate) AppendJSON(dst []byte) []byte {
	dst = appendStr(dst, "instruction", b.Instruction)
	dst = appendPubkey(dst, "pool_state", b.PoolState)
	dst = appendPubkey(dst, "payer", b.Payer)
	dst = appendPubkey(dst, "creator", b.Creator)
	dst = appendPubkey(dst, "config", b.Config)
	dst = appendPubkey(dst, "platform_config", b.PlatformConfig)
	dst = appendPubkey(dst, "base_mint", b.BaseMint)
	dst = appendPubkey(dst, "quote_mint", b.QuoteMint)
	dst = appendPubkey(dst, "base_vault", b.BaseVault)
	dst = appendPubkey(dst, "quote_vault", b.QuoteVault)
	dst = appendU8(dst, "decimals", b.Decimals)
	dst = appendStr(dst, "name", b.Name)
	dst = appendStr(dst, "symbol", b.Symbol)
	dst = appendStr(dst, "uri", b.URI)
	dst = appendStr(dst, "curve_type", b.CurveType)
	dst = appendU64(dst, "supply", b.Supply)
	dst = appendU64(dst, "total_base_sell", b.TotalBaseSell)
	dst = appendU64(dst, "total_quote_fund_raising", b.TotalQuoteFundRaising)
	dst = appendU8(dst, "migrate_type", b.MigrateType)
	dst = appendU64(dst, "total_locked_amount", b.TotalLockedAmount)
	dst = appendU64(dst, "cliff_period", b.CliffPeriod)
	dst = appendU64(dst, "unlock_period", b.UnlockPeriod)
	dst = appendU8(dst, "amm_fee_on", b.AmmFeeOn)
	dst = appendBool(dst, "has_transfer_fee", b.HasTransferFee)
	dst = appendU16(dst, "transfer_fee_basis_points", b.TransferFeeBasisPoints)
	dst = appendU64(dst, "transfer_fee_maximum", b.TransferFeeMaximum)
	return appendI64(dst, "event_extra_bytes", int64(b.EventExtraBytes))
}

// LaunchLabTrade is a buy or sell on a LaunchLab bonding curve (program launchlab, kind trade),
// keyed by the base mint (swap account 9). Amounts are the TradeEvent's, named as in the IDL: a
// buy's amount_in and a sell's amount_out are quote units, the others base units.
type LaunchLabTrade struct {
	Instruction     string           `json:"instruction"` // buy_exact_in, buy_exact_out, sell_exact_in, sell_exact_out
	PoolState       solana.PublicKey `json:"pool_state"`
	User            solana.PublicKey `json:"user"` // the payer
	BaseMint        solana.PublicKey `json:"base_mint"`
	QuoteMint       solana.PublicKey `json:"quote_mint"`
	IsBuy           bool             `json:"is_buy"`
	ExactIn         bool             `json:"exact_in"`
	TotalBaseSell   uint64           `json:"total_base_sell"`
	VirtualBase     uint64           `json:"virtual_base"`
	VirtualQuote    uint64           `json:"virtual_quote"`
	RealBaseBefore  uint64           `json:"real_base_before"`
	RealQuoteBefore uint64           `json:"real_quote_before"`
	RealBaseAfter   uint64           `json:"real_base_after"`
	RealQuoteAfter  uint64           `json:"real_quote_after"`
	AmountIn        uint64           `json:"amount_in"`
	AmountOut       uint64           `json:"amount_out"`
	ProtocolFee     uint64           `json:"protocol_fee"`
	PlatformFee     uint64           `json:"platform_fee"`
	CreatorFee      uint64           `json:"creator_fee"` // 0 in version 1 events
	ShareFee        uint64           `json:"share_fee"`
	TradeDirection  uint8            `json:"trade_direction"` // 0 Buy, 1 Sell
	PoolStatus      uint8            `json:"pool_status"`     // after the trade: 0 Fund, 1 Migrate, 2 Trade
	BaseDecimals    uint8            `json:"base_decimals"`
	QuoteDecimals   uint8            `json:"quote_decimals"`
	// Derived after the trade, assuming the constant-product curve: price in quote per base
	// token (UI units), price_sol the same when the quote is wSOL (else 0), progress the share
	// of total_base_sell sold (0…1).
	Price    float64 `json:"price"`
	PriceSOL float64 `json:"price_sol"`
	Progress float64 `json:"progress"`
	// The TradeEvent layout: 1 (130 bytes), 2 (139 bytes); extra bytes past the v2 layout.
	EventVersion    uint8 `json:"event_version"`
	EventExtraBytes int   `json:"event_extra_bytes"`
}

func (*LaunchLabTrade) Program() Program { return LaunchLab }
func (*LaunchLabTrade) Kind() Kind       { return Trade }

// Key returns the base mint.
func (b *LaunchLabTrade) Key() solana.PublicKey { return b.BaseMint }

func (b *LaunchLabTrade) AppendJSON(dst []byte) []byte {
	dst = appendStr(dst, "instruction", b.Instruction)
	dst = appendPubkey(dst, "pool_state", b.PoolState)
	dst = appendPubkey(dst, "user", b.User)
	dst = appendPubkey(dst, "base_mint", b.BaseMint)
	dst = appendPubkey(dst, "quote_mint", b.QuoteMint)
	dst = appendBool(dst, "is_buy", b.IsBuy)
	dst = appendBool(dst, "exact_in", b.ExactIn)
	dst = appendU64(dst, "total_base_sell", b.TotalBaseSell)
	dst = appendU64(dst, "virtual_base", b.VirtualBase)
	dst = appendU64(dst, "virtual_quote", b.VirtualQuote)
	dst = appendU64(dst, "real_base_before", b.RealBaseBefore)
	dst = appendU64(dst, "real_quote_before", b.RealQuoteBefore)
	dst = appendU64(dst, "real_base_after", b.RealBaseAfter)
	dst = appendU64(dst, "real_quote_after", b.RealQuoteAfter)
	dst = appendU64(dst, "amount_in", b.AmountIn)
	dst = appendU64(dst, "amount_out", b.AmountOut)
	dst = appendU64(dst, "protocol_fee", b.ProtocolFee)
	dst = appendU64(dst, "platform_fee", b.PlatformFee)
	dst = appendU64(dst, "creator_fee", b.CreatorFee)
	dst = appendU64(dst, "share_fee", b.ShareFee)
	dst = appendU8(dst, "trade_direction", b.TradeDirection)
	dst = appendU8(dst, "pool_status", b.PoolStatus)
	dst = appendU8(dst, "base_decimals", b.BaseDecimals)
	dst = appendU8(dst, "quote_decimals", b.QuoteDecimals)
	dst = appendFloat(dst, "price", b.Price)
	dst = appendFloat(dst, "price_sol", b.PriceSOL)
	dst = appendFloat(dst, "progress", b.Progress)
	dst = appendU8(dst, "event_version", b.EventVersion)
	return appendI64(dst, "event_extra_bytes", int64(b.EventExtraBytes))
}

// LaunchLabMigrate is a LaunchLab pool graduating to a Raydium AMM (program launchlab, kind
// migrate), keyed by the base mint. LaunchLab emits no event for it: every field comes from the
// migrate_to_amm or migrate_to_cpswap instruction's accounts and arguments.
type LaunchLabMigrate struct {
	Instruction    string           `json:"instruction"` // migrate_to_amm, migrate_to_cpswap
	Target         string           `json:"target"`      // raydium_amm or raydium_cpmm
	TargetProgram  solana.PublicKey `json:"target_program"`
	Payer          solana.PublicKey `json:"payer"`
	PoolState      solana.PublicKey `json:"pool_state"`
	GlobalConfig   solana.PublicKey `json:"global_config"`
	PlatformConfig solana.PublicKey `json:"platform_config"` // migrate_to_cpswap only
	BaseMint       solana.PublicKey `json:"base_mint"`
	QuoteMint      solana.PublicKey `json:"quote_mint"`
	BaseVault      solana.PublicKey `json:"base_vault"`
	QuoteVault     solana.PublicKey `json:"quote_vault"`
	NewPool        solana.PublicKey `json:"new_pool"` // the AMM v4 or CPMM pool
	NewLPMint      solana.PublicKey `json:"new_lp_mint"`
	NewBaseVault   solana.PublicKey `json:"new_base_vault"`
	NewQuoteVault  solana.PublicKey `json:"new_quote_vault"`
	// migrate_to_amm arguments (0 for migrate_to_cpswap).
	BaseLotSize            uint64 `json:"base_lot_size"`
	QuoteLotSize           uint64 `json:"quote_lot_size"`
	MarketVaultSignerNonce uint8  `json:"market_vault_signer_nonce"`
}

func (*LaunchLabMigrate) Program() Program { return LaunchLab }
func (*LaunchLabMigrate) Kind() Kind       { return Migrate }

// Key returns the base mint.
func (b *LaunchLabMigrate) Key() solana.PublicKey { return b.BaseMint }

func (b *LaunchLabMigrate) AppendJSON(dst []byte) []byte {
	dst = appendStr(dst, "instruction", b.Instruction)
	dst = appendStr(dst, "target", b.Target)
	dst = appendPubkey(dst, "target_program", b.TargetProgram)
	dst = appendPubkey(dst, "payer", b.Payer)
	dst = appendPubkey(dst, "pool_state", b.PoolState)
	dst = appendPubkey(dst, "global_config", b.GlobalConfig)
	dst = appendPubkey(dst, "platform_config", b.PlatformConfig)
	dst = appendPubkey(dst, "base_mint", b.BaseMint)
	dst = appendPubkey(dst, "quote_mint", b.QuoteMint)
	dst = appendPubkey(dst, "base_vault", b.BaseVault)
	dst = appendPubkey(dst, "quote_vault", b.QuoteVault)
	dst = appendPubkey(dst, "new_pool", b.NewPool)
	dst = appendPubkey(dst, "new_lp_mint", b.NewLPMint)
	dst = appendPubkey(dst, "new_base_vault", b.NewBaseVault)
	dst = appendPubkey(dst, "new_quote_vault", b.NewQuoteVault)
	dst = appendU64(dst, "base_lot_size", b.BaseLotSize)
	dst = appendU64(dst, "quote_lot_size", b.QuoteLotSize)
	return appendU8(dst, "market_vault_signer_nonce", b.MarketVaultSignerNonce)
}

// LaunchLabPool is the state of a LaunchLab PoolState account (program launchlab, kind pool),
// keyed by the account's address, which it also carries as pool_state. Fields are named as in
// the IDL; the vesting schedule's fields are flattened.
type LaunchLabPool struct {
	PoolState             solana.PublicKey `json:"pool_state"`
	Epoch                 uint64           `json:"epoch"`
	AuthBump              uint8            `json:"auth_bump"`
	Status                uint8            `json:"status"` // 0 Fund, 1 Migrate, 2 Trade
	BaseDecimals          uint8            `json:"base_decimals"`
	QuoteDecimals         uint8            `json:"quote_decimals"`
	MigrateType           uint8            `json:"migrate_type"` // 0 Raydium AMM v4, 1 Raydium CPMM
	Supply                uint64           `json:"supply"`
	TotalBaseSell         uint64           `json:"total_base_sell"`
	VirtualBase           uint64           `json:"virtual_base"`
	VirtualQuote          uint64           `json:"virtual_quote"`
	RealBase              uint64           `json:"real_base"`
	RealQuote             uint64           `json:"real_quote"`
	TotalQuoteFundRaising uint64           `json:"total_quote_fund_raising"`
	QuoteProtocolFee      uint64           `json:"quote_protocol_fee"`
	PlatformFee           uint64           `json:"platform_fee"`
	MigrateFee            uint64           `json:"migrate_fee"`
	TotalLockedAmount     uint64           `json:"total_locked_amount"`
	CliffPeriod           uint64           `json:"cliff_period"`
	UnlockPeriod          uint64           `json:"unlock_period"`
	StartTime             uint64           `json:"start_time"`
	AllocatedShareAmount  uint64           `json:"allocated_share_amount"`
	GlobalConfig          solana.PublicKey `json:"global_config"`
	PlatformConfig        solana.PublicKey `json:"platform_config"`
	BaseMint              solana.PublicKey `json:"base_mint"`
	QuoteMint             solana.PublicKey `json:"quote_mint"`
	BaseVault             solana.PublicKey `json:"base_vault"`
	QuoteVault            solana.PublicKey `json:"quote_vault"`
	Creator               solana.PublicKey `json:"creator"`
	TokenProgramFlag      uint8            `json:"token_program_flag"` // bit 0 base, bit 1 quote is Token-2022
	AmmCreatorFeeOn       uint8            `json:"amm_creator_fee_on"` // 0 QuoteToken, 1 BothToken
	PlatformVestingShare  uint64           `json:"platform_vesting_share"`
	// Derived as for LaunchLabTrade, assuming the constant-product curve.
	Price    float64 `json:"price"`
	PriceSOL float64 `json:"price_sol"`
	Progress float64 `json:"progress"`
}

func (*LaunchLabPool) Program() Program { return LaunchLab }
func (*LaunchLabPool) Kind() Kind       { return Pool }

// Key returns the pool account's address.
func (b *LaunchLabPool) Key() solana.PublicKey { return b.PoolState }

func (b *LaunchLabPool) AppendJSON(dst []byte) []byte {
	dst = appendPubkey(dst, "pool_state", b.PoolState)
	dst = appendU64(dst, "epoch", b.Epoch)
	dst = appendU8(dst, "auth_bump", b.AuthBump)
	dst = appendU8(dst, "status", b.Status)
	dst = appendU8(dst, "base_decimals", b.BaseDecimals)
	dst = appendU8(dst, "quote_decimals", b.QuoteDecimals)
	dst = appendU8(dst, "migrate_type", b.MigrateType)
	dst = appendU64(dst, "supply", b.Supply)
	dst = appendU64(dst, "total_base_sell", b.TotalBaseSell)
	dst = appendU64(dst, "virtual_base", b.VirtualBase)
	dst = appendU64(dst, "virtual_quote", b.VirtualQuote)
	dst = appendU64(dst, "real_base", b.RealBase)
	dst = appendU64(dst, "real_quote", b.RealQuote)
	dst = appendU64(dst, "total_quote_fund_raising", b.TotalQuoteFundRaising)
	dst = appendU64(dst, "quote_protocol_fee", b.QuoteProtocolFee)
	dst = appendU64(dst, "platform_fee", b.PlatformFee)
	dst = appendU64(dst, "migrate_fee", b.MigrateFee)
	dst = appendU64(dst, "total_locked_amount", b.TotalLockedAmount)
	dst = appendU64(dst, "cliff_period", b.CliffPeriod)
	dst = appendU64(dst, "unlock_period", b.UnlockPeriod)
	dst = appendU64(dst, "start_time", b.StartTime)
	dst = appendU64(dst, "allocated_share_amount", b.AllocatedShareAmount)
	dst = appendPubkey(dst, "global_config", b.GlobalConfig)
	dst = appendPubkey(dst, "platform_config", b.PlatformConfig)
	dst = appendPubkey(dst, "base_mint", b.BaseMint)
	dst = appendPubkey(dst, "quote_mint", b.QuoteMint)
	dst = appendPubkey(dst, "base_vault", b.BaseVault)
	dst = appendPubkey(dst, "quote_vault", b.QuoteVault)
	dst = appendPubkey(dst, "creator", b.Creator)
	dst = appendU8(dst, "token_program_flag", b.TokenProgramFlag)
	dst = appendU8(dst, "amm_creator_fee_on", b.AmmCreatorFeeOn)
	dst = appendU64(dst, "platform_vesting_share", b.PlatformVestingShare)
	dst = appendFloat(dst, "price", b.Price)
	dst = appendFloat(dst, "price_sol", b.PriceSOL)
	return appendFloat(dst, "progress", b.Progress)
}
