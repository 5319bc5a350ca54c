package raydiumamm

import (
	"fmt"

	"github.com/geyserjet/geyserjet/pkg/borsh"
)

// AmmInfoLen is the size of an AmmInfo account; AmmInfo has no discriminator, so an account
// owned by the program is an AmmInfo exactly when it has this size.
const AmmInfoLen = 752

// AmmInfo is the part of an AmmInfo account (program/src/state.rs, repr(C, packed)) that the
// events carry. u128 fields are [low, high].
type AmmInfo struct {
	Status              uint64
	Nonce               uint64
	OrderNum            uint64
	Depth               uint64
	CoinDecimals        uint64
	PcDecimals          uint64
	State               uint64
	ResetFlag           uint64
	MinSize             uint64
	VolMaxCutRatio      uint64
	AmountWave          uint64
	CoinLotSize         uint64
	PcLotSize           uint64
	MinPriceMultiplier  uint64
	MaxPriceMultiplier  uint64
	SysDecimalValue     uint64
	MinSeparateNum      uint64
	MinSeparateDen      uint64
	TradeFeeNumerator   uint64
	TradeFeeDenominator uint64
	PnlNumerator        uint64
	PnlDenominator      uint64
	SwapFeeNumerator    uint64
	SwapFeeDenominator  uint64
	NeedTakePnlCoin     uint64
	NeedTakePnlPc       uint64
	TotalPnlPc          uint64
	TotalPnlCoin        uint64
	PoolOpenTime        uint64
	OrderbookToInitTime uint64
	SwapCoinInAmount    [2]uint64
	SwapPcOutAmount     [2]uint64
	SwapAccPcFee        uint64
	SwapPcInAmount      [2]uint64
	SwapCoinOutAmount   [2]uint64
	SwapAccCoinFee      uint64
	CoinVault           [32]byte
	PcVault             [32]byte
	CoinVaultMint       [32]byte
	PcVaultMint         [32]byte
	LpMint              [32]byte
	OpenOrders          [32]byte
	Market              [32]byte
	MarketProgram       [32]byte
	TargetOrders        [32]byte
	AmmOwner            [32]byte
	LpAmount            uint64
	ClientOrderID       uint64
	RecentEpoch         uint64
}

// DecodeAmmInfo decodes an AmmInfo account's data (PROGRAMS.md 6.2). Errors wrap
// borsh.ErrShortData; bytes past 752 are ignored.
func DecodeAmmInfo(b []byte) (AmmInfo, error) {
	r := borsh.NewReader(b)
	var a AmmInfo
	a.Status = r.U64("status")
	a.Nonce = r.U64("nonce")
	a.OrderNum = r.U64("order_num")
	a.Depth = r.U64("depth")
	a.CoinDecimals = r.U64("coin_decimals")
	a.PcDecimals = r.U64("pc_decimals")
	a.State = r.U64("state")
	a.ResetFlag = r.U64("reset_flag")
	a.MinSize = r.U64("min_size")
	a.VolMaxCutRatio = r.U64("vol_max_cut_ratio")
	a.AmountWave = r.U64("amount_wave")
	a.CoinLotSize = r.U64("coin_lot_size")
	a.PcLotSize = r.U64("pc_lot_size")
	a.MinPriceMultiplier = r.U64("min_price_multiplier")
	a.MaxPriceMultiplier = r.U64("max_price_multiplier")
	a.SysDecimalValue = r.U64("sys_decimal_value")
	a.MinSeparateNum = r.U64("fees.min_separate_numerator")
	a.MinSeparateDen = r.U64("fees.min_separate_denominator")
	a.TradeFeeNumerator = r.U64("fees.trade_fee_numerator")
	a.TradeFeeDenominator = r.U64("fees.trade_fee_denominator")
	a.PnlNumerator = r.U64("fees.pnl_numerator")
	a.PnlDenominator = r.U64("fees.pnl_denominator")
	a.SwapFeeNumerator = r.U64("fees.swap_fee_numerator")
	a.SwapFeeDenominator = r.U64("fees.swap_fee_denominator")
	a.NeedTakePnlCoin = r.U64("state_data.need_take_pnl_coin")
	a.NeedTakePnlPc = r.U64("state_data.need_take_pnl_pc")
	a.TotalPnlPc = r.U64("state_data.total_pnl_pc")
	a.TotalPnlCoin = r.U64("state_data.total_pnl_coin")
	a.PoolOpenTime = r.U64("state_data.pool_open_time")
	r.Skip("state_data.padding", 16)
	a.OrderbookToInitTime = r.U64("state_data.orderbook_to_init_time")
	a.SwapCoinInAmount[0], a.SwapCoinInAmount[1] = r.U128("state_data.swap_coin_in_amount")
	a.SwapPcOutAmount[0], a.SwapPcOutAmount[1] = r.U128("state_data.swap_pc_out_amount")
	a.SwapAccPcFee = r.U64("state_data.swap_acc_pc_fee")
	a.SwapPcInAmount[0], a.SwapPcInAmount[1] = r.U128("state_data.swap_pc_in_amount")
	a.SwapCoinOutAmount[0], a.SwapCoinOutAmount[1] = r.U128("state_data.swap_coin_out_amount")
	a.SwapAccCoinFee = r.U64("state_data.swap_acc_coin_fee")
	a.CoinVault = r.Pubkey("coin_vault")
	a.PcVault = r.Pubkey("pc_vault")
	a.CoinVaultMint = r.Pubkey("coin_vault_mint")
	a.PcVaultMint = r.Pubkey("pc_vault_mint")
	a.LpMint = r.Pubkey("lp_mint")
	a.OpenOrders = r.Pubkey("open_orders")
	a.Market = r.Pubkey("market")
	a.MarketProgram = r.Pubkey("market_program")
	a.TargetOrders = r.Pubkey("target_orders")
	r.Skip("padding1", 64)
	a.AmmOwner = r.Pubkey("amm_owner")
	a.LpAmount = r.U64("lp_amount")
	a.ClientOrderID = r.U64("client_order_id")
	a.RecentEpoch = r.U64("recent_epoch")
	r.Skip("padding2", 8)
	if err := r.Err(); err != nil {
		return AmmInfo{}, fmt.Errorf("raydium_amm: decode AmmInfo: %w", err)
	}
	return a, nil
}
