package pumpfun

import (
	"fmt"

	"github.com/geyserjet/geyserjet/pkg/borsh"
	"github.com/geyserjet/geyserjet/pkg/events"
)

// DecodeTradeEvent decodes a TradeEvent body, the bytes after its discriminator, of any length
// the program has emitted (PROGRAMS.md §2.2): 121 (v1), 217 (v2), 250 (v3), 254+L (v4, ix_name
// of L bytes), 255+L (v5), 271+L (v6), 347+L+34n (v7, n shareholders) and 371+L+34n (v8,
// holder rewards, IDL @2293f9a). Bytes past the newest layout are counted in UnknownBytes. It
// sets the derived values; Instruction, Source and Failed are the caller's. The error wraps
// borsh.ErrShortData (the body ends inside a field) or borsh.ErrInvalid (a bool byte above 1).
func DecodeTradeEvent(b []byte) (events.PumpfunTrade, error) {
	var t events.PumpfunTrade
	if err := decodeTrade(b, &t); err != nil {
		return events.PumpfunTrade{}, fmt.Errorf("pumpfun: decode TradeEvent: %w", err)
	}
	return t, nil
}

// decodeTrade fills t from a TradeEvent body; t must be zero.
func decodeTrade(b []byte, t *events.PumpfunTrade) error {
	r := borsh.NewReader(b)
	t.Mint = r.Pubkey("mint")
	t.SolAmount = r.U64("sol_amount")
	t.TokenAmount = r.U64("token_amount")
	t.IsBuy = r.Bool("is_buy")
	t.User = r.Pubkey("user")
	t.Timestamp = r.I64("timestamp")
	t.VirtualSolReserves = r.U64("virtual_sol_reserves")
	t.VirtualTokenReserves = r.U64("virtual_token_reserves")
	t.RealSolReserves = r.U64("real_sol_reserves")
	t.RealTokenReserves = r.U64("real_token_reserves")
	t.EventVersion = 1
	if r.Len() > 0 {
		t.FeeRecipient = r.Pubkey("fee_recipient")
		t.FeeBasisPoints = r.U64("fee_basis_points")
		t.Fee = r.U64("fee")
		t.Creator = r.Pubkey("creator")
		t.CreatorFeeBasisPoints = r.U64("creator_fee_basis_points")
		t.CreatorFee = r.U64("creator_fee")
		t.EventVersion = 2
	}
	if r.Len() > 0 {
		t.TrackVolume = r.Bool("track_volume")
		t.TotalUnclaimedTokens = r.U64("total_unclaimed_tokens")
		t.TotalClaimedTokens = r.U64("total_claimed_tokens")
		t.CurrentSolVolume = r.U64("current_sol_volume")
		t.LastUpdateTimestamp = r.I64("last_update_timestamp")
		t.EventVersion = 3
	}
	if r.Len() > 0 {
		t.IxName = ixName(r.StringBytes("ix_name"))
		t.EventVersion = 4
	}
	if r.Len() > 0 {
		t.MayhemMode = r.Bool("mayhem_mode")
		t.EventVersion = 5
	}
	if r.Len() > 0 {
		t.CashbackFeeBasisPoints = r.U64("cashback_fee_basis_points")
		t.Cashback = r.U64("cashback")
		t.EventVersion = 6
	}
	if r.Len() > 0 {
		t.BuybackFeeBasisPoints = r.U64("buyback_fee_basis_points")
		t.BuybackFee = r.U64("buyback_fee")
		n := r.VecLen("shareholders", 34)
		if r.Err() == nil {
			// A zero-length make does not allocate: [] in JSON, where older versions say null.
			t.Shareholders = make([]events.PumpfunShareholder, n)
			for i := range t.Shareholders {
				t.Shareholders[i].Address = r.Pubkey("shareholders.address")
				t.Shareholders[i].ShareBps = r.U16("shareholders.share_bps")
			}
		}
		t.QuoteMint = r.Pubkey("quote_mint")
		t.QuoteAmount = r.U64("quote_amount")
		t.VirtualQuoteReserves = r.U64("virtual_quote_reserves")
		t.RealQuoteReserves = r.U64("real_quote_reserves")
		t.EventVersion = 7
	}
	// v8 is newer than PROGRAMS.md's tables (IDL @2293f9a; PROGRAMS.md §9 saw 24 more bytes):
	// read it only when all of it is there, else the tail is unknown.
	if r.Len() >= 24 {
		t.HolderRewardsBps = r.U64("holder_rewards_bps")
		t.HolderRewards = r.U64("holder_rewards")
		t.CreatorFeeUnclaimed = r.U64("creator_fee_unclaimed")
		t.EventVersion = 8
	}
	if err := r.Err(); err != nil {
		return err
	}
	t.EventLen, t.UnknownBytes = len(b), r.Len()
	d := Derive(t.VirtualSolReserves, t.VirtualTokenReserves, t.RealTokenReserves, DefaultTokenTotalSupply)
	t.Progress = d.Progress
	if isSOL(t.QuoteMint) { // a price in another quote mint is not a SOL price
		t.PriceSol, t.MarketCapSol = d.PriceSol, d.MarketCapSol
	}
	return nil
}

// ixName returns the TradeEvent ix_name as a string, without allocating for the names the
// program is known to write.
func ixName(b []byte) string {
	switch string(b) { // no allocation: the conversion is only compared
	case "buy":
		return "buy"
	case "sell":
		return "sell"
	case "buy_exact_sol_in":
		return "buy_exact_sol_in"
	case "buy_v2":
		return "buy_v2"
	case "sell_v2":
		return "sell_v2"
	case "buy_exact_quote_in_v2":
		return "buy_exact_quote_in_v2"
	case "buy_v3":
		return "buy_v3"
	case "sell_v3":
		return "sell_v3"
	case "buy_exact_quote_in_v3":
		return "buy_exact_quote_in_v3"
	case "":
		return ""
	}
	return string(b)
}

// DecodeCreateEvent decodes a CreateEvent body, the bytes after its discriminator: name, symbol
// and uri, then a fixed tail of 96 (v1), 136 (v2), 168 (v3), 201 (v4), 202 (v5), 242 (v6), 251
// (v7) or 252 (v8) bytes (PROGRAMS.md §2.2; v7 and v8 from IDL @2293f9a). Bytes past the newest
// layout are counted in UnknownBytes. Errors as DecodeTradeEvent.
func DecodeCreateEvent(b []byte) (events.PumpfunCreate, error) {
	var c events.PumpfunCreate
	if err := decodeCreate(b, &c); err != nil {
		return events.PumpfunCreate{}, fmt.Errorf("pumpfun: decode CreateEvent: %w", err)
	}
	return c, nil
}

func decodeCreate(b []byte, c *events.PumpfunCreate) error {
	r := borsh.NewReader(b)
	c.Name = r.String("name")
	c.Symbol = r.String("symbol")
	c.URI = r.String("uri")
	c.Mint = r.Pubkey("mint")
	c.BondingCurve = r.Pubkey("bonding_curve")
	c.User = r.Pubkey("user")
	c.EventVersion = 1
	if r.Len() > 0 {
		c.Creator = r.Pubkey("creator")
		c.Timestamp = r.I64("timestamp")
		c.EventVersion = 2
	}
	if r.Len() > 0 {
		c.VirtualTokenReserves = r.U64("virtual_token_reserves")
		c.VirtualSolReserves = r.U64("virtual_sol_reserves")
		c.RealTokenReserves = r.U64("real_token_reserves")
		c.TokenTotalSupply = r.U64("token_total_supply")
		c.EventVersion = 3
	}
	if r.Len() > 0 {
		c.TokenProgram = r.Pubkey("token_program")
		c.IsMayhemMode = r.Bool("is_mayhem_mode")
		c.EventVersion = 4
	}
	if r.Len() > 0 {
		c.IsCashbackEnabled = r.Bool("is_cashback_enabled")
		c.EventVersion = 5
	}
	if r.Len() > 0 {
		c.QuoteMint = r.Pubkey("quote_mint")
		c.VirtualQuoteReserves = r.U64("virtual_quote_reserves")
		c.EventVersion = 6
	}
	// v7 and v8 are newer than PROGRAMS.md's tables (PROGRAMS.md §9 saw 9 more bytes): read
	// each only when all of it is there, else the tail is unknown.
	if r.Len() >= 9 {
		c.CreatorFeeBps = r.U64("creator_fee_bps")
		c.IsHolderReward = r.Bool("is_holder_reward")
		c.EventVersion = 7
		if r.Len() >= 1 {
			c.Depth = r.U8("depth")
			c.EventVersion = 8
		}
	}
	if err := r.Err(); err != nil {
		return err
	}
	c.EventLen, c.UnknownBytes = len(b), r.Len()
	if c.EventVersion >= 3 && isSOL(c.QuoteMint) {
		d := Derive(c.VirtualSolReserves, c.VirtualTokenReserves, c.RealTokenReserves, c.TokenTotalSupply)
		c.PriceSol, c.MarketCapSol = d.PriceSol, d.MarketCapSol
	}
	return nil
}

// DecodeCompleteEvent decodes a CompleteEvent body: 104 bytes (v1) or 136 (v2, quote_mint).
// Bytes past 136 are counted in UnknownBytes. Errors as DecodeTradeEvent.
func DecodeCompleteEvent(b []byte) (events.PumpfunComplete, error) {
	var c events.PumpfunComplete
	if err := decodeComplete(b, &c); err != nil {
		return events.PumpfunComplete{}, fmt.Errorf("pumpfun: decode CompleteEvent: %w", err)
	}
	return c, nil
}

func decodeComplete(b []byte, c *events.PumpfunComplete) error {
	r := borsh.NewReader(b)
	c.User = r.Pubkey("user")
	c.Mint = r.Pubkey("mint")
	c.BondingCurve = r.Pubkey("bonding_curve")
	c.Timestamp = r.I64("timestamp")
	c.EventVersion = 1
	if r.Len() > 0 {
		c.QuoteMint = r.Pubkey("quote_mint")
		c.EventVersion = 2
	}
	if err := r.Err(); err != nil {
		return err
	}
	c.EventLen, c.UnknownBytes = len(b), r.Len()
	return nil
}

// DecodeMigrationEvent decodes a CompletePumpAmmMigrationEvent body: 160 bytes (v1) or 192 (v2,
// quote_mint). Bytes past 192 are counted in UnknownBytes. Errors as DecodeTradeEvent.
func DecodeMigrationEvent(b []byte) (events.PumpfunMigrate, error) {
	var m events.PumpfunMigrate
	if err := decodeMigration(b, &m); err != nil {
		return events.PumpfunMigrate{}, fmt.Errorf("pumpfun: decode CompletePumpAmmMigrationEvent: %w", err)
	}
	return m, nil
}

func decodeMigration(b []byte, m *events.PumpfunMigrate) error {
	r := borsh.NewReader(b)
	m.User = r.Pubkey("user")
	m.Mint = r.Pubkey("mint")
	m.MintAmount = r.U64("mint_amount")
	m.SolAmount = r.U64("sol_amount")
	m.PoolMigrationFee = r.U64("pool_migration_fee")
	m.BondingCurve = r.Pubkey("bonding_curve")
	m.Timestamp = r.I64("timestamp")
	m.Pool = r.Pubkey("pool")
	m.EventVersion = 1
	if r.Len() > 0 {
		m.QuoteMint = r.Pubkey("quote_mint")
		m.EventVersion = 2
	}
	if err := r.Err(); err != nil {
		return err
	}
	m.EventLen, m.UnknownBytes = len(b), r.Len()
	return nil
}
