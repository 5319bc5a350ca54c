// Package raydiumamm decodes Raydium AMM v4 (675kPX9M…) instructions and AmmInfo accounts into
// events: swaps (swap_base_in, swap_base_out, and the 8-account _v2 forms), pool creation
// (initialize2), deposits, withdrawals, and pool state.
//
// AMM v4 is a native program: instructions start with a 1-byte tag, arguments are packed
// little-endian, and accounts have no discriminator (an AmmInfo is an owned account of 752
// bytes). It emits no Anchor events; what a swap, deposit or withdrawal really moved is in the
// "Program log: ray_log: <base64>" line of the instruction's own frame (DecodeSwapBaseInLog …).
// When that line is missing — providers truncate long logs — the amounts come from the pool
// vaults' pre/post token balances instead, and the event says so in amounts_source. That
// fallback sees the whole transaction: a transaction touching the same pool's vaults twice would
// sum both. Layouts: PROGRAMS.md section 6. The package holds no state; its functions are safe
// for concurrent use on distinct transactions.
package raydiumamm

import (
	"errors"
	"fmt"
	"math"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/borsh"
	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/events"
)

// ProgramID is the program's mainnet address.
var ProgramID = solana.MustPublicKeyFromBase58("675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8")

// Instruction tags (program/src/instruction.rs).
const (
	TagInitialize          uint8 = 0
	TagInitialize2         uint8 = 1
	TagMonitorStep         uint8 = 2
	TagDeposit             uint8 = 3
	TagWithdraw            uint8 = 4
	TagMigrateToOpenBook   uint8 = 5
	TagSetParams           uint8 = 6
	TagWithdrawPnl         uint8 = 7
	TagWithdrawSrm         uint8 = 8
	TagSwapBaseIn          uint8 = 9
	TagPreInitialize       uint8 = 10
	TagSwapBaseOut         uint8 = 11
	TagSimulateInfo        uint8 = 12
	TagAdminCancelOrders   uint8 = 13
	TagCreateConfigAccount uint8 = 14
	TagUpdateConfigAccount uint8 = 15
	TagSwapBaseInV2        uint8 = 16
	TagSwapBaseOutV2       uint8 = 17
)

// Values of amounts_source.
const (
	SourceRayLog        = "ray_log"
	SourceVaultBalances = "vault_balances"
)

// Values of direction.
const (
	CoinToPc = "coin_to_pc"
	PcToCoin = "pc_to_coin"
)

// ErrMissingAccounts means an instruction has fewer accounts than its form needs.
var ErrMissingAccounts = errors.New("missing accounts")

// ErrNoAmounts means an instruction has no ray_log and its vaults' token balances do not show
// what it moved (absent, or not one side in and the other out).
var ErrNoAmounts = errors.New("no ray_log and no vault balance deltas")

// DecodeInstruction appends the events of instruction i of tx, an instruction of this program,
// to out. It returns an error naming the instruction and field for corrupt data (wrapping
// borsh.ErrShortData, borsh.ErrInvalid, ErrMissingAccounts or ErrNoAmounts), and a
// *chain.UnknownError for an unknown tag. Known instructions without an event (admin,
// deprecated) append nothing and return nil.
func DecodeInstruction(tx *chain.Tx, i int, out []events.Event) ([]events.Event, error) {
	data := tx.Instructions[i].Data
	if len(data) == 0 {
		return out, chain.Unknown(events.RaydiumAMM, "instruction", data, 1)
	}
	switch data[0] {
	case TagSwapBaseIn:
		return decodeSwap(tx, i, "swap_base_in", false, false, out)
	case TagSwapBaseOut:
		return decodeSwap(tx, i, "swap_base_out", true, false, out)
	case TagSwapBaseInV2:
		return decodeSwap(tx, i, "swap_base_in_v2", false, true, out)
	case TagSwapBaseOutV2:
		return decodeSwap(tx, i, "swap_base_out_v2", true, true, out)
	case TagInitialize2:
		return decodeInitialize2(tx, i, out)
	case TagDeposit:
		return decodeDeposit(tx, i, out)
	case TagWithdraw:
		return decodeWithdraw(tx, i, out)
	case TagInitialize, TagMonitorStep, TagMigrateToOpenBook, TagSetParams, TagWithdrawPnl,
		TagWithdrawSrm, TagPreInitialize, TagSimulateInfo, TagAdminCancelOrders,
		TagCreateConfigAccount, TagUpdateConfigAccount:
		return out, nil
	default:
		return out, chain.Unknown(events.RaydiumAMM, "instruction", data, 1)
	}
}

// DecodeAccount appends the event of an account owned by this program to out: a RaydiumAMMPool
// for an AmmInfo (752 bytes), else a *chain.UnknownError naming the account's first 8 bytes.
func DecodeAccount(a *chain.Account, out []events.Event) ([]events.Event, error) {
	if len(a.Data) != AmmInfoLen {
		return out, chain.Unknown(events.RaydiumAMM, "account", a.Data, 8)
	}
	info, err := DecodeAmmInfo(a.Data)
	if err != nil {
		return out, err
	}
	b := &events.RaydiumAMMPool{
		AMM: a.Pubkey, Status: info.Status, Nonce: info.Nonce,
		CoinDecimals: info.CoinDecimals, PcDecimals: info.PcDecimals, State: info.State,
		CoinLotSize: info.CoinLotSize, PcLotSize: info.PcLotSize,
		TradeFeeNumerator: info.TradeFeeNumerator, TradeFeeDenominator: info.TradeFeeDenominator,
		PnlNumerator: info.PnlNumerator, PnlDenominator: info.PnlDenominator,
		SwapFeeNumerator: info.SwapFeeNumerator, SwapFeeDenominator: info.SwapFeeDenominator,
		NeedTakePnlCoin: info.NeedTakePnlCoin, NeedTakePnlPc: info.NeedTakePnlPc,
		TotalPnlPc: info.TotalPnlPc, TotalPnlCoin: info.TotalPnlCoin, PoolOpenTime: info.PoolOpenTime,
		SwapCoinInAmount:  events.U128{Lo: info.SwapCoinInAmount[0], Hi: info.SwapCoinInAmount[1]},
		SwapPcOutAmount:   events.U128{Lo: info.SwapPcOutAmount[0], Hi: info.SwapPcOutAmount[1]},
		SwapAccPcFee:      info.SwapAccPcFee,
		SwapPcInAmount:    events.U128{Lo: info.SwapPcInAmount[0], Hi: info.SwapPcInAmount[1]},
		SwapCoinOutAmount: events.U128{Lo: info.SwapCoinOutAmount[0], Hi: info.SwapCoinOutAmount[1]},
		SwapAccCoinFee:    info.SwapAccCoinFee,
		CoinVault:         info.CoinVault, PcVault: info.PcVault,
		CoinVaultMint: info.CoinVaultMint, PcVaultMint: info.PcVaultMint, LpMint: info.LpMint,
		OpenOrders: info.OpenOrders, Market: info.Market, MarketProgram: info.MarketProgram,
		TargetOrders: info.TargetOrders, AmmOwner: info.AmmOwner, LpAmount: info.LpAmount,
		RecentEpoch: info.RecentEpoch,
	}
	return append(out, events.Event{Body: b}), nil
}

// decodeSwap decodes the four swap forms. baseOut selects swap_base_out's argument names; v2 the
// 8-account layout.
func decodeSwap(tx *chain.Tx, i int, name string, baseOut, v2 bool, out []events.Event) ([]events.Event, error) {
	ix := &tx.Instructions[i]
	r := borsh.NewReader(ix.Data)
	r.U8("tag")
	b := &events.RaydiumAMMSwap{Instruction: name}
	if baseOut {
		b.MaxAmountIn = r.U64("max_amount_in")
		b.AmountOut = r.U64("amount_out")
	} else {
		b.AmountIn = r.U64("amount_in")
		b.MinimumAmountOut = r.U64("minimum_amount_out")
	}
	if err := r.Err(); err != nil {
		return out, fmt.Errorf("raydium_amm: %s: %w", name, err)
	}
	// Account positions: v2 has 8; the 18-account form has amm_target_orders at 4, the 17-account
	// form omits it.
	n := len(ix.Accounts)
	var coin, pc, src int
	switch {
	case v2 && n >= 8:
		coin, pc, src = 3, 4, 5
	case !v2 && n >= 18:
		coin, pc, src = 5, 6, 15
	case !v2 && n == 17:
		coin, pc, src = 4, 5, 14
	default:
		want := 17
		if v2 {
			want = 8
		}
		return out, fmt.Errorf("raydium_amm: %s: accounts: need %d, have %d: %w", name, want, n, ErrMissingAccounts)
	}
	b.AMM, _ = tx.Account(i, 1)
	b.CoinVault, _ = tx.Account(i, coin)
	b.PcVault, _ = tx.Account(i, pc)
	b.UserSource, _ = tx.Account(i, src)
	b.UserDestination, _ = tx.Account(i, src+1)
	b.User, _ = tx.Account(i, src+2)
	cb := tx.Token(tx.AccountIndex(i, coin))
	pb := tx.Token(tx.AccountIndex(i, pc))

	want := LogSwapBaseIn
	if baseOut {
		want = LogSwapBaseOut
	}
	payload, ok, err := rayLog(tx, i, want)
	if err != nil {
		return out, fmt.Errorf("raydium_amm: %s: %w", name, err)
	}
	var dir uint64
	switch {
	case ok && !baseOut:
		l, err := swapBaseInLog(payload)
		if err != nil {
			return out, fmt.Errorf("raydium_amm: %s: SwapBaseInLog: %w", name, err)
		}
		b.InputAmount, b.OutputAmount, dir = l.AmountIn, l.OutAmount, l.Direction
		b.PoolCoin, b.PoolPc = l.PoolCoin, l.PoolPc
		b.AmountsSource = SourceRayLog
	case ok && baseOut:
		l, err := swapBaseOutLog(payload)
		if err != nil {
			return out, fmt.Errorf("raydium_amm: %s: SwapBaseOutLog: %w", name, err)
		}
		b.InputAmount, b.OutputAmount, dir = l.DeductIn, l.AmountOut, l.Direction
		b.PoolCoin, b.PoolPc = l.PoolCoin, l.PoolPc
		b.AmountsSource = SourceRayLog
	default:
		switch {
		case cb.OK && pb.OK && cb.Post > cb.Pre && pb.Post < pb.Pre:
			b.InputAmount, b.OutputAmount, dir = cb.Post-cb.Pre, pb.Pre-pb.Post, DirectionCoin2PC
		case cb.OK && pb.OK && pb.Post > pb.Pre && cb.Post < cb.Pre:
			b.InputAmount, b.OutputAmount, dir = pb.Post-pb.Pre, cb.Pre-cb.Post, DirectionPC2Coin
		default:
			return out, fmt.Errorf("raydium_amm: %s: %w", name, ErrNoAmounts)
		}
		b.AmountsSource = SourceVaultBalances
	}
	coinAmt, pcAmt := b.InputAmount, b.OutputAmount
	if dir == DirectionCoin2PC {
		b.Direction = CoinToPc
		b.InputMint, b.OutputMint = mintKey(cb), mintKey(pb)
	} else {
		b.Direction = PcToCoin
		b.InputMint, b.OutputMint = mintKey(pb), mintKey(cb)
		coinAmt, pcAmt = pcAmt, coinAmt
	}
	if cb.OK && pb.OK {
		b.Price = Price(coinAmt, cb.Decimals, pcAmt, pb.Decimals)
	}
	return append(out, events.Event{Path: ix.Path, Body: b}), nil
}

func decodeInitialize2(tx *chain.Tx, i int, out []events.Event) ([]events.Event, error) {
	const name = "initialize2"
	ix := &tx.Instructions[i]
	r := borsh.NewReader(ix.Data)
	r.U8("tag")
	b := &events.RaydiumAMMPoolCreate{}
	b.Nonce = r.U8("nonce")
	b.OpenTime = r.U64("open_time")
	b.InitPcAmount = r.U64("init_pc_amount")
	b.InitCoinAmount = r.U64("init_coin_amount")
	if err := r.Err(); err != nil {
		return out, fmt.Errorf("raydium_amm: %s: %w", name, err)
	}
	if n := len(ix.Accounts); n < 18 {
		return out, fmt.Errorf("raydium_amm: %s: accounts: need at least 18, have %d: %w", name, n, ErrMissingAccounts)
	}
	b.AMM, _ = tx.Account(i, 4)
	b.OpenOrders, _ = tx.Account(i, 6)
	b.LpMint, _ = tx.Account(i, 7)
	b.CoinMint, _ = tx.Account(i, 8)
	b.PcMint, _ = tx.Account(i, 9)
	b.CoinVault, _ = tx.Account(i, 10)
	b.PcVault, _ = tx.Account(i, 11)
	b.Market, _ = tx.Account(i, 16)
	b.Creator, _ = tx.Account(i, 17)
	payload, ok, err := rayLog(tx, i, LogInit)
	if err != nil {
		return out, fmt.Errorf("raydium_amm: %s: %w", name, err)
	}
	decimalsKnown := false
	if ok {
		l, err := initLog(payload)
		if err != nil {
			return out, fmt.Errorf("raydium_amm: %s: InitLog: %w", name, err)
		}
		b.CoinDecimals, b.PcDecimals = l.CoinDecimals, l.PcDecimals
		b.CoinLotSize, b.PcLotSize = l.CoinLotSize, l.PcLotSize
		decimalsKnown = true
	} else {
		cb := tx.Token(tx.AccountIndex(i, 10))
		pb := tx.Token(tx.AccountIndex(i, 11))
		if cb.OK && pb.OK {
			b.CoinDecimals, b.PcDecimals = cb.Decimals, pb.Decimals
			decimalsKnown = true
		}
	}
	if decimalsKnown {
		b.Price = Price(b.InitCoinAmount, b.CoinDecimals, b.InitPcAmount, b.PcDecimals)
	}
	return append(out, events.Event{Path: ix.Path, Body: b}), nil
}

func decodeDeposit(tx *chain.Tx, i int, out []events.Event) ([]events.Event, error) {
	const name = "deposit"
	ix := &tx.Instructions[i]
	r := borsh.NewReader(ix.Data)
	r.U8("tag")
	b := &events.RaydiumAMMDeposit{}
	b.MaxCoinAmount = r.U64("max_coin_amount")
	b.MaxPcAmount = r.U64("max_pc_amount")
	b.BaseSide = r.U64("base_side")
	if r.Len() >= 8 { // optional since 2024-09
		b.OtherAmountMin = r.U64("other_amount_min")
	}
	if err := r.Err(); err != nil {
		return out, fmt.Errorf("raydium_amm: %s: %w", name, err)
	}
	if n := len(ix.Accounts); n < 13 {
		return out, fmt.Errorf("raydium_amm: %s: accounts: need at least 13, have %d: %w", name, n, ErrMissingAccounts)
	}
	b.AMM, _ = tx.Account(i, 1)
	b.LpMint, _ = tx.Account(i, 5)
	b.CoinVault, _ = tx.Account(i, 6)
	b.PcVault, _ = tx.Account(i, 7)
	b.UserCoin, _ = tx.Account(i, 9)
	b.UserPc, _ = tx.Account(i, 10)
	b.UserLp, _ = tx.Account(i, 11)
	b.User, _ = tx.Account(i, 12)
	payload, ok, err := rayLog(tx, i, LogDeposit)
	if err != nil {
		return out, fmt.Errorf("raydium_amm: %s: %w", name, err)
	}
	if ok {
		l, err := depositLog(payload)
		if err != nil {
			return out, fmt.Errorf("raydium_amm: %s: DepositLog: %w", name, err)
		}
		b.PoolCoin, b.PoolPc, b.PoolLp = l.PoolCoin, l.PoolPc, l.PoolLp
		b.DeductCoin, b.DeductPc, b.MintLp = l.DeductCoin, l.DeductPc, l.MintLp
		b.AmountsSource = SourceRayLog
	} else {
		cb := tx.Token(tx.AccountIndex(i, 6))
		pb := tx.Token(tx.AccountIndex(i, 7))
		lb := tx.Token(tx.AccountIndex(i, 11))
		if !cb.OK || !pb.OK || cb.Post < cb.Pre || pb.Post < pb.Pre {
			return out, fmt.Errorf("raydium_amm: %s: %w", name, ErrNoAmounts)
		}
		b.DeductCoin, b.DeductPc = cb.Post-cb.Pre, pb.Post-pb.Pre
		if lb.OK && lb.Post > lb.Pre {
			b.MintLp = lb.Post - lb.Pre
		}
		b.AmountsSource = SourceVaultBalances
	}
	return append(out, events.Event{Path: ix.Path, Body: b}), nil
}

func decodeWithdraw(tx *chain.Tx, i int, out []events.Event) ([]events.Event, error) {
	const name = "withdraw"
	ix := &tx.Instructions[i]
	r := borsh.NewReader(ix.Data)
	r.U8("tag")
	b := &events.RaydiumAMMWithdraw{}
	b.Amount = r.U64("amount")
	if r.Len() >= 16 { // optional
		b.MinCoinAmount = r.U64("min_coin_amount")
		b.MinPcAmount = r.U64("min_pc_amount")
	}
	if err := r.Err(); err != nil {
		return out, fmt.Errorf("raydium_amm: %s: %w", name, err)
	}
	// The current form has 20 accounts (users at 13–16); the legacy one 22, with withdraw_queue
	// and temp_lp inserted at 8 and 9 (users at 15–18).
	var lp int
	switch n := len(ix.Accounts); {
	case n >= 22:
		lp = 15
	case n >= 17:
		lp = 13
	default:
		return out, fmt.Errorf("raydium_amm: %s: accounts: need at least 17, have %d: %w", name, n, ErrMissingAccounts)
	}
	b.AMM, _ = tx.Account(i, 1)
	b.LpMint, _ = tx.Account(i, 5)
	b.CoinVault, _ = tx.Account(i, 6)
	b.PcVault, _ = tx.Account(i, 7)
	b.UserLp, _ = tx.Account(i, lp)
	b.UserCoin, _ = tx.Account(i, lp+1)
	b.UserPc, _ = tx.Account(i, lp+2)
	b.User, _ = tx.Account(i, lp+3)
	payload, ok, err := rayLog(tx, i, LogWithdraw)
	if err != nil {
		return out, fmt.Errorf("raydium_amm: %s: %w", name, err)
	}
	if ok {
		l, err := withdrawLog(payload)
		if err != nil {
			return out, fmt.Errorf("raydium_amm: %s: WithdrawLog: %w", name, err)
		}
		b.WithdrawLp = l.WithdrawLp
		b.PoolCoin, b.PoolPc, b.PoolLp = l.PoolCoin, l.PoolPc, l.PoolLp
		b.OutCoin, b.OutPc = l.OutCoin, l.OutPc
		b.AmountsSource = SourceRayLog
	} else {
		cb := tx.Token(tx.AccountIndex(i, 6))
		pb := tx.Token(tx.AccountIndex(i, 7))
		lb := tx.Token(tx.AccountIndex(i, lp))
		if !cb.OK || !pb.OK || cb.Post > cb.Pre || pb.Post > pb.Pre {
			return out, fmt.Errorf("raydium_amm: %s: %w", name, ErrNoAmounts)
		}
		b.OutCoin, b.OutPc = cb.Pre-cb.Post, pb.Pre-pb.Post
		if lb.OK && lb.Pre > lb.Post {
			b.WithdrawLp = lb.Pre - lb.Post
		}
		b.AmountsSource = SourceVaultBalances
	}
	return append(out, events.Event{Path: ix.Path, Body: b}), nil
}

// Price returns the pc per coin of coinAmount and pcAmount base units in UI units; 0 when
// coinAmount is 0. It is the one place this package derives a price.
func Price(coinAmount uint64, coinDecimals uint8, pcAmount uint64, pcDecimals uint8) float64 {
	if coinAmount == 0 {
		return 0
	}
	return float64(pcAmount) / float64(coinAmount) * math.Pow10(int(coinDecimals)-int(pcDecimals))
}

// mintKey returns the token account's mint, or the zero key when it is unknown or not valid base58.
func mintKey(c chain.TokenChange) solana.PublicKey {
	k, _ := parsePubkey(c.Mint)
	return k
}
