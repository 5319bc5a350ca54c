package raydiumamm

import (
	"encoding/base64"
	"fmt"
	"strings"
	"unsafe"

	"github.com/geyserjet/geyserjet/pkg/borsh"
	"github.com/geyserjet/geyserjet/pkg/chain"
)

// The log_type byte that starts every ray_log payload (program/src/log.rs).
const (
	LogInit        uint8 = 0
	LogDeposit     uint8 = 1
	LogWithdraw    uint8 = 2
	LogSwapBaseIn  uint8 = 3
	LogSwapBaseOut uint8 = 4
)

// Swap directions as the program logs them (math.rs SwapDirection).
const (
	DirectionPC2Coin uint64 = 1 // pc in, coin out
	DirectionCoin2PC uint64 = 2 // coin in, pc out
)

// rayLogPrefix starts the log line that carries a ray_log payload.
const rayLogPrefix = "Program log: ray_log: "

// InitLog is the ray_log of initialize2 (log_type 0, 75 bytes).
type InitLog struct {
	Time         uint64
	PcDecimals   uint8
	CoinDecimals uint8
	PcLotSize    uint64
	CoinLotSize  uint64
	PcAmount     uint64
	CoinAmount   uint64
	Market       [32]byte
}

// DepositLog is the ray_log of deposit (log_type 1, 105 bytes).
type DepositLog struct {
	MaxCoin    uint64
	MaxPc      uint64
	Base       uint64
	PoolCoin   uint64
	PoolPc     uint64
	PoolLp     uint64
	CalcPnlX   [2]uint64 // u128 as low, high
	CalcPnlY   [2]uint64
	DeductCoin uint64
	DeductPc   uint64
	MintLp     uint64
}

// WithdrawLog is the ray_log of withdraw (log_type 2, 89 bytes).
type WithdrawLog struct {
	WithdrawLp uint64
	UserLp     uint64
	PoolCoin   uint64
	PoolPc     uint64
	PoolLp     uint64
	CalcPnlX   [2]uint64
	CalcPnlY   [2]uint64
	OutCoin    uint64
	OutPc      uint64
}

// SwapBaseInLog is the ray_log of swap_base_in and swap_base_in_v2 (log_type 3, 57 bytes).
// UserSource is the user's source token balance before the swap; PoolCoin and PoolPc are the
// reserves the program priced with (vault balances less pending PnL).
type SwapBaseInLog struct {
	AmountIn   uint64
	MinimumOut uint64
	Direction  uint64
	UserSource uint64
	PoolCoin   uint64
	PoolPc     uint64
	OutAmount  uint64
}

// SwapBaseOutLog is the ray_log of swap_base_out and swap_base_out_v2 (log_type 4, 57 bytes).
// DeductIn is the input amount the swap took.
type SwapBaseOutLog struct {
	MaxIn      uint64
	AmountOut  uint64
	Direction  uint64
	UserSource uint64
	PoolCoin   uint64
	PoolPc     uint64
	DeductIn   uint64
}

// logReader starts a reader over a ray_log payload b and checks its log_type.
func logReader(b []byte, want uint8) borsh.Reader {
	r := borsh.NewReader(b)
	if t := r.U8("log_type"); r.Err() == nil && t != want {
		r = borsh.NewReader(b)
		r.Fail("log_type", uint64(t))
	}
	return r
}

// DecodeInitLog decodes an InitLog payload (the base64-decoded ray_log, log_type byte included).
// Errors wrap borsh.ErrShortData, or borsh.ErrInvalid for another log_type. Trailing bytes are
// ignored.
func DecodeInitLog(b []byte) (InitLog, error) {
	l, err := initLog(b)
	if err != nil {
		return InitLog{}, fmt.Errorf("raydium_amm: decode InitLog: %w", err)
	}
	return l, nil
}

// initLog decodes an InitLog payload; its errors do not name the program.
func initLog(b []byte) (InitLog, error) {
	r := logReader(b, LogInit)
	var l InitLog
	l.Time = r.U64("time")
	l.PcDecimals = r.U8("pc_decimals")
	l.CoinDecimals = r.U8("coin_decimals")
	l.PcLotSize = r.U64("pc_lot_size")
	l.CoinLotSize = r.U64("coin_lot_size")
	l.PcAmount = r.U64("pc_amount")
	l.CoinAmount = r.U64("coin_amount")
	l.Market = r.Pubkey("market")
	if err := r.Err(); err != nil {
		return InitLog{}, err
	}
	return l, nil
}

// DecodeDepositLog decodes a DepositLog payload; see DecodeInitLog for errors.
func DecodeDepositLog(b []byte) (DepositLog, error) {
	l, err := depositLog(b)
	if err != nil {
		return DepositLog{}, fmt.Errorf("raydium_amm: decode DepositLog: %w", err)
	}
	return l, nil
}

// depositLog decodes a DepositLog payload; its errors do not name the program.
func depositLog(b []byte) (DepositLog, error) {
	r := logReader(b, LogDeposit)
	var l DepositLog
	l.MaxCoin = r.U64("max_coin")
	l.MaxPc = r.U64("max_pc")
	l.Base = r.U64("base")
	l.PoolCoin = r.U64("pool_coin")
	l.PoolPc = r.U64("pool_pc")
	l.PoolLp = r.U64("pool_lp")
	l.CalcPnlX[0], l.CalcPnlX[1] = r.U128("calc_pnl_x")
	l.CalcPnlY[0], l.CalcPnlY[1] = r.U128("calc_pnl_y")
	l.DeductCoin = r.U64("deduct_coin")
	l.DeductPc = r.U64("deduct_pc")
	l.MintLp = r.U64("mint_lp")
	if err := r.Err(); err != nil {
		return DepositLog{}, err
	}
	return l, nil
}

// DecodeWithdrawLog decodes a WithdrawLog payload; see DecodeInitLog for errors.
func DecodeWithdrawLog(b []byte) (WithdrawLog, error) {
	l, err := withdrawLog(b)
	if err != nil {
		return WithdrawLog{}, fmt.Errorf("raydium_amm: decode WithdrawLog: %w", err)
	}
	return l, nil
}

// withdrawLog decodes a WithdrawLog payload; its errors do not name the program.
func withdrawLog(b []byte) (WithdrawLog, error) {
	r := logReader(b, LogWithdraw)
	var l WithdrawLog
	l.WithdrawLp = r.U64("withdraw_lp")
	l.UserLp = r.U64("user_lp")
	l.PoolCoin = r.U64("pool_coin")
	l.PoolPc = r.U64("pool_pc")
	l.PoolLp = r.U64("pool_lp")
	l.CalcPnlX[0], l.CalcPnlX[1] = r.U128("calc_pnl_x")
	l.CalcPnlY[0], l.CalcPnlY[1] = r.U128("calc_pnl_y")
	l.OutCoin = r.U64("out_coin")
	l.OutPc = r.U64("out_pc")
	if err := r.Err(); err != nil {
		return WithdrawLog{}, err
	}
	return l, nil
}

// DecodeSwapBaseInLog decodes a SwapBaseInLog payload; see DecodeInitLog for errors. A direction
// other than 1 or 2 is borsh.ErrInvalid.
func DecodeSwapBaseInLog(b []byte) (SwapBaseInLog, error) {
	l, err := swapBaseInLog(b)
	if err != nil {
		return SwapBaseInLog{}, fmt.Errorf("raydium_amm: decode SwapBaseInLog: %w", err)
	}
	return l, nil
}

// swapBaseInLog decodes a SwapBaseInLog payload; its errors do not name the program.
func swapBaseInLog(b []byte) (SwapBaseInLog, error) {
	r := logReader(b, LogSwapBaseIn)
	var l SwapBaseInLog
	l.AmountIn = r.U64("amount_in")
	l.MinimumOut = r.U64("minimum_out")
	l.Direction = r.U64("direction")
	l.UserSource = r.U64("user_source")
	l.PoolCoin = r.U64("pool_coin")
	l.PoolPc = r.U64("pool_pc")
	l.OutAmount = r.U64("out_amount")
	err := r.Err()
	if err == nil {
		err = checkDirection(l.Direction)
	}
	if err != nil {
		return SwapBaseInLog{}, err
	}
	return l, nil
}

// DecodeSwapBaseOutLog decodes a SwapBaseOutLog payload; see DecodeSwapBaseInLog for errors.
func DecodeSwapBaseOutLog(b []byte) (SwapBaseOutLog, error) {
	l, err := swapBaseOutLog(b)
	if err != nil {
		return SwapBaseOutLog{}, fmt.Errorf("raydium_amm: decode SwapBaseOutLog: %w", err)
	}
	return l, nil
}

// swapBaseOutLog decodes a SwapBaseOutLog payload; its errors do not name the program.
func swapBaseOutLog(b []byte) (SwapBaseOutLog, error) {
	r := logReader(b, LogSwapBaseOut)
	var l SwapBaseOutLog
	l.MaxIn = r.U64("max_in")
	l.AmountOut = r.U64("amount_out")
	l.Direction = r.U64("direction")
	l.UserSource = r.U64("user_source")
	l.PoolCoin = r.U64("pool_coin")
	l.PoolPc = r.U64("pool_pc")
	l.DeductIn = r.U64("deduct_in")
	err := r.Err()
	if err == nil {
		err = checkDirection(l.Direction)
	}
	if err != nil {
		return SwapBaseOutLog{}, err
	}
	return l, nil
}

// checkDirection returns an error wrapping borsh.ErrInvalid unless d is a known direction; the
// direction sits at offset 17 of both swap logs.
func checkDirection(d uint64) error {
	if d != DirectionPC2Coin && d != DirectionCoin2PC {
		return &borsh.FieldError{Field: "direction", Offset: 17, Value: d, Err: borsh.ErrInvalid}
	}
	return nil
}

// rayLog returns the payload of the first ray_log line of instruction i's own frame with
// log_type want, decoded into tx's scratch buffer; ok is false when there is none. A ray_log line
// that is not valid base64 is an error.
func rayLog(tx *chain.Tx, i int, want uint8) (payload []byte, ok bool, err error) {
	tx.OwnLogs(i, func(line string) bool {
		s, found := strings.CutPrefix(line, rayLogPrefix)
		if !found {
			return true
		}
		buf := tx.Scratch(base64.StdEncoding.DecodedLen(len(s)))
		// The line is only read: view it as bytes without copying.
		n, derr := base64.StdEncoding.Decode(buf, unsafe.Slice(unsafe.StringData(s), len(s)))
		if derr != nil {
			err = fmt.Errorf("ray_log: base64: %w", derr)
			return false
		}
		if n == 0 || buf[0] != want {
			return true
		}
		payload, ok = buf[:n], true
		return false
	})
	return payload, ok, err
}
