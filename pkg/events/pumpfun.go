package events

import (
	"strconv"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/subjects"
)

func init() {
	register(func() Body { return new(PumpfunCreate) })
	register(func() Body { return new(PumpfunTrade) })
	register(func() Body { return new(PumpfunComplete) })
	register(func() Body { return new(PumpfunMigrate) })
	register(func() Body { return new(PumpfunBondingCurve) })
	register(func() Body { return new(PumpfunGlobal) })
}

// Where a pump.fun transaction event's fields came from (the "source" field).
const (
	SourceCPI         = "cpi"         // the event's emit_cpi! self-CPI instruction
	SourceLog         = "log"         // the event's "Program data:" log line
	SourceInstruction = "instruction" // the instruction's own arguments and accounts (a failed transaction that emitted nothing): amounts are the signer's limits, not what moved
)

// PumpfunCreate is a pump.fun token launch (create or create_v2), from its CreateEvent. Fields
// that later event versions appended are zero when the event was shorter (EventVersion says
// which layout was read).
type PumpfunCreate struct {
	Instruction          string           `json:"instruction"` // create or create_v2
	Source               string           `json:"source"`      // SourceCPI, SourceLog or SourceInstruction
	Failed               bool             `json:"failed"`      // the transaction failed: nothing happened on chain
	Name                 string           `json:"name"`
	Symbol               string           `json:"symbol"`
	URI                  string           `json:"uri"`
	Mint                 solana.PublicKey `json:"mint"`
	BondingCurve         solana.PublicKey `json:"bonding_curve"`
	User                 solana.PublicKey `json:"user"`
	Creator              solana.PublicKey `json:"creator"`                // v2+
	Timestamp            int64            `json:"timestamp"`              // v2+, unix seconds
	VirtualTokenReserves uint64           `json:"virtual_token_reserves"` // v3+
	VirtualSolReserves   uint64           `json:"virtual_sol_reserves"`   // v3+
	RealTokenReserves    uint64           `json:"real_token_reserves"`    // v3+
	TokenTotalSupply     uint64           `json:"token_total_supply"`     // v3+
	TokenProgram         solana.PublicKey `json:"token_program"`          // v4+
	IsMayhemMode         bool             `json:"is_mayhem_mode"`         // v4+
	IsCashbackEnabled    bool             `json:"is_cashback_enabled"`    // v5+
	QuoteMint            solana.PublicKey `json:"quote_mint"`             // v6+; all zero for SOL
	VirtualQuoteReserves uint64           `json:"virtual_quote_reserves"` // v6+
	CreatorFeeBps        uint64           `json:"creator_fee_bps"`        // v7+
	IsHolderReward       bool             `json:"is_holder_reward"`       // v7+
	Depth                uint8            `json:"depth"`                  // v8+
	PriceSol             float64          `json:"price_sol"`              // derived, initial price; 0 before v3
	MarketCapSol         float64          `json:"market_cap_sol"`         // derived; 0 before v3
	EventVersion         int              `json:"event_version"`          // layout read, 1…8; 0 for SourceInstruction
	EventLen             int              `json:"event_len"`              // body length in bytes (after the discriminator)
	UnknownBytes         int              `json:"unknown_bytes"`          // trailing bytes past the newest known layout
}

func (*PumpfunCreate) Program() Program { return Pumpfun }
func (*PumpfunCreate) Kind() Kind       { return Create }

// Key returns the mint.
func (b *PumpfunCreate) Key() solana.PublicKey { return b.Mint }

func (b *PumpfunCreate) AppendJSON(dst []byte) []byte {
	dst = appendStr(dst, "instruction", b.Instruction)
	dst = appendStr(dst, "source", b.Source)
	dst = appendBool(dst, "failed", b.Failed)
	dst = appendStr(dst, "name", b.Name)
	dst = appendStr(dst, "symbol", b.Symbol)
	dst = appendStr(dst, "uri", b.URI)
	dst = appendPubkey(dst, "mint", b.Mint)
	dst = appendPubkey(dst, "bonding_curve", b.BondingCurve)
	dst = appendPubkey(dst, "user", b.User)
	dst = appendPubkey(dst, "creator", b.Creator)
	dst = appendI64(dst, "timestamp", b.Timestamp)
	dst = appendU64(dst, "virtual_token_reserves", b.VirtualTokenReserves)
	dst = appendU64(dst, "virtual_sol_reserves", b.VirtualSolReserves)
	dst = appendU64(dst, "real_token_reserves", b.RealTokenReserves)
	dst = appendU64(dst, "token_total_supply", b.TokenTotalSupply)
	dst = appendPubkey(dst, "token_program", b.TokenProgram)
	dst = appendBool(dst, "is_mayhem_mode", b.IsMayhemMode)
	dst = appendBool(dst, "is_cashback_enabled", b.IsCashbackEnabled)
	dst = appendPubkey(dst, "quote_mint", b.QuoteMint)
	dst = appendU64(dst, "virtual_quote_reserves", b.VirtualQuoteReserves)
	dst = appendU64(dst, "creator_fee_bps", b.CreatorFeeBps)
	dst = appendBool(dst, "is_holder_reward", b.IsHolderReward)
	dst = appendU8(dst, "depth", b.Depth)
	dst = appendFloat(dst, "price_sol", b.PriceSol)
	dst = appendFloat(dst, "market_cap_sol", b.MarketCapSol)
	dst = appendI64(dst, "event_version", int64(b.EventVersion))
	dst = appendI64(dst, "event_len", int64(b.EventLen))
	return appendI64(dst, "unknown_bytes", int64(b.UnknownBytes))
}

// PumpfunShareholder is one creator-fee shareholder listed in a TradeEvent (v7+).
type PumpfunShareholder struct {
	Address  solana.PublicKey `json:"address"`
	ShareBps uint16           `json:"share_bps"`
}

// PumpfunTrade is one pump.fun bonding-curve trade, from a TradeEvent. Reserves are post-trade.
// Fields that later event versions appended are zero when the event was shorter (EventVersion
// says which layout was read); Shareholders is null before v7 and [] when v7+ listed none.
type PumpfunTrade struct {
	Instruction            string               `json:"instruction"` // the instruction decoded: buy, sell, buy_exact_sol_in, buy_v2, …
	Source                 string               `json:"source"`      // SourceCPI, SourceLog or SourceInstruction
	Failed                 bool                 `json:"failed"`      // the transaction failed: nothing happened on chain
	Mint                   solana.PublicKey     `json:"mint"`
	SolAmount              uint64               `json:"sol_amount"` // lamports into (buy) or out of (sell) the curve, fees excluded
	TokenAmount            uint64               `json:"token_amount"`
	IsBuy                  bool                 `json:"is_buy"`
	User                   solana.PublicKey     `json:"user"`
	Timestamp              int64                `json:"timestamp"`
	VirtualSolReserves     uint64               `json:"virtual_sol_reserves"`
	VirtualTokenReserves   uint64               `json:"virtual_token_reserves"`
	RealSolReserves        uint64               `json:"real_sol_reserves"`
	RealTokenReserves      uint64               `json:"real_token_reserves"`
	FeeRecipient           solana.PublicKey     `json:"fee_recipient"` // v2+
	FeeBasisPoints         uint64               `json:"fee_basis_points"`
	Fee                    uint64               `json:"fee"`
	Creator                solana.PublicKey     `json:"creator"`
	CreatorFeeBasisPoints  uint64               `json:"creator_fee_basis_points"`
	CreatorFee             uint64               `json:"creator_fee"`
	TrackVolume            bool                 `json:"track_volume"` // v3+
	TotalUnclaimedTokens   uint64               `json:"total_unclaimed_tokens"`
	TotalClaimedTokens     uint64               `json:"total_claimed_tokens"`
	CurrentSolVolume       uint64               `json:"current_sol_volume"`
	LastUpdateTimestamp    int64                `json:"last_update_timestamp"`
	IxName                 string               `json:"ix_name"`     // v4+
	MayhemMode             bool                 `json:"mayhem_mode"` // v5+
	CashbackFeeBasisPoints uint64               `json:"cashback_fee_basis_points"`
	Cashback               uint64               `json:"cashback"` // v6+
	BuybackFeeBasisPoints  uint64               `json:"buyback_fee_basis_points"`
	BuybackFee             uint64               `json:"buyback_fee"`
	Shareholders           []PumpfunShareholder `json:"shareholders"`
	QuoteMint              solana.PublicKey     `json:"quote_mint"` // all zero for SOL
	QuoteAmount            uint64               `json:"quote_amount"`
	VirtualQuoteReserves   uint64               `json:"virtual_quote_reserves"`
	RealQuoteReserves      uint64               `json:"real_quote_reserves"` // v7+
	HolderRewardsBps       uint64               `json:"holder_rewards_bps"`
	HolderRewards          uint64               `json:"holder_rewards"`
	CreatorFeeUnclaimed    uint64               `json:"creator_fee_unclaimed"` // v8+
	PriceSol               float64              `json:"price_sol"`             // derived: SOL per whole token after the trade
	MarketCapSol           float64              `json:"market_cap_sol"`        // derived
	Progress               float64              `json:"progress"`              // derived: bonding-curve progress, percent
	EventVersion           int                  `json:"event_version"`         // layout read, 1…8; 0 for SourceInstruction
	EventLen               int                  `json:"event_len"`             // body length in bytes (after the discriminator)
	UnknownBytes           int                  `json:"unknown_bytes"`         // trailing bytes past the newest known layout
}

func (*PumpfunTrade) Program() Program { return Pumpfun }
func (*PumpfunTrade) Kind() Kind       { return Trade }

// Key returns the mint.
func (b *PumpfunTrade) Key() solana.PublicKey { return b.Mint }

func (b *PumpfunTrade) AppendJSON(dst []byte) []byte {
	dst = appendStr(dst, "instruction", b.Instruction)
	dst = appendStr(dst, "source", b.Source)
	dst = appendBool(dst, "failed", b.Failed)
	dst = appendPubkey(dst, "mint", b.Mint)
	dst = appendU64(dst, "sol_amount", b.SolAmount)
	dst = appendU64(dst, "token_amount", b.TokenAmount)
	dst = appendBool(dst, "is_buy", b.IsBuy)
	dst = appendPubkey(dst, "user", b.User)
	dst = appendI64(dst, "timestamp", b.Timestamp)
	dst = appendU64(dst, "virtual_sol_reserves", b.VirtualSolReserves)
	dst = appendU64(dst, "virtual_token_reserves", b.VirtualTokenReserves)
	dst = appendU64(dst, "real_sol_reserves", b.RealSolReserves)
	dst = appendU64(dst, "real_token_reserves", b.RealTokenReserves)
	dst = appendPubkey(dst, "fee_recipient", b.FeeRecipient)
	dst = appendU64(dst, "fee_basis_points", b.FeeBasisPoints)
	dst = appendU64(dst, "fee", b.Fee)
	dst = appendPubkey(dst, "creator", b.Creator)
	dst = appendU64(dst, "creator_fee_basis_points", b.CreatorFeeBasisPoints)
	dst = appendU64(dst, "creator_fee", b.CreatorFee)
	dst = appendBool(dst, "track_volume", b.TrackVolume)
	dst = appendU64(dst, "total_unclaimed_tokens", b.TotalUnclaimedTokens)
	dst = appendU64(dst, "total_claimed_tokens", b.TotalClaimedTokens)
	dst = appendU64(dst, "current_sol_volume", b.CurrentSolVolume)
	dst = appendI64(dst, "last_update_timestamp", b.LastUpdateTimestamp)
	dst = appendStr(dst, "ix_name", b.IxName)
	dst = appendBool(dst, "mayhem_mode", b.MayhemMode)
	dst = appendU64(dst, "cashback_fee_basis_points", b.CashbackFeeBasisPoints)
	dst = appendU64(dst, "cashback", b.Cashback)
	dst = appendU64(dst, "buyback_fee_basis_points", b.BuybackFeeBasisPoints)
	dst = appendU64(dst, "buyback_fee", b.BuybackFee)
	dst = appendKey(dst, "shareholders")
	if b.Shareholders == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '[')
		for i := range b.Shareholders {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, `{"address":"`...)
			dst = subjects.AppendBase58(dst, b.Shareholders[i].Address[:])
			dst = append(dst, `","share_bps":`...)
			dst = strconv.AppendUint(dst, uint64(b.Shareholders[i].ShareBps), 10)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	dst = appendPubkey(dst, "quote_mint", b.QuoteMint)
	dst = appendU64(dst, "quote_amount", b.QuoteAmount)
	dst = appendU64(dst, "virtual_quote_reserves", b.VirtualQuoteReserves)
	dst = appendU64(dst, "real_quote_reserves", b.RealQuoteReserves)
	dst = appendU64(dst, "holder_rewards_bps", b.HolderRewardsBps)
	dst = appendU64(dst, "holder_rewards", b.HolderRewards)
	dst = appendU64(dst, "creator_fee_unclaimed", b.CreatorFeeUnclaimed)
	dst = appendFloat(dst, "price_sol", b.PriceSol)
	dst = appendFloat(dst, "market_cap_sol", b.MarketCapSol)
	dst = appendFloat(dst, "progress", b.Progress)
	dst = appendI64(dst, "event_version", int64(b.EventVersion))
	dst = appendI64(dst, "event_len", int64(b.EventLen))
	return appendI64(dst, "unknown_bytes", int64(b.UnknownBytes))
}

// PumpfunComplete is a pump.fun bonding curve selling out (CompleteEvent), emitted by the
// trade that bought its last token.
type PumpfunComplete struct {
	Instruction  string           `json:"instruction"` // the instruction that completed the curve (buy, buy_v2, …)
	Source       string           `json:"source"`      // SourceCPI or SourceLog
	Failed       bool             `json:"failed"`
	User         solana.PublicKey `json:"user"`
	Mint         solana.PublicKey `json:"mint"`
	BondingCurve solana.PublicKey `json:"bonding_curve"`
	Timestamp    int64            `json:"timestamp"`
	QuoteMint    solana.PublicKey `json:"quote_mint"`    // v2+; all zero for SOL
	EventVersion int              `json:"event_version"` // 1 (104 bytes) or 2 (136)
	EventLen     int              `json:"event_len"`
	UnknownBytes int              `json:"unknown_bytes"`
}

func (*PumpfunComplete) Program() Program { return Pumpfun }
func (*PumpfunComplete) Kind() Kind       { return Complete }

// Key returns the mint.
func (b *PumpfunComplete) Key() solana.PublicKey { return b.Mint }

func (b *PumpfunComplete) AppendJSON(dst []byte) []byte {
	dst = appendStr(dst, "instruction", b.Instruction)
	dst = appendStr(dst, "source", b.Source)
	dst = appendBool(dst, "failed", b.Failed)
	dst = appendPubkey(dst, "user", b.User)
	dst = appendPubkey(dst, "mint", b.Mint)
	dst = appendPubkey(dst, "bonding_curve", b.BondingCurve)
	dst = appendI64(dst, "timestamp", b.Timestamp)
	dst = appendPubkey(dst, "quote_mint", b.QuoteMint)
	dst = appendI64(dst, "event_version", int64(b.EventVersion))
	dst = appendI64(dst, "event_len", int64(b.EventLen))
	return appendI64(dst, "unknown_bytes", int64(b.UnknownBytes))
}

// PumpfunMigrate is a completed pump.fun curve moving to its PumpSwap pool (migrate or
// migrate_v2), from CompletePumpAmmMigrationEvent.
type PumpfunMigrate struct {
	Instruction      string           `json:"instruction"` // migrate or migrate_v2
	Source           string           `json:"source"`      // SourceCPI, SourceLog or SourceInstruction
	Failed           bool             `json:"failed"`
	User             solana.PublicKey `json:"user"`
	Mint             solana.PublicKey `json:"mint"`
	MintAmount       uint64           `json:"mint_amount"` // tokens seeded into the pool
	SolAmount        uint64           `json:"sol_amount"`  // lamports seeded into the pool
	PoolMigrationFee uint64           `json:"pool_migration_fee"`
	BondingCurve     solana.PublicKey `json:"bonding_curve"`
	Timestamp        int64            `json:"timestamp"`
	Pool             solana.PublicKey `json:"pool"`
	QuoteMint        solana.PublicKey `json:"quote_mint"`    // v2+
	EventVersion     int              `json:"event_version"` // 1 (160 bytes) or 2 (192); 0 for SourceInstruction
	EventLen         int              `json:"event_len"`
	UnknownBytes     int              `json:"unknown_bytes"`
}

func (*PumpfunMigrate) Program() Program { return Pumpfun }
func (*PumpfunMigrate) Kind() Kind       { return Migrate }

// Key returns the mint.
func (b *PumpfunMigrate) Key() solana.PublicKey { return b.Mint }

func (b *PumpfunMigrate) AppendJSON(dst []byte) []byte {
	dst = appendStr(dst, "instruction", b.Instruction)
	dst = appendStr(dst, "source", b.Source)
	dst = appendBool(dst, "failed", b.Failed)
	dst = appendPubkey(dst, "user", b.User)
	dst = appendPubkey(dst, "mint", b.Mint)
	dst = appendU64(dst, "mint_amount", b.MintAmount)
	dst = appendU64(dst, "sol_amount", b.SolAmount)
	dst = appendU64(dst, "pool_migration_fee", b.PoolMigrationFee)
	dst = appendPubkey(dst, "bonding_curve", b.BondingCurve)
	dst = appendI64(dst, "timestamp", b.Timestamp)
	dst = appendPubkey(dst, "pool", b.Pool)
	dst = appendPubkey(dst, "quote_mint", b.QuoteMint)
	dst = appendI64(dst, "event_version", int64(b.EventVersion))
	dst = appendI64(dst, "event_len", int64(b.EventLen))
	return appendI64(dst, "unknown_bytes", int64(b.UnknownBytes))
}

// PumpfunBondingCurve is the state of a pump.fun BondingCurve account. Accounts are 49 to 166+
// bytes (older curves were never extended): fields past the account's length are zero, and
// DataLen says how long it was.
type PumpfunBondingCurve struct {
	BondingCurve                solana.PublicKey `json:"bonding_curve"` // the account's address
	VirtualTokenReserves        uint64           `json:"virtual_token_reserves"`
	VirtualSolReserves          uint64           `json:"virtual_sol_reserves"` // virtual_quote_reserves in the 2026 IDL
	RealTokenReserves           uint64           `json:"real_token_reserves"`
	RealSolReserves             uint64           `json:"real_sol_reserves"` // real_quote_reserves in the 2026 IDL
	TokenTotalSupply            uint64           `json:"token_total_supply"`
	Complete                    bool             `json:"complete"`
	Creator                     solana.PublicKey `json:"creator"`          // from 81 bytes
	IsMayhemMode                bool             `json:"is_mayhem_mode"`   // from 82
	IsCashbackCoin              bool             `json:"is_cashback_coin"` // from 83
	QuoteMint                   solana.PublicKey `json:"quote_mint"`       // from 115; all zero for SOL
	CreatorFeeBps               uint64           `json:"creator_fee_bps"`  // from 123
	CanEditCreatorFee           bool             `json:"can_edit_creator_fee"`
	IsHolderReward              bool             `json:"is_holder_reward"`
	CreatorFee                  uint64           `json:"creator_fee"`
	ProtocolFees                uint64           `json:"protocol_fees"`
	Depth                       uint8            `json:"depth"`
	InitialVirtualQuoteReserves uint64           `json:"initial_virtual_quote_reserves"` // from 150
	PostCompleteBaseOut         uint64           `json:"post_complete_base_out"`
	PostCompleteQuoteIn         uint64           `json:"post_complete_quote_in"` // from 166
	PriceSol                    float64          `json:"price_sol"`              // derived
	MarketCapSol                float64          `json:"market_cap_sol"`         // derived
	Progress                    float64          `json:"progress"`               // derived, percent
	DataLen                     int              `json:"data_len"`               // account data length, discriminator included
}

func (*PumpfunBondingCurve) Program() Program { return Pumpfun }
func (*PumpfunBondingCurve) Kind() Kind       { return BondingCurve }

// Key returns the bonding curve's address.
func (b *PumpfunBondingCurve) Key() solana.PublicKey { return b.BondingCurve }

func (b *PumpfunBondingCurve) AppendJSON(dst []byte) []byte {
	dst = appendPubkey(dst, "bonding_curve", b.BondingCurve)
	dst = appendU64(dst, "virtual_token_reserves", b.VirtualTokenReserves)
	dst = appendU64(dst, "virtual_sol_reserves", b.VirtualSolReserves)
	dst = appendU64(dst, "real_token_reserves", b.RealTokenReserves)
	dst = appendU64(dst, "real_sol_reserves", b.RealSolReserves)
	dst = appendU64(dst, "token_total_supply", b.TokenTotalSupply)
	dst = appendBool(dst, "complete", b.Complete)
	dst = appendPubkey(dst, "creator", b.Creator)
	dst = appendBool(dst, "is_mayhem_mode", b.IsMayhemMode)
	dst = appendBool(dst, "is_cashback_coin", b.IsCashbackCoin)
	dst = appendPubkey(dst, "quote_mint", b.QuoteMint)
	dst = appendU64(dst, "creator_fee_bps", b.CreatorFeeBps)
	dst = appendBool(dst, "can_edit_creator_fee", b.CanEditCreatorFee)
	dst = appendBool(dst, "is_holder_reward", b.IsHolderReward)
	dst = appendU64(dst, "creator_fee", b.CreatorFee)
	dst = appendU64(dst, "protocol_fees", b.ProtocolFees)
	dst = appendU8(dst, "depth", b.Depth)
	dst = appendU64(dst, "initial_virtual_quote_reserves", b.InitialVirtualQuoteReserves)
	dst = appendU64(dst, "post_complete_base_out", b.PostCompleteBaseOut)
	dst = appendU64(dst, "post_complete_quote_in", b.PostCompleteQuoteIn)
	dst = appendFloat(dst, "price_sol", b.PriceSol)
	dst = appendFloat(dst, "market_cap_sol", b.MarketCapSol)
	dst = appendFloat(dst, "progress", b.Progress)
	return appendI64(dst, "data_len", int64(b.DataLen))
}

// PumpfunGlobal is the state of the pump.fun Global account (the program's parameters). The
// struct grew from 145 to 1088 bytes; fields past the account's length are zero.
type PumpfunGlobal struct {
	Global                       solana.PublicKey    `json:"global"` // the account's address
	Initialized                  bool                `json:"initialized"`
	Authority                    solana.PublicKey    `json:"authority"`
	FeeRecipient                 solana.PublicKey    `json:"fee_recipient"`
	InitialVirtualTokenReserves  uint64              `json:"initial_virtual_token_reserves"`
	InitialVirtualSolReserves    uint64              `json:"initial_virtual_sol_reserves"`
	InitialRealTokenReserves     uint64              `json:"initial_real_token_reserves"`
	TokenTotalSupply             uint64              `json:"token_total_supply"`
	FeeBasisPoints               uint64              `json:"fee_basis_points"`
	WithdrawAuthority            solana.PublicKey    `json:"withdraw_authority"`
	EnableMigrate                bool                `json:"enable_migrate"`
	PoolMigrationFee             uint64              `json:"pool_migration_fee"`
	CreatorFeeBasisPoints        uint64              `json:"creator_fee_basis_points"` // creator_fee before 2025-05
	FeeRecipients                [7]solana.PublicKey `json:"fee_recipients"`
	SetCreatorAuthority          solana.PublicKey    `json:"set_creator_authority"`
	AdminSetCreatorAuthority     solana.PublicKey    `json:"admin_set_creator_authority"`
	CreateV2Enabled              bool                `json:"create_v2_enabled"`
	WhitelistPDA                 solana.PublicKey    `json:"whitelist_pda"`
	ReservedFeeRecipient         solana.PublicKey    `json:"reserved_fee_recipient"`
	MayhemModeEnabled            bool                `json:"mayhem_mode_enabled"`
	ReservedFeeRecipients        [7]solana.PublicKey `json:"reserved_fee_recipients"`
	IsCashbackEnabled            bool                `json:"is_cashback_enabled"`
	BuybackFeeRecipients         [8]solana.PublicKey `json:"buyback_fee_recipients"`
	BuybackBasisPoints           uint64              `json:"buyback_basis_points"`
	InitialVirtualQuoteReserves  uint64              `json:"initial_virtual_quote_reserves"`
	WhitelistedQuoteMints        [1]solana.PublicKey `json:"whitelisted_quote_mints"`
	CreatorFeeConfigurable       bool                `json:"creator_fee_configurable"`
	MaxConfigurableCreatorFeeBps uint64              `json:"max_configurable_creator_fee_bps"`
	HolderRewardClaimAuthority   solana.PublicKey    `json:"holder_reward_claim_authority"`
	IsHolderRewardEnabled        bool                `json:"is_holder_reward_enabled"`
	MaxCurveDepth                uint8               `json:"max_curve_depth"`
	DataLen                      int                 `json:"data_len"` // account data length, discriminator included
}

func (*PumpfunGlobal) Program() Program { return Pumpfun }
func (*PumpfunGlobal) Kind() Kind       { return Global }

// Key returns the Global account's address.
func (b *PumpfunGlobal) Key() solana.PublicKey { return b.Global }

func (b *PumpfunGlobal) AppendJSON(dst []byte) []byte {
	dst = appendPubkey(dst, "global", b.Global)
	dst = appendBool(dst, "initialized", b.Initialized)
	dst = appendPubkey(dst, "authority", b.Authority)
	dst = appendPubkey(dst, "fee_recipient", b.FeeRecipient)
	dst = appendU64(dst, "initial_virtual_token_reserves", b.InitialVirtualTokenReserves)
	dst = appendU64(dst, "initial_virtual_sol_reserves", b.InitialVirtualSolReserves)
	dst = appendU64(dst, "initial_real_token_reserves", b.InitialRealTokenReserves)
	dst = appendU64(dst, "token_total_supply", b.TokenTotalSupply)
	dst = appendU64(dst, "fee_basis_points", b.FeeBasisPoints)
	dst = appendPubkey(dst, "withdraw_authority", b.WithdrawAuthority)
	dst = appendBool(dst, "enable_migrate", b.EnableMigrate)
	dst = appendU64(dst, "pool_migration_fee", b.PoolMigrationFee)
	dst = appendU64(dst, "creator_fee_basis_points", b.CreatorFeeBasisPoints)
	dst = appendPubkeys(dst, "fee_recipients", b.FeeRecipients[:])
	dst = appendPubkey(dst, "set_creator_authority", b.SetCreatorAuthority)
	dst = appendPubkey(dst, "admin_set_creator_authority", b.AdminSetCreatorAuthority)
	dst = appendBool(dst, "create_v2_enabled", b.CreateV2Enabled)
	dst = appendPubkey(dst, "whitelist_pda", b.WhitelistPDA)
	dst = appendPubkey(dst, "reserved_fee_recipient", b.ReservedFeeRecipient)
	dst = appendBool(dst, "mayhem_mode_enabled", b.MayhemModeEnabled)
	dst = appendPubkeys(dst, "reserved_fee_recipients", b.ReservedFeeRecipients[:])
	dst = appendBool(dst, "is_cashback_enabled", b.IsCashbackEnabled)
	dst = appendPubkeys(dst, "buyback_fee_recipients", b.BuybackFeeRecipients[:])
	dst = appendU64(dst, "buyback_basis_points", b.BuybackBasisPoints)
	dst = appendU64(dst, "initial_virtual_quote_reserves", b.InitialVirtualQuoteReserves)
	dst = appendPubkeys(dst, "whitelisted_quote_mints", b.WhitelistedQuoteMints[:])
	dst = appendBool(dst, "creator_fee_configurable", b.CreatorFeeConfigurable)
	dst = appendU64(dst, "max_configurable_creator_fee_bps", b.MaxConfigurableCreatorFeeBps)
	dst = appendPubkey(dst, "holder_reward_claim_authority", b.HolderRewardClaimAuthority)
	dst = appendBool(dst, "is_holder_reward_enabled", b.IsHolderRewardEnabled)
	dst = appendU8(dst, "max_curve_depth", b.MaxCurveDepth)
	return appendI64(dst, "data_len", int64(b.DataLen))
}

// appendPubkeys writes `,"name":["<base58>",…]`, as encoding/json writes an array of keys.
func appendPubkeys(dst []byte, name string, keys []solana.PublicKey) []byte {
	dst = append(appendKey(dst, name), '[')
	for i := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '"')
		dst = subjects.AppendBase58(dst, keys[i][:])
		dst = append(dst, '"')
	}
	return append(dst, ']')
}
