package pumpswap

import (
	"fmt"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/borsh"
	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/events"
)

// Event body lengths (after the 8-byte discriminator) of each known layout, PROGRAMS.md §3.2.
const (
	TradeEventV1Len      = 304 // BuyEvent/SellEvent, Apr 2025
	TradeEventV2Len      = 352 // + coin_creator, coin_creator_fee_basis_points, coin_creator_fee
	BuyEventV3Len        = 385 // + track_volume … last_update_timestamp
	CreatePoolEventV1Len = 293
	CreatePoolEventV2Len = 325 // + coin_creator
	CreatePoolEventV3Len = 326 // + is_mayhem_mode
	LiquidityEventLen    = 248 // DepositEvent, WithdrawEvent
	PoolV1Len            = 211 // Pool account with its discriminator, Apr 2025
	PoolLen              = 245 // + coin_creator, is_mayhem_mode, is_cashback_coin
	GlobalConfigV1Len    = 313
	GlobalConfigLen      = 907
)

// buyIxNames interns the ix_name strings BuyEvent carries, so the hot path does not allocate.
var buyIxNames = [...]string{"buy", "buy_exact_quote_in", "buy_v2", "buy_exact_quote_in_v2"}

func ixName(b []byte) string {
	for _, s := range buyIxNames {
		if string(b) == s {
			return s
		}
	}
	return string(b)
}

// decodeTradeCommon reads the 304 bytes that BuyEvent and SellEvent share; the side-specific
// fields it reads into the buy names and the caller moves them for a sell.
func decodeTradeCommon(r *borsh.Reader, ev *events.PumpSwapTrade, buy bool) (a, b, c, d, e uint64) {
	ev.Timestamp = r.I64("timestamp")
	if buy {
		a = r.U64("base_amount_out")
		b = r.U64("max_quote_amount_in")
	} else {
		a = r.U64("base_amount_in")
		b = r.U64("min_quote_amount_out")
	}
	ev.UserBaseTokenReserves = r.U64("user_base_token_reserves")
	ev.UserQuoteTokenReserves = r.U64("user_quote_token_reserves")
	ev.PoolBaseTokenReserves = r.U64("pool_base_token_reserves")
	ev.PoolQuoteTokenReserves = r.U64("pool_quote_token_reserves")
	if buy {
		c = r.U64("quote_amount_in")
	} else {
		c = r.U64("quote_amount_out")
	}
	ev.LPFeeBasisPoints = r.U64("lp_fee_basis_points")
	ev.LPFee = r.U64("lp_fee")
	ev.ProtocolFeeBasisPoints = r.U64("protocol_fee_basis_points")
	ev.ProtocolFee = r.U64("protocol_fee")
	if buy {
		d = r.U64("quote_amount_in_with_lp_fee")
		e = r.U64("user_quote_amount_in")
	} else {
		d = r.U64("quote_amount_out_without_lp_fee")
		e = r.U64("user_quote_amount_out")
	}
	ev.Pool = r.Pubkey("pool")
	ev.User = r.Pubkey("user")
	ev.UserBaseTokenAccount = r.Pubkey("user_base_token_account")
	ev.UserQuoteTokenAccount = r.Pubkey("user_quote_token_account")
	ev.ProtocolFeeRecipient = r.Pubkey("protocol_fee_recipient")
	ev.ProtocolFeeRecipientTokenAccount = r.Pubkey("protocol_fee_recipient_token_account")
	if r.Err() == nil && r.Len() >= 48 {
		ev.CoinCreator = r.Pubkey("coin_creator")
		ev.CoinCreatorFeeBasisPoints = r.U64("coin_creator_fee_basis_points")
		ev.CoinCreatorFee = r.U64("coin_creator_fee")
	}
	return a, b, c, d, e
}

// decodeFeeTail reads the cashback and buyback groups when present and returns the version
// reached from v.
func decodeFeeTail(r *borsh.Reader, ev *events.PumpSwapTrade, v uint8) uint8 {
	if r.Err() == nil && r.Len() >= 16 {
		ev.CashbackFeeBasisPoints = r.U64("cashback_fee_basis_points")
		ev.Cashback = r.U64("cashback")
		v++
		if r.Len() >= 16 {
			ev.BuybackFeeBasisPoints = r.U64("buyback_fee_basis_points")
			ev.BuybackFee = r.U64("buyback_fee")
			v++
		}
	}
	return v
}

// DecodeBuyEvent decodes a BuyEvent body, the bytes after its discriminator, of any known length
// (304, 352, 385, 397+len(ix_name), +16 cashback, +16 buyback); bytes past the newest layout are
// counted in EventExtra. It fills the event's fields of a PumpSwapTrade (IsBuy, BaseAmount,
// QuoteAmount included), not the mints, decimals or prices. QuoteAmount, what the user paid, is
// user_quote_amount_in, except in events whose ix_name is buy_exact_quote_in, where the program
// writes the user's spend in quote_amount_in and the amount entering the curve in
// user_quote_amount_in; in both, the quote the pool vault receives is quote_amount_in_with_lp_fee
// and QuoteAmount = quote_amount_in_with_lp_fee + protocol_fee + coin_creator_fee. Errors wrap borsh.ErrShortData, or
// borsh.ErrInvalid for a bool that is neither 0 nor 1, and name the field and its offset.
func DecodeBuyEvent(b []byte) (events.PumpSwapTrade, error) {
	r := borsh.NewReader(b)
	var ev events.PumpSwapTrade
	ev.IsBuy = true
	ev.BaseAmountOut, ev.MaxQuoteAmountIn, ev.QuoteAmountIn, ev.QuoteAmountInWithLPFee, ev.UserQuoteAmountIn =
		decodeTradeCommon(&r, &ev, true)
	v := uint8(1)
	if r.Err() == nil && len(b) >= TradeEventV2Len {
		v = 2
		if r.Len() >= 33 {
			ev.TrackVolume = r.Bool("track_volume")
			ev.TotalUnclaimedTokens = r.U64("total_unclaimed_tokens")
			ev.TotalClaimedTokens = r.U64("total_claimed_tokens")
			ev.CurrentSOLVolume = r.U64("current_sol_volume")
			ev.LastUpdateTimestamp = r.I64("last_update_timestamp")
			v = 3
			if r.Err() == nil && r.Len() >= 12 {
				ev.MinBaseAmountOut = r.U64("min_base_amount_out")
				ev.IxName = ixName(r.StringBytes("ix_name"))
				v = 4
				v = decodeFeeTail(&r, &ev, v)
			}
		}
	}
	if err := r.Err(); err != nil {
		return events.PumpSwapTrade{}, fmt.Errorf("pumpswap: decode BuyEvent: %w", err)
	}
	ev.EventLen, ev.EventVersion, ev.EventExtra = uint64(len(b)), v, uint64(r.Len())
	ev.BaseAmount, ev.QuoteAmount = ev.BaseAmountOut, ev.UserQuoteAmountIn
	if ev.IxName == "buy_exact_quote_in" {
		// Here quote_amount_in is what the user spent and user_quote_amount_in what entered the
		// curve (checked on a real 2026 event: base_amount_out follows from the latter).
		ev.QuoteAmount = ev.QuoteAmountIn
	}
	return ev, nil
}

// DecodeSellEvent decodes a SellEvent body, the bytes after its discriminator, of any known
// length (304, 352, 368 with cashback, 384 with buyback); bytes past the newest layout are
// counted in EventExtra. Like DecodeBuyEvent it fills the event's fields of a PumpSwapTrade.
// Errors wrap borsh.ErrShortData and name the field and its offset.
func DecodeSellEvent(b []byte) (events.PumpSwapTrade, error) {
	r := borsh.NewReader(b)
	var ev events.PumpSwapTrade
	ev.BaseAmountIn, ev.MinQuoteAmountOut, ev.QuoteAmountOut, ev.QuoteAmountOutWithoutLPFee, ev.UserQuoteAmountOut =
		decodeTradeCommon(&r, &ev, false)
	v := uint8(1)
	if r.Err() == nil && len(b) >= TradeEventV2Len {
		v = decodeFeeTail(&r, &ev, 2)
	}
	if err := r.Err(); err != nil {
		return events.PumpSwapTrade{}, fmt.Errorf("pumpswap: decode SellEvent: %w", err)
	}
	ev.EventLen, ev.EventVersion, ev.EventExtra = uint64(len(b)), v, uint64(r.Len())
	ev.BaseAmount, ev.QuoteAmount = ev.BaseAmountIn, ev.UserQuoteAmountOut
	return ev, nil
}

// DecodeCreatePoolEvent decodes a CreatePoolEvent body of 293, 325 or 326 bytes (longer bodies
// count the rest in EventExtra). It fills the event's fields of a PumpSwapPoolCreate, not
// the instruction's is_cashback_coin, the migration flag or prices. Errors wrap borsh.ErrShortData or
// borsh.ErrInvalid and name the field and its offset.
func DecodeCreatePoolEvent(b []byte) (events.PumpSwapPoolCreate, error) {
	r := borsh.NewReader(b)
	var ev events.PumpSwapPoolCreate
	ev.Timestamp = r.I64("timestamp")
	ev.PoolIndex = r.U16("index")
	ev.Creator = r.Pubkey("creator")
	ev.BaseMint = r.Pubkey("base_mint")
	ev.QuoteMint = r.Pubkey("quote_mint")
	ev.BaseMintDecimals = r.U8("base_mint_decimals")
	ev.QuoteMintDecimals = r.U8("quote_mint_decimals")
	ev.BaseAmountIn = r.U64("base_amount_in")
	ev.QuoteAmountIn = r.U64("quote_amount_in")
	ev.PoolBaseAmount = r.U64("pool_base_amount")
	ev.PoolQuoteAmount = r.U64("pool_quote_amount")
	ev.MinimumLiquidity = r.U64("minimum_liquidity")
	ev.InitialLiquidity = r.U64("initial_liquidity")
	ev.LPTokenAmountOut = r.U64("lp_token_amount_out")
	ev.PoolBump = r.U8("pool_bump")
	ev.Pool = r.Pubkey("pool")
	ev.LPMint = r.Pubkey("lp_mint")
	ev.UserBaseTokenAccount = r.Pubkey("user_base_token_account")
	ev.UserQuoteTokenAccount = r.Pubkey("user_quote_token_account")
	if r.Err() == nil && r.Len() >= 32 {
		ev.CoinCreator = r.Pubkey("coin_creator")
		if r.Len() >= 1 {
			ev.IsMayhemMode = r.Bool("is_mayhem_mode")
		}
	}
	if err := r.Err(); err != nil {
		return events.PumpSwapPoolCreate{}, fmt.Errorf("pumpswap: decode CreatePoolEvent: %w", err)
	}
	ev.EventLen, ev.EventExtra = uint64(len(b)), uint64(r.Len())
	return ev, nil
}

// decodeLiquidity reads a DepositEvent or WithdrawEvent; the three request fields and the two
// amounts come back in order.
func decodeLiquidity(r *borsh.Reader, l *events.PumpSwapLiquidity, names *[5]string) (x [5]uint64) {
	l.Timestamp = r.I64("timestamp")
	x[0] = r.U64(names[0])
	x[1] = r.U64(names[1])
	x[2] = r.U64(names[2])
	l.UserBaseTokenReserves = r.U64("user_base_token_reserves")
	l.UserQuoteTokenReserves = r.U64("user_quote_token_reserves")
	l.PoolBaseTokenReserves = r.U64("pool_base_token_reserves")
	l.PoolQuoteTokenReserves = r.U64("pool_quote_token_reserves")
	x[3] = r.U64(names[3])
	x[4] = r.U64(names[4])
	l.LPMintSupply = r.U64("lp_mint_supply")
	l.Pool = r.Pubkey("pool")
	l.User = r.Pubkey("user")
	l.UserBaseTokenAccount = r.Pubkey("user_base_token_account")
	l.UserQuoteTokenAccount = r.Pubkey("user_quote_token_account")
	l.UserPoolTokenAccount = r.Pubkey("user_pool_token_account")
	return x
}

var (
	depositNames  = [5]string{"lp_token_amount_out", "max_base_amount_in", "max_quote_amount_in", "base_amount_in", "quote_amount_in"}
	withdrawNames = [5]string{"lp_token_amount_in", "min_base_amount_out", "min_quote_amount_out", "base_amount_out", "quote_amount_out"}
)

// DecodeDepositEvent decodes a DepositEvent body (248 bytes; longer bodies count the rest in
// EventExtra). It leaves the mints zero. Errors wrap borsh.ErrShortData and name the field and
// its offset.
func DecodeDepositEvent(b []byte) (events.PumpSwapDeposit, error) {
	r := borsh.NewReader(b)
	var ev events.PumpSwapDeposit
	x := decodeLiquidity(&r, &ev.PumpSwapLiquidity, &depositNames)
	if err := r.Err(); err != nil {
		return events.PumpSwapDeposit{}, fmt.Errorf("pumpswap: decode DepositEvent: %w", err)
	}
	ev.LPTokenAmountOut, ev.MaxBaseAmountIn, ev.MaxQuoteAmountIn, ev.BaseAmountIn, ev.QuoteAmountIn = x[0], x[1], x[2], x[3], x[4]
	ev.EventLen, ev.EventExtra = uint64(len(b)), uint64(r.Len())
	return ev, nil
}

// DecodeWithdrawEvent decodes a WithdrawEvent body (248 bytes; longer bodies count the rest in
// EventExtra). It leaves the mints zero. Errors wrap borsh.ErrShortData and name the field and
// its offset.
func DecodeWithdrawEvent(b []byte) (events.PumpSwapWithdraw, error) {
	r := borsh.NewReader(b)
	var ev events.PumpSwapWithdraw
	x := decodeLiquidity(&r, &ev.PumpSwapLiquidity, &withdrawNames)
	if err := r.Err(); err != nil {
		return events.PumpSwapWithdraw{}, fmt.Errorf("pumpswap: decode WithdrawEvent: %w", err)
	}
	ev.LPTokenAmountIn, ev.MinBaseAmountOut, ev.MinQuoteAmountOut, ev.BaseAmountOut, ev.QuoteAmountOut = x[0], x[1], x[2], x[3], x[4]
	ev.EventLen, ev.EventExtra = uint64(len(b)), uint64(r.Len())
	return ev, nil
}

// DecodePool decodes a Pool account's data, discriminator included, so that offsets in errors
// match PROGRAMS.md §3.3: 211 bytes (Apr 2025) up to 245 and the 300-byte accounts the program
// extends pools to (the rest counted in DataExtra). It leaves Pool (the address) zero. An account
// with another discriminator returns a *chain.UnknownError; short data an error wrapping
// borsh.ErrShortData, a bad bool one wrapping borsh.ErrInvalid.
func DecodePool(data []byte) (events.PumpSwapPool, error) {
	if len(data) < 8 || [8]byte(data[:8]) != accountPool {
		return events.PumpSwapPool{}, chain.Unknown(events.PumpSwap, "account", data, 8)
	}
	r := borsh.NewReader(data)
	r.Skip("discriminator", 8)
	var p events.PumpSwapPool
	p.PoolBump = r.U8("pool_bump")
	p.PoolIndex = r.U16("index")
	p.Creator = r.Pubkey("creator")
	p.BaseMint = r.Pubkey("base_mint")
	p.QuoteMint = r.Pubkey("quote_mint")
	p.LPMint = r.Pubkey("lp_mint")
	p.PoolBaseTokenAccount = r.Pubkey("pool_base_token_account")
	p.PoolQuoteTokenAccount = r.Pubkey("pool_quote_token_account")
	p.LPSupply = r.U64("lp_supply")
	if r.Err() == nil && r.Len() >= 32 {
		p.CoinCreator = r.Pubkey("coin_creator")
		if r.Len() >= 1 {
			p.IsMayhemMode = r.Bool("is_mayhem_mode")
		}
		if r.Err() == nil && r.Len() >= 1 {
			p.IsCashbackCoin = r.Bool("is_cashback_coin")
		}
	}
	if err := r.Err(); err != nil {
		return events.PumpSwapPool{}, fmt.Errorf("pumpswap: decode Pool: %w", err)
	}
	p.DataLen, p.DataExtra = uint64(len(data)), uint64(r.Len())
	return p, nil
}

// GlobalConfig is PumpSwap's GlobalConfig account (PROGRAMS.md §3.3). Fields an older, shorter
// account lacks are zero.
type GlobalConfig struct {
	Admin                        solana.PublicKey
	LPFeeBasisPoints             uint64
	ProtocolFeeBasisPoints       uint64
	DisableFlags                 uint8
	ProtocolFeeRecipients        [8]solana.PublicKey
	CoinCreatorFeeBasisPoints    uint64
	AdminSetCoinCreatorAuthority solana.PublicKey
	WhitelistPDA                 solana.PublicKey
	ReservedFeeRecipient         solana.PublicKey
	MayhemModeEnabled            bool
	ReservedFeeRecipients        [7]solana.PublicKey
	IsCashbackEnabled            bool
	BuybackFeeRecipients         [8]solana.PublicKey
	BuybackBasisPoints           uint64
	DataLen, DataExtra           int
}

// DecodeGlobalConfig decodes a GlobalConfig account's data, discriminator included (offsets as
// in PROGRAMS.md §3.3), from 313 bytes (Apr 2025) to 907; each later field is read when the data
// holds it, the rest counted in DataExtra. Errors as DecodePool.
func DecodeGlobalConfig(data []byte) (GlobalConfig, error) {
	if len(data) < 8 || [8]byte(data[:8]) != accountGlobalConfig {
		return GlobalConfig{}, chain.Unknown(events.PumpSwap, "account", data, 8)
	}
	r := borsh.NewReader(data)
	r.Skip("discriminator", 8)
	var g GlobalConfig
	g.Admin = r.Pubkey("admin")
	g.LPFeeBasisPoints = r.U64("lp_fee_basis_points")
	g.ProtocolFeeBasisPoints = r.U64("protocol_fee_basis_points")
	g.DisableFlags = r.U8("disable_flags")
	for k := range g.ProtocolFeeRecipients {
		g.ProtocolFeeRecipients[k] = r.Pubkey("protocol_fee_recipients")
	}
	if r.Len() >= 8 {
		g.CoinCreatorFeeBasisPoints = r.U64("coin_creator_fee_basis_points")
	}
	if r.Len() >= 32 {
		g.AdminSetCoinCreatorAuthority = r.Pubkey("admin_set_coin_creator_authority")
	}
	if r.Len() >= 32 {
		g.WhitelistPDA = r.Pubkey("whitelist_pda")
	}
	if r.Len() >= 32 {
		g.ReservedFeeRecipient = r.Pubkey("reserved_fee_recipient")
	}
	if r.Len() >= 1+7*32 {
		g.MayhemModeEnabled = r.Bool("mayhem_mode_enabled")
		for k := range g.ReservedFeeRecipients {
			g.ReservedFeeRecipients[k] = r.Pubkey("reserved_fee_recipients")
		}
	}
	if r.Len() >= 1 {
		g.IsCashbackEnabled = r.Bool("is_cashback_enabled")
	}
	if r.Len() >= 8*32+8 {
		for k := range g.BuybackFeeRecipients {
			g.BuybackFeeRecipients[k] = r.Pubkey("buyback_fee_recipients")
		}
		g.BuybackBasisPoints = r.U64("buyback_basis_points")
	}
	if err := r.Err(); err != nil {
		return GlobalConfig{}, fmt.Errorf("pumpswap: decode GlobalConfig: %w", err)
	}
	g.DataLen, g.DataExtra = len(data), r.Len()
	return g, nil
}
