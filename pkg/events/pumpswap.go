package events

import "github.com/gagliardetto/solana-go"

func init() {
	register(func() Body { return new(PumpSwapTrade) })
	register(func() Body { return new(PumpSwapPoolCreate) })
	register(func() Body { return new(PumpSwapDeposit) })
	register(func() Body { return new(PumpSwapWithdraw) })
	register(func() Body { return new(PumpSwapPool) })
}

// PumpSwapTrade is a buy or sell on a PumpSwap pool (program pumpswap, kind trade), keyed by the
// pool's base mint as the instruction's accounts name it.
//
// BaseAmount and QuoteAmount are what the user got and paid: on a buy the base_amount_out and the
// user_quote_amount_in (quote including every fee), on a sell the base_amount_in and the
// user_quote_amount_out (quote after every fee). The raw BuyEvent/SellEvent fields follow, named
// as in the IDL; fields that exist on only one side (base_amount_out on a buy, base_amount_in on
// a sell, …) and the buy-only volume fields are left out of the JSON when zero, which decodes
// back to the same zero. Fields a shorter, older event version lacks are zero. EventLen is the
// event body's length (after its 8-byte discriminator), EventVersion the layout it matched (buy
// 1–6, sell 1–4, see PROGRAMS.md §3.2), EventExtra the number of trailing bytes past the
// newest known layout (a newer version's fields, not decoded).
//
// Derived: PriceQuote is the base token's price in quote UI units after the trade, from the
// event's pre-trade reserves moved by the trade (base ∓ base amount, quote ± the quote that
// stays in the pool), scaled by the mints' decimals; PriceSOL is the same number when the quote
// mint is wSOL, else 0.
type PumpSwapTrade struct {
	Pool        solana.PublicKey `json:"pool"`
	User        solana.PublicKey `json:"user"`
	BaseMint    solana.PublicKey `json:"base_mint"`
	QuoteMint   solana.PublicKey `json:"quote_mint"`
	IsBuy       bool             `json:"is_buy"`
	Instruction string           `json:"instruction"` // buy, buy_exact_quote_in or sell
	BaseAmount  uint64           `json:"base_amount"`
	QuoteAmount uint64           `json:"quote_amount"`

	Timestamp                        int64            `json:"timestamp"`
	BaseAmountOut                    uint64           `json:"base_amount_out,omitempty"`      // buy
	MaxQuoteAmountIn                 uint64           `json:"max_quote_amount_in,omitempty"`  // buy
	BaseAmountIn                     uint64           `json:"base_amount_in,omitempty"`       // sell
	MinQuoteAmountOut                uint64           `json:"min_quote_amount_out,omitempty"` // sell
	UserBaseTokenReserves            uint64           `json:"user_base_token_reserves"`
	UserQuoteTokenReserves           uint64           `json:"user_quote_token_reserves"`
	PoolBaseTokenReserves            uint64           `json:"pool_base_token_reserves"`
	PoolQuoteTokenReserves           uint64           `json:"pool_quote_token_reserves"`
	QuoteAmountIn                    uint64           `json:"quote_amount_in,omitempty"`  // buy
	QuoteAmountOut                   uint64           `json:"quote_amount_out,omitempty"` // sell
	LPFeeBasisPoints                 uint64           `json:"lp_fee_basis_points"`
	LPFee                            uint64           `json:"lp_fee"`
	ProtocolFeeBasisPoints           uint64           `json:"protocol_fee_basis_points"`
	ProtocolFee                      uint64           `json:"protocol_fee"`
	QuoteAmountInWithLPFee           uint64           `json:"quote_amount_in_with_lp_fee,omitempty"`     // buy
	UserQuoteAmountIn                uint64           `json:"user_quote_amount_in,omitempty"`            // buy
	QuoteAmountOutWithoutLPFee       uint64           `json:"quote_amount_out_without_lp_fee,omitempty"` // sell
	UserQuoteAmountOut               uint64           `json:"user_quote_amount_out,omitempty"`           // sell
	UserBaseTokenAccount             solana.PublicKey `json:"user_base_token_account"`
	UserQuoteTokenAccount            solana.PublicKey `json:"user_quote_token_account"`
	ProtocolFeeRecipient             solana.PublicKey `json:"protocol_fee_recipient"`
	ProtocolFeeRecipientTokenAccount solana.PublicKey `json:"protocol_fee_recipient_token_account"`
	CoinCreator                      solana.PublicKey `json:"coin_creator"`
	CoinCreatorFeeBasisPoints        uint64           `json:"coin_creator_fee_basis_points"`
	CoinCreatorFee                   uint64           `json:"coin_creator_fee"`
	TrackVolume                      bool             `json:"track_volume,omitempty"`           // buy
	TotalUnclaimedTokens             uint64           `json:"total_unclaimed_tokens,omitempty"` // buy
	TotalClaimedTokens               uint64           `json:"total_claimed_tokens,omitempty"`   // buy
	CurrentSOLVolume                 uint64           `json:"current_sol_volume,omitempty"`     // buy
	LastUpdateTimestamp              int64            `json:"last_update_timestamp,omitempty"`  // buy
	MinBaseAmountOut                 uint64           `json:"min_base_amount_out,omitempty"`    // buy
	IxName                           string           `json:"ix_name,omitempty"`                // buy
	CashbackFeeBasisPoints           uint64           `json:"cashback_fee_basis_points"`
	Cashback                         uint64           `json:"cashback"`
	BuybackFeeBasisPoints            uint64           `json:"buyback_fee_basis_points"`
	BuybackFee                       uint64           `json:"buyback_fee"`

	EventLen      uint64  `json:"event_len"`
	EventVersion  uint8   `json:"event_version"`
	EventExtra    uint64  `json:"event_extra"`
	BaseDecimals  uint8   `json:"base_decimals"`
	QuoteDecimals uint8   `json:"quote_decimals"`
	PriceQuote    float64 `json:"price_quote"`
	PriceSOL      float64 `json:"price_sol"`
}

func (*PumpSwapTrade) Program() Program { return PumpSwap }
func (*PumpSwapTrade) Kind() Kind       { return Trade }

// Key returns the base mint.
func (b *PumpSwapTrade) Key() solana.PublicKey { return b.BaseMint }

func (b *PumpSwapTrade) AppendJSON(dst []byte) []byte {
	dst = appendPubkey(dst, "pool", b.Pool)
	dst = appendPubkey(dst, "user", b.User)
	dst = appendPubkey(dst, "base_mint", b.BaseMint)
	dst = appendPubkey(dst, "quote_mint", b.QuoteMint)
	dst = appendBool(dst, "is_buy", b.IsBuy)
	dst = appendStr(dst, "instruction", b.Instruction)
	dst = appendU64(dst, "base_amount", b.BaseAmount)
	dst = appendU64(dst, "quote_amount", b.QuoteAmount)
	dst = appendI64(dst, "timestamp", b.Timestamp)
	dst = appendPumpSwapU64Omit(dst, "base_amount_out", b.BaseAmountOut)
	dst = appendPumpSwapU64Omit(dst, "max_quote_amount_in", b.MaxQuoteAmountIn)
	dst = appendPumpSwapU64Omit(dst, "base_amount_in", b.BaseAmountIn)
	dst = appendPumpSwapU64Omit(dst, "min_quote_amount_out", b.MinQuoteAmountOut)
	dst = appendU64(dst, "user_base_token_reserves", b.UserBaseTokenReserves)
	dst = appendU64(dst, "user_quote_token_reserves", b.UserQuoteTokenReserves)
	dst = appendU64(dst, "pool_base_token_reserves", b.PoolBaseTokenReserves)
	dst = appendU64(dst, "pool_quote_token_reserves", b.PoolQuoteTokenReserves)
	dst = appendPumpSwapU64Omit(dst, "quote_amount_in", b.QuoteAmountIn)
	dst = appendPumpSwapU64Omit(dst, "quote_amount_out", b.QuoteAmountOut)
	dst = appendU64(dst, "lp_fee_basis_points", b.LPFeeBasisPoints)
	dst = appendU64(dst, "lp_fee", b.LPFee)
	dst = appendU64(dst, "protocol_fee_basis_points", b.ProtocolFeeBasisPoints)
	dst = appendU64(dst, "protocol_fee", b.ProtocolFee)
	dst = appendPumpSwapU64Omit(dst, "quote_amount_in_with_lp_fee", b.QuoteAmountInWithLPFee)
	dst = appendPumpSwapU64Omit(dst, "user_quote_amount_in", b.UserQuoteAmountIn)
	dst = appendPumpSwapU64Omit(dst, "quote_amount_out_without_lp_fee", b.QuoteAmountOutWithoutLPFee)
	dst = appendPumpSwapU64Omit(dst, "user_quote_amount_out", b.UserQuoteAmountOut)
	dst = appendPubkey(dst, "user_base_token_account", b.UserBaseTokenAccount)
	dst = appendPubkey(dst, "user_quote_token_account", b.UserQuoteTokenAccount)
	dst = appendPubkey(dst, "protocol_fee_recipient", b.ProtocolFeeRecipient)
	dst = appendPubkey(dst, "protocol_fee_recipient_token_account", b.ProtocolFeeRecipientTokenAccount)
	dst = appendPubkey(dst, "coin_creator", b.CoinCreator)
	dst = appendU64(dst, "coin_creator_fee_basis_points", b.CoinCreatorFeeBasisPoints)
	dst = appendU64(dst, "coin_creator_fee", b.CoinCreatorFee)
	if b.TrackVolume {
		dst = appendBool(dst, "track_volume", true)
	}
	dst = appendPumpSwapU64Omit(dst, "total_unclaimed_tokens", b.TotalUnclaimedTokens)
	dst = appendPumpSwapU64Omit(dst, "total_claimed_tokens", b.TotalClaimedTokens)
	dst = appendPumpSwapU64Omit(dst, "current_sol_volume", b.CurrentSOLVolume)
	if b.LastUpdateTimestamp != 0 {
		dst = appendI64(dst, "last_update_timestamp", b.LastUpdateTimestamp)
	}
	dst = appendPumpSwapU64Omit(dst, "min_base_amount_out", b.MinBaseAmountOut)
	if b.IxName != "" {
		dst = appendStr(dst, "ix_name", b.IxName)
	}
	dst = appendU64(dst, "cashback_fee_basis_points", b.CashbackFeeBasisPoints)
	dst = appendU64(dst, "cashback", b.Cashback)
	dst = appendU64(dst, "buyback_fee_basis_points", b.BuybackFeeBasisPoints)
	dst = appendU64(dst, "buyback_fee", b.BuybackFee)
	dst = appendU64(dst, "event_len", b.EventLen)
	dst = appendU8(dst, "event_version", b.EventVersion)
	dst = appendU64(dst, "event_extra", b.EventExtra)
	dst = appendU8(dst, "base_decimals", b.BaseDecimals)
	dst = appendU8(dst, "quote_decimals", b.QuoteDecimals)
	dst = appendFloat(dst, "price_quote", b.PriceQuote)
	return appendFloat(dst, "price_sol", b.PriceSOL)
}

// appendPumpSwapU64Omit writes a uint64 field tagged omitempty: nothing when v is 0.
func appendPumpSwapU64Omit(dst []byte, name string, v uint64) []byte {
	if v == 0 {
		return dst
	}
	return appendU64(dst, name, v)
}

// PumpSwapPoolCreate is a PumpSwap pool's creation (program pumpswap, kind pool_create), keyed by
// the pool: the CreatePoolEvent fields named as in the IDL, the pool's LP mint, whether the
// create_pool was invoked by pump.fun's migration (PumpfunMigration), the instruction's
// is_cashback_coin argument (false when absent), the event's length and unknown trailing bytes,
// and the initial price of base in quote UI units (PriceQuote; PriceSOL when the quote is wSOL).
type PumpSwapPoolCreate struct {
	Pool                  solana.PublicKey `json:"pool"`
	Creator               solana.PublicKey `json:"creator"`
	BaseMint              solana.PublicKey `json:"base_mint"`
	QuoteMint             solana.PublicKey `json:"quote_mint"`
	LPMint                solana.PublicKey `json:"lp_mint"`
	Timestamp             int64            `json:"timestamp"`
	PoolIndex             uint16           `json:"pool_index"` // the pool's index seed (the IDL's "index"; renamed off the envelope's "index")
	BaseMintDecimals      uint8            `json:"base_mint_decimals"`
	QuoteMintDecimals     uint8            `json:"quote_mint_decimals"`
	BaseAmountIn          uint64           `json:"base_amount_in"`
	QuoteAmountIn         uint64           `json:"quote_amount_in"`
	PoolBaseAmount        uint64           `json:"pool_base_amount"`
	PoolQuoteAmount       uint64           `json:"pool_quote_amount"`
	MinimumLiquidity      uint64           `json:"minimum_liquidity"`
	InitialLiquidity      uint64           `json:"initial_liquidity"`
	LPTokenAmountOut      uint64           `json:"lp_token_amount_out"`
	PoolBump              uint8            `json:"pool_bump"`
	UserBaseTokenAccount  solana.PublicKey `json:"user_base_token_account"`
	UserQuoteTokenAccount solana.PublicKey `json:"user_quote_token_account"`
	CoinCreator           solana.PublicKey `json:"coin_creator"`
	IsMayhemMode          bool             `json:"is_mayhem_mode"`
	IsCashbackCoin        bool             `json:"is_cashback_coin"`
	PumpfunMigration      bool             `json:"pumpfun_migration"`
	EventLen              uint64           `json:"event_len"`
	EventExtra            uint64           `json:"event_extra"`
	PriceQuote            float64          `json:"price_quote"`
	PriceSOL              float64          `json:"price_sol"`
}

func (*PumpSwapPoolCreate) Program() Program { return PumpSwap }
func (*PumpSwapPoolCreate) Kind() Kind       { return PoolCreate }

// Key returns the pool address.
func (b *PumpSwapPoolCreate) Key() solana.PublicKey { return b.Pool }

func (b *PumpSwapPoolCreate) AppendJSON(dst []byte) []byte {
	dst = appendPubkey(dst, "pool", b.Pool)
	dst = appendPubkey(dst, "creator", b.Creator)
	dst = appendPubkey(dst, "base_mint", b.BaseMint)
	dst = appendPubkey(dst, "quote_mint", b.QuoteMint)
	dst = appendPubkey(dst, "lp_mint", b.LPMint)
	dst = appendI64(dst, "timestamp", b.Timestamp)
	dst = appendU16(dst, "pool_index", b.PoolIndex)
	dst = appendU8(dst, "base_mint_decimals", b.BaseMintDecimals)
	dst = appendU8(dst, "quote_mint_decimals", b.QuoteMintDecimals)
	dst = appendU64(dst, "base_amount_in", b.BaseAmountIn)
	dst = appendU64(dst, "quote_amount_in", b.QuoteAmountIn)
	dst = appendU64(dst, "pool_base_amount", b.PoolBaseAmount)
	dst = appendU64(dst, "pool_quote_amount", b.PoolQuoteAmount)
	dst = appendU64(dst, "minimum_liquidity", b.MinimumLiquidity)
	dst = appendU64(dst, "initial_liquidity", b.InitialLiquidity)
	dst = appendU64(dst, "lp_token_amount_out", b.LPTokenAmountOut)
	dst = appendU8(dst, "pool_bump", b.PoolBump)
	dst = appendPubkey(dst, "user_base_token_account", b.UserBaseTokenAccount)
	dst = appendPubkey(dst, "user_quote_token_account", b.UserQuoteTokenAccount)
	dst = appendPubkey(dst, "coin_creator", b.CoinCreator)
	dst = appendBool(dst, "is_mayhem_mode", b.IsMayhemMode)
	dst = appendBool(dst, "is_cashback_coin", b.IsCashbackCoin)
	dst = appendBool(dst, "pumpfun_migration", b.PumpfunMigration)
	dst = appendU64(dst, "event_len", b.EventLen)
	dst = appendU64(dst, "event_extra", b.EventExtra)
	dst = appendFloat(dst, "price_quote", b.PriceQuote)
	return appendFloat(dst, "price_sol", b.PriceSOL)
}

// PumpSwapLiquidity holds the fields a DepositEvent and a WithdrawEvent share, and the pool's
// mints from the instruction's accounts.
type PumpSwapLiquidity struct {
	Pool                   solana.PublicKey `json:"pool"`
	User                   solana.PublicKey `json:"user"`
	BaseMint               solana.PublicKey `json:"base_mint"`
	QuoteMint              solana.PublicKey `json:"quote_mint"`
	LPMint                 solana.PublicKey `json:"lp_mint"`
	Timestamp              int64            `json:"timestamp"`
	UserBaseTokenReserves  uint64           `json:"user_base_token_reserves"`
	UserQuoteTokenReserves uint64           `json:"user_quote_token_reserves"`
	PoolBaseTokenReserves  uint64           `json:"pool_base_token_reserves"`
	PoolQuoteTokenReserves uint64           `json:"pool_quote_token_reserves"`
	LPMintSupply           uint64           `json:"lp_mint_supply"`
	UserBaseTokenAccount   solana.PublicKey `json:"user_base_token_account"`
	UserQuoteTokenAccount  solana.PublicKey `json:"user_quote_token_account"`
	UserPoolTokenAccount   solana.PublicKey `json:"user_pool_token_account"`
	EventLen               uint64           `json:"event_len"`
	EventExtra             uint64           `json:"event_extra"`
}

func (b *PumpSwapLiquidity) appendJSON(dst []byte) []byte {
	dst = appendPubkey(dst, "pool", b.Pool)
	dst = appendPubkey(dst, "user", b.User)
	dst = appendPubkey(dst, "base_mint", b.BaseMint)
	dst = appendPubkey(dst, "quote_mint", b.QuoteMint)
	dst = appendPubkey(dst, "lp_mint", b.LPMint)
	dst = appendI64(dst, "timestamp", b.Timestamp)
	dst = appendU64(dst, "user_base_token_reserves", b.UserBaseTokenReserves)
	dst = appendU64(dst, "user_quote_token_reserves", b.UserQuoteTokenReserves)
	dst = appendU64(dst, "pool_base_token_reserves", b.PoolBaseTokenReserves)
	dst = appendU64(dst, "pool_quote_token_reserves", b.PoolQuoteTokenReserves)
	dst = appendU64(dst, "lp_mint_supply", b.LPMintSupply)
	dst = appendPubkey(dst, "user_base_token_account", b.UserBaseTokenAccount)
	dst = appendPubkey(dst, "user_quote_token_account", b.UserQuoteTokenAccount)
	dst = appendPubkey(dst, "user_pool_token_account", b.UserPoolTokenAccount)
	dst = appendU64(dst, "event_len", b.EventLen)
	return appendU64(dst, "event_extra", b.EventExtra)
}

// PumpSwapDeposit is liquidity added to a PumpSwap pool (program pumpswap, kind deposit), keyed by
// the pool: the DepositEvent fields named as in the IDL, the pool's mints from the instruction.
// The pool reserves are before the deposit.
type PumpSwapDeposit struct {
	PumpSwapLiquidity
	LPTokenAmountOut uint64 `json:"lp_token_amount_out"`
	MaxBaseAmountIn  uint64 `json:"max_base_amount_in"`
	MaxQuoteAmountIn uint64 `json:"max_quote_amount_in"`
	BaseAmountIn     uint64 `json:"base_amount_in"`
	QuoteAmountIn    uint64 `json:"quote_amount_in"`
}

func (*PumpSwapDeposit) Program() Program { return PumpSwap }
func (*PumpSwapDeposit) Kind() Kind       { return Deposit }

// Key returns the pool address.
func (b *PumpSwapDeposit) Key() solana.PublicKey { return b.Pool }

func (b *PumpSwapDeposit) AppendJSON(dst []byte) []byte {
	dst = b.PumpSwapLiquidity.appendJSON(dst)
	dst = appendU64(dst, "lp_token_amount_out", b.LPTokenAmountOut)
	dst = appendU64(dst, "max_base_amount_in", b.MaxBaseAmountIn)
	dst = appendU64(dst, "max_quote_amount_in", b.MaxQuoteAmountIn)
	dst = appendU64(dst, "base_amount_in", b.BaseAmountIn)
	return appendU64(dst, "quote_amount_in", b.QuoteAmountIn)
}

// PumpSwapWithdraw is liquidity removed from a PumpSwap pool (program pumpswap, kind withdraw),
// keyed by the pool: the WithdrawEvent fields named as in the IDL, the pool's mints from the
// instruction. The pool reserves are before the withdrawal.
type PumpSwapWithdraw struct {
	PumpSwapLiquidity
	LPTokenAmountIn   uint64 `json:"lp_token_amount_in"`
	MinBaseAmountOut  uint64 `json:"min_base_amount_out"`
	MinQuoteAmountOut uint64 `json:"min_quote_amount_out"`
	BaseAmountOut     uint64 `json:"base_amount_out"`
	QuoteAmountOut    uint64 `json:"quote_amount_out"`
}

func (*PumpSwapWithdraw) Program() Program { return PumpSwap }
func (*PumpSwapWithdraw) Kind() Kind       { return Withdraw }

// Key returns the pool address.
func (b *PumpSwapWithdraw) Key() solana.PublicKey { return b.Pool }

func (b *PumpSwapWithdraw) AppendJSON(dst []byte) []byte {
	dst = b.PumpSwapLiquidity.appendJSON(dst)
	dst = appendU64(dst, "lp_token_amount_in", b.LPTokenAmountIn)
	dst = appendU64(dst, "min_base_amount_out", b.MinBaseAmountOut)
	dst = appendU64(dst, "min_quote_amount_out", b.MinQuoteAmountOut)
	dst = appendU64(dst, "base_amount_out", b.BaseAmountOut)
	return appendU64(dst, "quote_amount_out", b.QuoteAmountOut)
}

// PumpSwapPool is a PumpSwap Pool account's state (program pumpswap, kind pool), keyed by the
// account's address, which Pool holds. Fields a shorter, older account lacks are zero; DataLen is
// the account's length and DataExtra the bytes past the newest known layout.
type PumpSwapPool struct {
	Pool                  solana.PublicKey `json:"pool"`
	PoolBump              uint8            `json:"pool_bump"`
	PoolIndex             uint16           `json:"pool_index"` // the pool's index seed (the IDL's "index"; renamed off the envelope's "index")
	Creator               solana.PublicKey `json:"creator"`
	BaseMint              solana.PublicKey `json:"base_mint"`
	QuoteMint             solana.PublicKey `json:"quote_mint"`
	LPMint                solana.PublicKey `json:"lp_mint"`
	PoolBaseTokenAccount  solana.PublicKey `json:"pool_base_token_account"`
	PoolQuoteTokenAccount solana.PublicKey `json:"pool_quote_token_account"`
	LPSupply              uint64           `json:"lp_supply"`
	CoinCreator           solana.PublicKey `json:"coin_creator"`
	IsMayhemMode          bool             `json:"is_mayhem_mode"`
	IsCashbackCoin        bool             `json:"is_cashback_coin"`
	DataLen               uint64           `json:"data_len"`
	DataExtra             uint64           `json:"data_extra"`
}

func (*PumpSwapPool) Program() Program { return PumpSwap }
func (*PumpSwapPool) Kind() Kind       { return Pool }

// Key returns the pool account's address.
func (b *PumpSwapPool) Key() solana.PublicKey { return b.Pool }

func (b *PumpSwapPool) AppendJSON(dst []byte) []byte {
	dst = appendPubkey(dst, "pool", b.Pool)
	dst = appendU8(dst, "pool_bump", b.PoolBump)
	dst = appendU16(dst, "pool_index", b.PoolIndex)
	dst = appendPubkey(dst, "creator", b.Creator)
	dst = appendPubkey(dst, "base_mint", b.BaseMint)
	dst = appendPubkey(dst, "quote_mint", b.QuoteMint)
	dst = appendPubkey(dst, "lp_mint", b.LPMint)
	dst = appendPubkey(dst, "pool_base_token_account", b.PoolBaseTokenAccount)
	dst = appendPubkey(dst, "pool_quote_token_account", b.PoolQuoteTokenAccount)
	dst = appendU64(dst, "lp_supply", b.LPSupply)
	dst = appendPubkey(dst, "coin_creator", b.CoinCreator)
	dst = appendBool(dst, "is_mayhem_mode", b.IsMayhemMode)
	dst = appendBool(dst, "is_cashback_coin", b.IsCashbackCoin)
	dst = appendU64(dst, "data_len", b.DataLen)
	return appendU64(dst, "data_extra", b.DataExtra)
}
