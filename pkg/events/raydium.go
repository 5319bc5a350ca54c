package events

import (
	"errors"
	"math/bits"

	"github.com/gagliardetto/solana-go"
)

// Raydium AMM v4 and CPMM bodies. Raw amounts are uint64 named as in the program's source (AMM
// v4 instruction.rs and log.rs) or IDL (CPMM); derived values (price) are float64; amounts_source
// says whether a swap's actual amounts came from the program's own log ("ray_log" for AMM v4,
// "event" for CPMM) or, when the log is missing or truncated, from the pool vaults' token
// balance deltas ("vault_balances"). Fields an instruction form does not have are 0.

func init() {
	register(func() Body { return new(RaydiumAMMSwap) })
	register(func() Body { return new(RaydiumAMMPoolCreate) })
	register(func() Body { return new(RaydiumAMMDeposit) })
	register(func() Body { return new(RaydiumAMMWithdraw) })
	register(func() Body { return new(RaydiumAMMPool) })
	register(func() Body { return new(RaydiumCPMMSwap) })
	register(func() Body { return new(RaydiumCPMMPoolCreate) })
	register(func() Body { return new(RaydiumCPMMDeposit) })
	register(func() Body { return new(RaydiumCPMMWithdraw) })
	register(func() Body { return new(RaydiumCPMMPool) })
}

// U128 is an unsigned 128-bit integer (Raydium AMM v4 swap totals). It encodes in JSON as a
// decimal string, since JSON numbers above 2^53 lose precision in most consumers.
type U128 struct {
	Lo uint64 // low 64 bits
	Hi uint64 // high 64 bits
}

// AppendDecimal appends x in decimal to dst.
func (x U128) AppendDecimal(dst []byte) []byte {
	var buf [40]byte
	i := len(buf)
	hi, lo := x.Hi, x.Lo
	for {
		var r uint64
		hi, r = hi/10, hi%10
		lo, r = bits.Div64(r, lo, 10)
		i--
		buf[i] = byte('0' + r)
		if hi == 0 && lo == 0 {
			break
		}
	}
	return append(dst, buf[i:]...)
}

// String returns x in decimal.
func (x U128) String() string { return string(x.AppendDecimal(nil)) }

// MarshalJSON writes x as a quoted decimal string.
func (x U128) MarshalJSON() ([]byte, error) {
	b := append([]byte{'"'}, x.AppendDecimal(nil)...)
	return append(b, '"'), nil
}

var errU128 = errors.New("events: u128: want a quoted decimal string below 2^128")

// UnmarshalJSON reads a quoted decimal string.
func (x *U128) UnmarshalJSON(b []byte) error {
	if len(b) < 3 || b[0] != '"' || b[len(b)-1] != '"' {
		return errU128
	}
	var hi, lo uint64
	for _, c := range b[1 : len(b)-1] {
		if c < '0' || c > '9' {
			return errU128
		}
		// (hi:lo) = (hi:lo)*10 + d
		h1, l1 := bits.Mul64(lo, 10)
		h2, h3 := bits.Mul64(hi, 10)
		if h2 != 0 {
			return errU128
		}
		var carry uint64
		l1, carry = bits.Add64(l1, uint64(c-'0'), 0)
		var c2 uint64
		h1, c2 = bits.Add64(h1, h3, carry)
		if c2 != 0 {
			return errU128
		}
		hi, lo = h1, l1
	}
	*x = U128{Lo: lo, Hi: hi}
	return nil
}

func appendU128(dst []byte, name string, v U128) []byte {
	dst = append(appendKey(dst, name), '"')
	dst = v.AppendDecimal(dst)
	return append(dst, '"')
}

// ---------------------------------------------------------------------------------------------
// Raydium AMM v4

// RaydiumAMMSwap is an AMM v4 swap (swap_base_in, swap_base_out and their _v2 forms), keyed by
// the amm (pool) address. The instruction's own arguments are amount_in and minimum_amount_out
// (swap_base_in) or max_amount_in and amount_out (swap_base_out); input_amount and output_amount
// are what the swap really moved: from the instruction's ray_log (SwapBaseIn: amount_in and
// out_amount; SwapBaseOut: deduct_in and amount_out), or, when there is no ray_log, from the
// coin and pc vaults' token balance deltas. Direction is "coin_to_pc" or "pc_to_coin" (coin is
// the base token, pc the quote). pool_coin and pool_pc are the pre-swap reserves the program
// priced with (vault balances less pending PnL), from the ray_log only (0 without it). Price is
// the swap's pc per coin in UI units (0 when the decimals are unknown).
type RaydiumAMMSwap struct {
	AMM              solana.PublicKey `json:"amm"`
	User             solana.PublicKey `json:"user"`
	CoinVault        solana.PublicKey `json:"coin_vault"`
	PcVault          solana.PublicKey `json:"pc_vault"`
	UserSource       solana.PublicKey `json:"user_source"`
	UserDestination  solana.PublicKey `json:"user_destination"`
	Instruction      string           `json:"instruction"`
	AmountIn         uint64           `json:"amount_in"`
	MinimumAmountOut uint64           `json:"minimum_amount_out"`
	MaxAmountIn      uint64           `json:"max_amount_in"`
	AmountOut        uint64           `json:"amount_out"`
	InputAmount      uint64           `json:"input_amount"`
	OutputAmount     uint64           `json:"output_amount"`
	Direction        string           `json:"direction"`
	InputMint        solana.PublicKey `json:"input_mint"`
	OutputMint       solana.PublicKey `json:"output_mint"`
	PoolCoin         uint64           `json:"pool_coin"`
	PoolPc           uint64           `json:"pool_pc"`
	AmountsSource    string           `json:"amounts_source"`
	Price            float64          `json:"price"`
}

func (*RaydiumAMMSwap) Program() Program        { return RaydiumAMM }
func (*RaydiumAMMSwap) Kind() Kind              { return Swap }
func (b *RaydiumAMMSwap) Key() solana.PublicKey { return b.AMM }

func (b *RaydiumAMMSwap) AppendJSON(dst []byte) []byte {
	dst = appendPubkey(dst, "amm", b.AMM)
	dst = appendPubkey(dst, "user", b.User)
	dst = appendPubkey(dst, "coin_vault", b.CoinVault)
	dst = appendPubkey(dst, "pc_vault", b.PcVault)
	dst = appendPubkey(dst, "user_source", b.UserSource)
	dst = appendPubkey(dst, "user_destination", b.UserDestination)
	dst = appendStr(dst, "instruction", b.Instruction)
	dst = appendU64(dst, "amount_in", b.AmountIn)
	dst = appendU64(dst, "minimum_amount_out", b.MinimumAmountOut)
	dst = appendU64(dst, "max_amount_in", b.MaxAmountIn)
	dst = appendU64(dst, "amount_out", b.AmountOut)
	dst = appendU64(dst, "input_amount", b.InputAmount)
	dst = appendU64(dst, "output_amount", b.OutputAmount)
	dst = appendStr(dst, "direction", b.Direction)
	dst = appendPubkey(dst, "input_mint", b.InputMint)
	dst = appendPubkey(dst, "output_mint", b.OutputMint)
	dst = appendU64(dst, "pool_coin", b.PoolCoin)
	dst = appendU64(dst, "pool_pc", b.PoolPc)
	dst = appendStr(dst, "amounts_source", b.AmountsSource)
	return appendFloat(dst, "price", b.Price)
}

// RaydiumAMMPoolCreate is an AMM v4 initialize2, keyed by the new amm address: its arguments
// (nonce, open_time, init_coin_amount, init_pc_amount), accounts, and from its InitLog the
// decimals and lot sizes (0 without the log, decimals then from token balances when present).
// Price is init_pc_amount per init_coin_amount in UI units (0 when the decimals are unknown).
type RaydiumAMMPoolCreate struct {
	AMM            solana.PublicKey `json:"amm"`
	CoinMint       solana.PublicKey `json:"coin_mint"`
	PcMint         solana.PublicKey `json:"pc_mint"`
	LpMint         solana.PublicKey `json:"lp_mint"`
	CoinVault      solana.PublicKey `json:"coin_vault"`
	PcVault        solana.PublicKey `json:"pc_vault"`
	OpenOrders     solana.PublicKey `json:"open_orders"`
	Market         solana.PublicKey `json:"market"`
	Creator        solana.PublicKey `json:"creator"`
	Nonce          uint8            `json:"nonce"`
	OpenTime       uint64           `json:"open_time"`
	InitCoinAmount uint64           `json:"init_coin_amount"`
	InitPcAmount   uint64           `json:"init_pc_amount"`
	CoinDecimals   uint8            `json:"coin_decimals"`
	PcDecimals     uint8            `json:"pc_decimals"`
	CoinLotSize    uint64           `json:"coin_lot_size"`
	PcLotSize      uint64           `json:"pc_lot_size"`
	Price          float64          `json:"price"`
}

func (*RaydiumAMMPoolCreate) Program() Program        { return RaydiumAMM }
func (*RaydiumAMMPoolCreate) Kind() Kind              { return PoolCreate }
func (b *RaydiumAMMPoolCreate) Key() solana.PublicKey { return b.AMM }

func (b *RaydiumAMMPoolCreate) AppendJSON(dst []byte) []byte {
	dst = appendPubkey(dst, "amm", b.AMM)
	dst = appendPubkey(dst, "coin_mint", b.CoinMint)
	dst = appendPubkey(dst, "pc_mint", b.PcMint)
	dst = appendPubkey(dst, "lp_mint", b.LpMint)
	dst = appendPubkey(dst, "coin_vault", b.CoinVault)
	dst = appendPubkey(dst, "pc_vault", b.PcVault)
	dst = appendPubkey(dst, "open_orders", b.OpenOrders)
	dst = appendPubkey(dst, "market", b.Market)
	dst = appendPubkey(dst, "creator", b.Creator)
	dst = appendU8(dst, "nonce", b.Nonce)
	dst = appendU64(dst, "open_time", b.OpenTime)
	dst = appendU64(dst, "init_coin_amount", b.InitCoinAmount)
	dst = appendU64(dst, "init_pc_amount", b.InitPcAmount)
	dst = appendU8(dst, "coin_decimals", b.CoinDecimals)
	dst = appendU8(dst, "pc_decimals", b.PcDecimals)
	dst = appendU64(dst, "coin_lot_size", b.CoinLotSize)
	dst = appendU64(dst, "pc_lot_size", b.PcLotSize)
	return appendFloat(dst, "price", b.Price)
}

// RaydiumAMMDeposit is an AMM v4 deposit, keyed by the amm address: its arguments, and from its
// DepositLog the pool's pre-deposit reserves and LP supply and what was taken and minted
// (deduct_coin, deduct_pc, mint_lp). Without the log those three come from the vaults' and the
// user's LP account's token balance deltas and the pool_* fields are 0.
type RaydiumAMMDeposit struct {
	AMM            solana.PublicKey `json:"amm"`
	User           solana.PublicKey `json:"user"`
	LpMint         solana.PublicKey `json:"lp_mint"`
	CoinVault      solana.PublicKey `json:"coin_vault"`
	PcVault        solana.PublicKey `json:"pc_vault"`
	UserCoin       solana.PublicKey `json:"user_coin"`
	UserPc         solana.PublicKey `json:"user_pc"`
	UserLp         solana.PublicKey `json:"user_lp"`
	MaxCoinAmount  uint64           `json:"max_coin_amount"`
	MaxPcAmount    uint64           `json:"max_pc_amount"`
	BaseSide       uint64           `json:"base_side"`
	OtherAmountMin uint64           `json:"other_amount_min"`
	PoolCoin       uint64           `json:"pool_coin"`
	PoolPc         uint64           `json:"pool_pc"`
	PoolLp         uint64           `json:"pool_lp"`
	DeductCoin     uint64           `json:"deduct_coin"`
	DeductPc       uint64           `json:"deduct_pc"`
	MintLp         uint64           `json:"mint_lp"`
	AmountsSource  string           `json:"amounts_source"`
}

func (*RaydiumAMMDeposit) Program() Program        { return RaydiumAMM }
func (*RaydiumAMMDeposit) Kind() Kind              { return Deposit }
func (b *RaydiumAMMDeposit) Key() solana.PublicKey { return b.AMM }

func (b *RaydiumAMMDeposit) AppendJSON(dst []byte) []byte {
	dst = appendPubkey(dst, "amm", b.AMM)
	dst = appendPubkey(dst, "user", b.User)
	dst = appendPubkey(dst, "lp_mint", b.LpMint)
	dst = appendPubkey(dst, "coin_vault", b.CoinVault)
	dst = appendPubkey(dst, "pc_vault", b.PcVault)
	dst = appendPubkey(dst, "user_coin", b.UserCoin)
	dst = appendPubkey(dst, "user_pc", b.UserPc)
	dst = appendPubkey(dst, "user_lp", b.UserLp)
	dst = appendU64(dst, "max_coin_amount", b.MaxCoinAmount)
	dst = appendU64(dst, "max_pc_amount", b.MaxPcAmount)
	dst = appendU64(dst, "base_side", b.BaseSide)
	dst = appendU64(dst, "other_amount_min", b.OtherAmountMin)
	dst = appendU64(dst, "pool_coin", b.PoolCoin)
	dst = appendU64(dst, "pool_pc", b.PoolPc)
	dst = appendU64(dst, "pool_lp", b.PoolLp)
	dst = appendU64(dst, "deduct_coin", b.DeductCoin)
	dst = appendU64(dst, "deduct_pc", b.DeductPc)
	dst = appendU64(dst, "mint_lp", b.MintLp)
	return appendStr(dst, "amounts_source", b.AmountsSource)
}

// RaydiumAMMWithdraw is an AMM v4 withdraw, keyed by the amm address: its arguments (amount is
// the LP amount burned), and from its WithdrawLog the pool's pre-withdraw reserves and LP supply
// and what was paid out (out_coin, out_pc). Without the log withdraw_lp, out_coin and out_pc come
// from token balance deltas and the pool_* fields are 0.
type RaydiumAMMWithdraw struct {
	AMM           solana.PublicKey `json:"amm"`
	User          solana.PublicKey `json:"user"`
	LpMint        solana.PublicKey `json:"lp_mint"`
	CoinVault     solana.PublicKey `json:"coin_vault"`
	PcVault       solana.PublicKey `json:"pc_vault"`
	UserLp        solana.PublicKey `json:"user_lp"`
	UserCoin      solana.PublicKey `json:"user_coin"`
	UserPc        solana.PublicKey `json:"user_pc"`
	Amount        uint64           `json:"amount"`
	MinCoinAmount uint64           `json:"min_coin_amount"`
	MinPcAmount   uint64           `json:"min_pc_amount"`
	WithdrawLp    uint64           `json:"withdraw_lp"`
	PoolCoin      uint64           `json:"pool_coin"`
	PoolPc        uint64           `json:"pool_pc"`
	PoolLp        uint64           `json:"pool_lp"`
	OutCoin       uint64           `json:"out_coin"`
	OutPc         uint64           `json:"out_pc"`
	AmountsSource string           `json:"amounts_source"`
}

func (*RaydiumAMMWithdraw) Program() Program        { return RaydiumAMM }
func (*RaydiumAMMWithdraw) Kind() Kind              { return Withdraw }
func (b *RaydiumAMMWithdraw) Key() solana.PublicKey { return b.AMM }

func (b *RaydiumAMMWithdraw) AppendJSON(dst []byte) []byte {
	dst = appendPubkey(dst, "amm", b.AMM)
	dst = appendPubkey(dst, "user", b.User)
	dst = appendPubkey(dst, "lp_mint", b.LpMint)
	dst = appendPubkey(dst, "coin_vault", b.CoinVault)
	dst = appendPubkey(dst, "pc_vault", b.PcVault)
	dst = appendPubkey(dst, "user_lp", b.UserLp)
	dst = appendPubkey(dst, "user_coin", b.UserCoin)
	dst = appendPubkey(dst, "user_pc", b.UserPc)
	dst = appendU64(dst, "amount", b.Amount)
	dst = appendU64(dst, "min_coin_amount", b.MinCoinAmount)
	dst = appendU64(dst, "min_pc_amount", b.MinPcAmount)
	dst = appendU64(dst, "withdraw_lp", b.WithdrawLp)
	dst = appendU64(dst, "pool_coin", b.PoolCoin)
	dst = appendU64(dst, "pool_pc", b.PoolPc)
	dst = appendU64(dst, "pool_lp", b.PoolLp)
	dst = appendU64(dst, "out_coin", b.OutCoin)
	dst = appendU64(dst, "out_pc", b.OutPc)
	return appendStr(dst, "amounts_source", b.AmountsSource)
}

// RaydiumAMMPool is the state of an AMM v4 AmmInfo account (752 bytes), keyed by its address,
// which it also carries as amm. Field names follow the program's state.rs; fee fractions are
// numerator/denominator pairs; the u128 swap totals are decimal strings (U128).
type RaydiumAMMPool struct {
	AMM                 solana.PublicKey `json:"amm"`
	Status              uint64           `json:"status"`
	Nonce               uint64           `json:"nonce"`
	CoinDecimals        uint64           `json:"coin_decimals"`
	PcDecimals          uint64           `json:"pc_decimals"`
	State               uint64           `json:"state"`
	CoinLotSize         uint64           `json:"coin_lot_size"`
	PcLotSize           uint64           `json:"pc_lot_size"`
	TradeFeeNumerator   uint64           `json:"trade_fee_numerator"`
	TradeFeeDenominator uint64           `json:"trade_fee_denominator"`
	PnlNumerator        uint64           `json:"pnl_numerator"`
	PnlDenominator      uint64           `json:"pnl_denominator"`
	SwapFeeNumerator    uint64           `json:"swap_fee_numerator"`
	SwapFeeDenominator  uint64           `json:"swap_fee_denominator"`
	NeedTakePnlCoin     uint64           `json:"need_take_pnl_coin"`
	NeedTakePnlPc       uint64           `json:"need_take_pnl_pc"`
	TotalPnlPc          uint64           `json:"total_pnl_pc"`
	TotalPnlCoin        uint64           `json:"total_pnl_coin"`
	PoolOpenTime        uint64           `json:"pool_open_time"`
	SwapCoinInAmount    U128             `json:"swap_coin_in_amount"`
	SwapPcOutAmount     U128             `json:"swap_pc_out_amount"`
	SwapAccPcFee        uint64           `json:"swap_acc_pc_fee"`
	SwapPcInAmount      U128             `json:"swap_pc_in_amount"`
	SwapCoinOutAmount   U128             `json:"swap_coin_out_amount"`
	SwapAccCoinFee      uint64           `json:"swap_acc_coin_fee"`
	CoinVault           solana.PublicKey `json:"coin_vault"`
	PcVault             solana.PublicKey `json:"pc_vault"`
	CoinVaultMint       solana.PublicKey `json:"coin_vault_mint"`
	PcVaultMint         solana.PublicKey `json:"pc_vault_mint"`
	LpMint              solana.PublicKey `json:"lp_mint"`
	OpenOrders          solana.PublicKey `json:"open_orders"`
	Market              solana.PublicKey `json:"market"`
	MarketProgram       solana.PublicKey `json:"market_program"`
	TargetOrders        solana.PublicKey `json:"target_orders"`
	AmmOwner            solana.PublicKey `json:"amm_owner"`
	LpAmount            uint64           `json:"lp_amount"`
	RecentEpoch         uint64           `json:"recent_epoch"`
}

func (*RaydiumAMMPool) Program() Program        { return RaydiumAMM }
func (*RaydiumAMMPool) Kind() Kind              { return Pool }
func (b *RaydiumAMMPool) Key() solana.PublicKey { return b.AMM }

func (b *RaydiumAMMPool) AppendJSON(dst []byte) []byte {
	dst = appendPubkey(dst, "amm", b.AMM)
	dst = appendU64(dst, "status", b.Status)
	dst = appendU64(dst, "nonce", b.Nonce)
	dst = appendU64(dst, "coin_decimals", b.CoinDecimals)
	dst = appendU64(dst, "pc_decimals", b.PcDecimals)
	dst = appendU64(dst, "state", b.State)
	dst = appendU64(dst, "coin_lot_size", b.CoinLotSize)
	dst = appendU64(dst, "pc_lot_size", b.PcLotSize)
	dst = appendU64(dst, "trade_fee_numerator", b.TradeFeeNumerator)
	dst = appendU64(dst, "trade_fee_denominator", b.TradeFeeDenominator)
	dst = appendU64(dst, "pnl_numerator", b.PnlNumerator)
	dst = appendU64(dst, "pnl_denominator", b.PnlDenominator)
	dst = appendU64(dst, "swap_fee_numerator", b.SwapFeeNumerator)
	dst = appendU64(dst, "swap_fee_denominator", b.SwapFeeDenominator)
	dst = appendU64(dst, "need_take_pnl_coin", b.NeedTakePnlCoin)
	dst = appendU64(dst, "need_take_pnl_pc", b.NeedTakePnlPc)
	dst = appendU64(dst, "total_pnl_pc", b.TotalPnlPc)
	dst = appendU64(dst, "total_pnl_coin", b.TotalPnlCoin)
	dst = appendU64(dst, "pool_open_time", b.PoolOpenTime)
	dst = appendU128(dst, "swap_coin_in_amount", b.SwapCoinInAmount)
	dst = appendU128(dst, "swap_pc_out_amount", b.SwapPcOutAmount)
	dst = appendU64(dst, "swap_acc_pc_fee", b.SwapAccPcFee)
	dst = appendU128(dst, "swap_pc_in_amount", b.SwapPcInAmount)
	dst = appendU128(dst, "swap_coin_out_amount", b.SwapCoinOutAmount)
	dst = appendU64(dst, "swap_acc_coin_fee", b.SwapAccCoinFee)
	dst = appendPubkey(dst, "coin_vault", b.CoinVault)
	dst = appendPubkey(dst, "pc_vault", b.PcVault)
	dst = appendPubkey(dst, "coin_vault_mint", b.CoinVaultMint)
	dst = appendPubkey(dst, "pc_vault_mint", b.PcVaultMint)
	dst = appendPubkey(dst, "lp_mint", b.LpMint)
	dst = appendPubkey(dst, "open_orders", b.OpenOrders)
	dst = appendPubkey(dst, "market", b.Market)
	dst = appendPubkey(dst, "market_program", b.MarketProgram)
	dst = appendPubkey(dst, "target_orders", b.TargetOrders)
	dst = appendPubkey(dst, "amm_owner", b.AmmOwner)
	dst = appendU64(dst, "lp_amount", b.LpAmount)
	return appendU64(dst, "recent_epoch", b.RecentEpoch)
}

// ---------------------------------------------------------------------------------------------
// Raydium CPMM

// RaydiumCPMMSwap is a CPMM swap_base_input or swap_base_output, keyed by pool_id. The fields
// pool_id … creator_fee_on_input are the SwapEvent's (IDL names); event_version is 1 for the
// 81-byte event (before the 2025-08 creator-fee upgrade; trade_fee, creator_fee and
// creator_fee_on_input are then 0 and the mints come from the instruction's accounts), 2 for the
// 162-byte one, 0 when no event was found (logs truncated) and the amounts come from the vaults'
// balance deltas. Price is token_1 per token_0 of this swap in UI units (token_0 is the mint with
// the lower bytes), 0 when the decimals are unknown.
type RaydiumCPMMSwap struct {
	PoolID             solana.PublicKey `json:"pool_id"`
	Payer              solana.PublicKey `json:"payer"`
	InputTokenAccount  solana.PublicKey `json:"input_token_account"`
	OutputTokenAccount solana.PublicKey `json:"output_token_account"`
	InputVault         solana.PublicKey `json:"input_vault"`
	OutputVault        solana.PublicKey `json:"output_vault"`
	Instruction        string           `json:"instruction"`
	AmountIn           uint64           `json:"amount_in"`
	MinimumAmountOut   uint64           `json:"minimum_amount_out"`
	MaxAmountIn        uint64           `json:"max_amount_in"`
	AmountOut          uint64           `json:"amount_out"`
	InputVaultBefore   uint64           `json:"input_vault_before"`
	OutputVaultBefore  uint64           `json:"output_vault_before"`
	InputAmount        uint64           `json:"input_amount"`
	OutputAmount       uint64           `json:"output_amount"`
	InputTransferFee   uint64           `json:"input_transfer_fee"`
	OutputTransferFee  uint64           `json:"output_transfer_fee"`
	BaseInput          bool             `json:"base_input"`
	InputMint          solana.PublicKey `json:"input_mint"`
	OutputMint         solana.PublicKey `json:"output_mint"`
	TradeFee           uint64           `json:"trade_fee"`
	CreatorFee         uint64           `json:"creator_fee"`
	CreatorFeeOnInput  bool             `json:"creator_fee_on_input"`
	EventVersion       uint8            `json:"event_version"`
	AmountsSource      string           `json:"amounts_source"`
	Price              float64          `json:"price"`
}

func (*RaydiumCPMMSwap) Program() Program        { return RaydiumCPMM }
func (*RaydiumCPMMSwap) Kind() Kind              { return Swap }
func (b *RaydiumCPMMSwap) Key() solana.PublicKey { return b.PoolID }

func (b *RaydiumCPMMSwap) AppendJSON(dst []byte) []byte {
	dst = appendPubkey(dst, "pool_id", b.PoolID)
	dst = appendPubkey(dst, "payer", b.Payer)
	dst = appendPubkey(dst, "input_token_account", b.InputTokenAccount)
	dst = appendPubkey(dst, "output_token_account", b.OutputTokenAccount)
	dst = appendPubkey(dst, "input_vault", b.InputVault)
	dst = appendPubkey(dst, "output_vault", b.OutputVault)
	dst = appendStr(dst, "instruction", b.Instruction)
	dst = appendU64(dst, "amount_in", b.AmountIn)
	dst = appendU64(dst, "minimum_amount_out", b.MinimumAmountOut)
	dst = appendU64(dst, "max_amount_in", b.MaxAmountIn)
	dst = appendU64(dst, "amount_out", b.AmountOut)
	dst = appendU64(dst, "input_vault_before", b.InputVaultBefore)
	dst = appendU64(dst, "output_vault_before", b.OutputVaultBefore)
	dst = appendU64(dst, "input_amount", b.InputAmount)
	dst = appendU64(dst, "output_amount", b.OutputAmount)
	dst = appendU64(dst, "input_transfer_fee", b.InputTransferFee)
	dst = appendU64(dst, "output_transfer_fee", b.OutputTransferFee)
	dst = appendBool(dst, "base_input", b.BaseInput)
	dst = appendPubkey(dst, "input_mint", b.InputMint)
	dst = appendPubkey(dst, "output_mint", b.OutputMint)
	dst = appendU64(dst, "trade_fee", b.TradeFee)
	dst = appendU64(dst, "creator_fee", b.CreatorFee)
	dst = appendBool(dst, "creator_fee_on_input", b.CreatorFeeOnInput)
	dst = appendU8(dst, "event_version", b.EventVersion)
	dst = appendStr(dst, "amounts_source", b.AmountsSource)
	return appendFloat(dst, "price", b.Price)
}

// RaydiumCPMMPoolCreate is a CPMM initialize or initialize_with_permission (which emit no
// event), keyed by pool_id: arguments and accounts. creator_fee_on is 0 for initialize. lp_amount
// is the creator's LP token balance after the instruction (from the transaction's token
// balances; 0 when absent). Price is init_amount_1 per init_amount_0 in UI units (0 when the
// decimals are unknown).
type RaydiumCPMMPoolCreate struct {
	PoolID           solana.PublicKey `json:"pool_id"`
	Instruction      string           `json:"instruction"`
	Payer            solana.PublicKey `json:"payer"`
	Creator          solana.PublicKey `json:"creator"`
	AmmConfig        solana.PublicKey `json:"amm_config"`
	Token0Mint       solana.PublicKey `json:"token_0_mint"`
	Token1Mint       solana.PublicKey `json:"token_1_mint"`
	LpMint           solana.PublicKey `json:"lp_mint"`
	Token0Vault      solana.PublicKey `json:"token_0_vault"`
	Token1Vault      solana.PublicKey `json:"token_1_vault"`
	ObservationState solana.PublicKey `json:"observation_state"`
	InitAmount0      uint64           `json:"init_amount_0"`
	InitAmount1      uint64           `json:"init_amount_1"`
	OpenTime         uint64           `json:"open_time"`
	CreatorFeeOn     uint8            `json:"creator_fee_on"`
	LpAmount         uint64           `json:"lp_amount"`
	Price            float64          `json:"price"`
}

func (*RaydiumCPMMPoolCreate) Program() Program        { return RaydiumCPMM }
func (*RaydiumCPMMPoolCreate) Kind() Kind              { return PoolCreate }
func (b *RaydiumCPMMPoolCreate) Key() solana.PublicKey { return b.PoolID }

func (b *RaydiumCPMMPoolCreate) AppendJSON(dst []byte) []byte {
	dst = appendPubkey(dst, "pool_id", b.PoolID)
	dst = appendStr(dst, "instruction", b.Instruction)
	dst = appendPubkey(dst, "payer", b.Payer)
	dst = appendPubkey(dst, "creator", b.Creator)
	dst = appendPubkey(dst, "amm_config", b.AmmConfig)
	dst = appendPubkey(dst, "token_0_mint", b.Token0Mint)
	dst = appendPubkey(dst, "token_1_mint", b.Token1Mint)
	dst = appendPubkey(dst, "lp_mint", b.LpMint)
	dst = appendPubkey(dst, "token_0_vault", b.Token0Vault)
	dst = appendPubkey(dst, "token_1_vault", b.Token1Vault)
	dst = appendPubkey(dst, "observation_state", b.ObservationState)
	dst = appendU64(dst, "init_amount_0", b.InitAmount0)
	dst = appendU64(dst, "init_amount_1", b.InitAmount1)
	dst = appendU64(dst, "open_time", b.OpenTime)
	dst = appendU8(dst, "creator_fee_on", b.CreatorFeeOn)
	dst = appendU64(dst, "lp_amount", b.LpAmount)
	return appendFloat(dst, "price", b.Price)
}

// RaydiumCPMMDeposit is a CPMM deposit, keyed by pool_id: arguments, accounts, and the
// LpChangeEvent's fields (IDL names). Without the event (truncated logs) token_0_amount,
// token_1_amount come from the vaults' balance deltas, the *_before fields are 0 and
// amounts_source is "vault_balances".
type RaydiumCPMMDeposit struct {
	PoolID              solana.PublicKey `json:"pool_id"`
	Owner               solana.PublicKey `json:"owner"`
	OwnerLpToken        solana.PublicKey `json:"owner_lp_token"`
	Token0Account       solana.PublicKey `json:"token_0_account"`
	Token1Account       solana.PublicKey `json:"token_1_account"`
	Token0Vault         solana.PublicKey `json:"token_0_vault"`
	Token1Vault         solana.PublicKey `json:"token_1_vault"`
	Vault0Mint          solana.PublicKey `json:"vault_0_mint"`
	Vault1Mint          solana.PublicKey `json:"vault_1_mint"`
	LpMint              solana.PublicKey `json:"lp_mint"`
	LpTokenAmount       uint64           `json:"lp_token_amount"`
	MaximumToken0Amount uint64           `json:"maximum_token_0_amount"`
	MaximumToken1Amount uint64           `json:"maximum_token_1_amount"`
	LpAmountBefore      uint64           `json:"lp_amount_before"`
	Token0VaultBefore   uint64           `json:"token_0_vault_before"`
	Token1VaultBefore   uint64           `json:"token_1_vault_before"`
	Token0Amount        uint64           `json:"token_0_amount"`
	Token1Amount        uint64           `json:"token_1_amount"`
	Token0TransferFee   uint64           `json:"token_0_transfer_fee"`
	Token1TransferFee   uint64           `json:"token_1_transfer_fee"`
	ChangeType          uint8            `json:"change_type"`
	AmountsSource       string           `json:"amounts_source"`
}

func (*RaydiumCPMMDeposit) Program() Program        { return RaydiumCPMM }
func (*RaydiumCPMMDeposit) Kind() Kind              { return Deposit }
func (b *RaydiumCPMMDeposit) Key() solana.PublicKey { return b.PoolID }

func (b *RaydiumCPMMDeposit) AppendJSON(dst []byte) []byte {
	dst = appendPubkey(dst, "pool_id", b.PoolID)
	dst = appendPubkey(dst, "owner", b.Owner)
	dst = appendPubkey(dst, "owner_lp_token", b.OwnerLpToken)
	dst = appendPubkey(dst, "token_0_account", b.Token0Account)
	dst = appendPubkey(dst, "token_1_account", b.Token1Account)
	dst = appendPubkey(dst, "token_0_vault", b.Token0Vault)
	dst = appendPubkey(dst, "token_1_vault", b.Token1Vault)
	dst = appendPubkey(dst, "vault_0_mint", b.Vault0Mint)
	dst = appendPubkey(dst, "vault_1_mint", b.Vault1Mint)
	dst = appendPubkey(dst, "lp_mint", b.LpMint)
	dst = appendU64(dst, "lp_token_amount", b.LpTokenAmount)
	dst = appendU64(dst, "maximum_token_0_amount", b.MaximumToken0Amount)
	dst = appendU64(dst, "maximum_token_1_amount", b.MaximumToken1Amount)
	dst = appendU64(dst, "lp_amount_before", b.LpAmountBefore)
	dst = appendU64(dst, "token_0_vault_before", b.Token0VaultBefore)
	dst = appendU64(dst, "token_1_vault_before", b.Token1VaultBefore)
	dst = appendU64(dst, "token_0_amount", b.Token0Amount)
	dst = appendU64(dst, "token_1_amount", b.Token1Amount)
	dst = appendU64(dst, "token_0_transfer_fee", b.Token0TransferFee)
	dst = appendU64(dst, "token_1_transfer_fee", b.Token1TransferFee)
	dst = appendU8(dst, "change_type", b.ChangeType)
	return appendStr(dst, "amounts_source", b.AmountsSource)
}

// RaydiumCPMMWithdraw is a CPMM withdraw; see RaydiumCPMMDeposit. Its arguments are the minimum
// amounts accepted.
type RaydiumCPMMWithdraw struct {
	PoolID              solana.PublicKey `json:"pool_id"`
	Owner               solana.PublicKey `json:"owner"`
	OwnerLpToken        solana.PublicKey `json:"owner_lp_token"`
	Token0Account       solana.PublicKey `json:"token_0_account"`
	Token1Account       solana.PublicKey `json:"token_1_account"`
	Token0Vault         solana.PublicKey `json:"token_0_vault"`
	Token1Vault         solana.PublicKey `json:"token_1_vault"`
	Vault0Mint          solana.PublicKey `json:"vault_0_mint"`
	Vault1Mint          solana.PublicKey `json:"vault_1_mint"`
	LpMint              solana.PublicKey `json:"lp_mint"`
	LpTokenAmount       uint64           `json:"lp_token_amount"`
	MinimumToken0Amount uint64           `json:"minimum_token_0_amount"`
	MinimumToken1Amount uint64           `json:"minimum_token_1_amount"`
	LpAmountBefore      uint64           `json:"lp_amount_before"`
	Token0VaultBefore   uint64           `json:"token_0_vault_before"`
	Token1VaultBefore   uint64           `json:"token_1_vault_before"`
	Token0Amount        uint64           `json:"token_0_amount"`
	Token1Amount        uint64           `json:"token_1_amount"`
	Token0TransferFee   uint64           `json:"token_0_transfer_fee"`
	Token1TransferFee   uint64           `json:"token_1_transfer_fee"`
	ChangeType          uint8            `json:"change_type"`
	AmountsSource       string           `json:"amounts_source"`
}

func (*RaydiumCPMMWithdraw) Program() Program        { return RaydiumCPMM }
func (*RaydiumCPMMWithdraw) Kind() Kind              { return Withdraw }
func (b *RaydiumCPMMWithdraw) Key() solana.PublicKey { return b.PoolID }

func (b *RaydiumCPMMWithdraw) AppendJSON(dst []byte) []byte {
	dst = appendPubkey(dst, "pool_id", b.PoolID)
	dst = appendPubkey(dst, "owner", b.Owner)
	dst = appendPubkey(dst, "owner_lp_token", b.OwnerLpToken)
	dst = appendPubkey(dst, "token_0_account", b.Token0Account)
	dst = appendPubkey(dst, "token_1_account", b.Token1Account)
	dst = appendPubkey(dst, "token_0_vault", b.Token0Vault)
	dst = appendPubkey(dst, "token_1_vault", b.Token1Vault)
	dst = appendPubkey(dst, "vault_0_mint", b.Vault0Mint)
	dst = appendPubkey(dst, "vault_1_mint", b.Vault1Mint)
	dst = appendPubkey(dst, "lp_mint", b.LpMint)
	dst = appendU64(dst, "lp_token_amount", b.LpTokenAmount)
	dst = appendU64(dst, "minimum_token_0_amount", b.MinimumToken0Amount)
	dst = appendU64(dst, "minimum_token_1_amount", b.MinimumToken1Amount)
	dst = appendU64(dst, "lp_amount_before", b.LpAmountBefore)
	dst = appendU64(dst, "token_0_vault_before", b.Token0VaultBefore)
	dst = appendU64(dst, "token_1_vault_before", b.Token1VaultBefore)
	dst = appendU64(dst, "token_0_amount", b.Token0Amount)
	dst = appendU64(dst, "token_1_amount", b.Token1Amount)
	dst = appendU64(dst, "token_0_transfer_fee", b.Token0TransferFee)
	dst = appendU64(dst, "token_1_transfer_fee", b.Token1TransferFee)
	dst = appendU8(dst, "change_type", b.ChangeType)
	return appendStr(dst, "amounts_source", b.AmountsSource)
}

// RaydiumCPMMPool is the state of a CPMM PoolState account (637 bytes), keyed by its address,
// which it also carries as pool. Field names follow the program's pool.rs. status bits: 0
// deposit disabled, 1 withdraw disabled, 2 swap disabled.
type RaydiumCPMMPool struct {
	Pool               solana.PublicKey `json:"pool"`
	AmmConfig          solana.PublicKey `json:"amm_config"`
	PoolCreator        solana.PublicKey `json:"pool_creator"`
	Token0Vault        solana.PublicKey `json:"token_0_vault"`
	Token1Vault        solana.PublicKey `json:"token_1_vault"`
	LpMint             solana.PublicKey `json:"lp_mint"`
	Token0Mint         solana.PublicKey `json:"token_0_mint"`
	Token1Mint         solana.PublicKey `json:"token_1_mint"`
	Token0Program      solana.PublicKey `json:"token_0_program"`
	Token1Program      solana.PublicKey `json:"token_1_program"`
	ObservationKey     solana.PublicKey `json:"observation_key"`
	AuthBump           uint8            `json:"auth_bump"`
	Status             uint8            `json:"status"`
	LpMintDecimals     uint8            `json:"lp_mint_decimals"`
	Mint0Decimals      uint8            `json:"mint_0_decimals"`
	Mint1Decimals      uint8            `json:"mint_1_decimals"`
	LpSupply           uint64           `json:"lp_supply"`
	ProtocolFeesToken0 uint64           `json:"protocol_fees_token_0"`
	ProtocolFeesToken1 uint64           `json:"protocol_fees_token_1"`
	FundFeesToken0     uint64           `json:"fund_fees_token_0"`
	FundFeesToken1     uint64           `json:"fund_fees_token_1"`
	OpenTime           uint64           `json:"open_time"`
	RecentEpoch        uint64           `json:"recent_epoch"`
	CreatorFeeOn       uint8            `json:"creator_fee_on"`
	EnableCreatorFee   bool             `json:"enable_creator_fee"`
	CreatorFeesToken0  uint64           `json:"creator_fees_token_0"`
	CreatorFeesToken1  uint64           `json:"creator_fees_token_1"`
}

func (*RaydiumCPMMPool) Program() Program        { return RaydiumCPMM }
func (*RaydiumCPMMPool) Kind() Kind              { return Pool }
func (b *RaydiumCPMMPool) Key() solana.PublicKey { return b.Pool }

func (b *RaydiumCPMMPool) AppendJSON(dst []byte) []byte {
	dst = appendPubkey(dst, "pool", b.Pool)
	dst = appendPubkey(dst, "amm_config", b.AmmConfig)
	dst = appendPubkey(dst, "pool_creator", b.PoolCreator)
	dst = appendPubkey(dst, "token_0_vault", b.Token0Vault)
	dst = appendPubkey(dst, "token_1_vault", b.Token1Vault)
	dst = appendPubkey(dst, "lp_mint", b.LpMint)
	dst = appendPubkey(dst, "token_0_mint", b.Token0Mint)
	dst = appendPubkey(dst, "token_1_mint", b.Token1Mint)
	dst = appendPubkey(dst, "token_0_program", b.Token0Program)
	dst = appendPubkey(dst, "token_1_program", b.Token1Program)
	dst = appendPubkey(dst, "observation_key", b.ObservationKey)
	dst = appendU8(dst, "auth_bump", b.AuthBump)
	dst = appendU8(dst, "status", b.Status)
	dst = appendU8(dst, "lp_mint_decimals", b.LpMintDecimals)
	dst = appendU8(dst, "mint_0_decimals", b.Mint0Decimals)
	dst = appendU8(dst, "mint_1_decimals", b.Mint1Decimals)
	dst = appendU64(dst, "lp_supply", b.LpSupply)
	dst = appendU64(dst, "protocol_fees_token_0", b.ProtocolFeesToken0)
	dst = appendU64(dst, "protocol_fees_token_1", b.ProtocolFeesToken1)
	dst = appendU64(dst, "fund_fees_token_0", b.FundFeesToken0)
	dst = appendU64(dst, "fund_fees_token_1", b.FundFeesToken1)
	dst = appendU64(dst, "open_time", b.OpenTime)
	dst = appendU64(dst, "recent_epoch", b.RecentEpoch)
	dst = appendU8(dst, "creator_fee_on", b.CreatorFeeOn)
	dst = appendBool(dst, "enable_creator_fee", b.EnableCreatorFee)
	dst = appendU64(dst, "creator_fees_token_0", b.CreatorFeesToken0)
	return appendU64(dst, "creator_fees_token_1", b.CreatorFeesToken1)
}
