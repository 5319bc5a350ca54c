package raydiumamm

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strings"
	"testing"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/borsh"
	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/events"
)

// Real ray_log payloads from the mainnet fixtures in pkg/testdata/mainnet.
var (
	realSwapBaseIn  = mustB64("A+E1LKzCAAAAHPYaDgAAAAABAAAAAAAAAOE1LKzCAAAAPfnuixQAAABHSrRr57wAAEBhCRUAAAAA")                         // ammv4 swap, direction 1
	realSwapCoin2PC = mustB64("AwDh9QUAAAAAFZl5bQgAAAACAAAAAAAAAADh9QUAAAAAr5cOfjEAAAB+AyCkd1MAAHtCtQUKAAAA")                         // direction 2
	realInit        = mustB64("AMtYpmcAAAAACQnoAwAAAAAAAADh9QUAAAAAAOH1BQAAAAAAABqT+jUOAAMNQkSCUXmu1wwfSfxFgAUByK6lAxhQJGvVCOeL1ERf") // initialize2 4QHnBNA5
)

func mustB64(s string) []byte {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func u64s(tag byte, vs ...uint64) []byte {
	b := []byte{tag}
	for _, v := range vs {
		b = binary.LittleEndian.AppendUint64(b, v)
	}
	return b
}

func TestDecodeSwapBaseInLog(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		want    SwapBaseInLog
		wantErr error
	}{
		{"real pc2coin", realSwapBaseIn, SwapBaseInLog{AmountIn: 836_112_233_953, MinimumOut: 236_647_964, Direction: 1,
			UserSource: 836_112_233_953, PoolCoin: 88_247_040_317, PoolPc: 207_702_130_444_871, OutAmount: 352_936_256}, nil},
		{"synthetic", u64s(3, 1, 2, 2, 4, 5, 6, 7), SwapBaseInLog{1, 2, 2, 4, 5, 6, 7}, nil},
		{"trailing bytes", append(u64s(3, 1, 2, 1, 4, 5, 6, 7), 9), SwapBaseInLog{1, 2, 1, 4, 5, 6, 7}, nil},
		{"short", realSwapBaseIn[:56], SwapBaseInLog{}, borsh.ErrShortData},
		{"empty", nil, SwapBaseInLog{}, borsh.ErrShortData},
		{"wrong log type", u64s(4, 1, 2, 1, 4, 5, 6, 7), SwapBaseInLog{}, borsh.ErrInvalid},
		{"bad direction", u64s(3, 1, 2, 3, 4, 5, 6, 7), SwapBaseInLog{}, borsh.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeSwapBaseInLog(tt.in)
			if !errors.Is(err, tt.wantErr) || got != tt.want {
				t.Errorf("DecodeSwapBaseInLog(%s) = %+v, %v, want %+v, %v", tt.name, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestDecodeSwapBaseOutLog(t *testing.T) {
	tests := []struct {
		name    string
		in      []byte
		want    SwapBaseOutLog
		wantErr error
	}{
		{"synthetic", u64s(4, 10, 20, 2, 40, 50, 60, 9), SwapBaseOutLog{10, 20, 2, 40, 50, 60, 9}, nil},
		{"short", u64s(4, 10, 20, 2, 40, 50, 60), SwapBaseOutLog{}, borsh.ErrShortData},
		{"swap in log", realSwapBaseIn, SwapBaseOutLog{}, borsh.ErrInvalid},
		{"bad direction", u64s(4, 10, 20, 0, 40, 50, 60, 9), SwapBaseOutLog{}, borsh.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeSwapBaseOutLog(tt.in)
			if !errors.Is(err, tt.wantErr) || got != tt.want {
				t.Errorf("DecodeSwapBaseOutLog(%s) = %+v, %v, want %+v, %v", tt.name, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestDecodeInitLog(t *testing.T) {
	if len(realInit) != 75 {
		t.Fatalf("real InitLog has %d bytes, want 75", len(realInit))
	}
	got, err := DecodeInitLog(realInit)
	if err != nil {
		t.Fatalf("DecodeInitLog(real) = %v", err)
	}
	// initialize2 of 4QHnBNA5: 6-decimal coin vs wSOL, 1e8 of each side... checked against the
	// instruction's arguments in the golden cross-check; here the layout: decimals and lot sizes.
	if got.PcDecimals != 9 || got.CoinDecimals != 9 || got.Time != 0x67a658cb {
		t.Errorf("DecodeInitLog(real) = %+v", got)
	}
	if _, err := DecodeInitLog(realInit[:74]); !errors.Is(err, borsh.ErrShortData) ||
		!strings.Contains(err.Error(), "market at offset 43") {
		t.Errorf("DecodeInitLog(short) = %v, want market at offset 43 short data", err)
	}
	if _, err := DecodeInitLog(realSwapBaseIn); !errors.Is(err, borsh.ErrInvalid) {
		t.Errorf("DecodeInitLog(swap log) = %v, want ErrInvalid", err)
	}
}

func TestDecodeDepositWithdrawLog(t *testing.T) {
	dep := u64s(1, 1, 2, 0, 4, 5, 6, 7, 0, 8, 0, 9, 10, 11)
	if len(dep) != 105 {
		t.Fatalf("deposit log len %d", len(dep))
	}
	d, err := DecodeDepositLog(dep)
	want := DepositLog{MaxCoin: 1, MaxPc: 2, Base: 0, PoolCoin: 4, PoolPc: 5, PoolLp: 6, CalcPnlX: [2]uint64{7, 0},
		CalcPnlY: [2]uint64{8, 0}, DeductCoin: 9, DeductPc: 10, MintLp: 11}
	if err != nil || d != want {
		t.Errorf("DecodeDepositLog = %+v, %v, want %+v", d, err, want)
	}
	if _, err := DecodeDepositLog(dep[:104]); !errors.Is(err, borsh.ErrShortData) || !strings.Contains(err.Error(), "mint_lp at offset 97") {
		t.Errorf("DecodeDepositLog(short) = %v", err)
	}
	wd := u64s(2, 1, 2, 3, 4, 5, 6, 0, 7, 0, 8, 9)
	if len(wd) != 89 {
		t.Fatalf("withdraw log len %d", len(wd))
	}
	w, err := DecodeWithdrawLog(wd)
	wantW := WithdrawLog{WithdrawLp: 1, UserLp: 2, PoolCoin: 3, PoolPc: 4, PoolLp: 5, CalcPnlX: [2]uint64{6, 0},
		CalcPnlY: [2]uint64{7, 0}, OutCoin: 8, OutPc: 9}
	if err != nil || w != wantW {
		t.Errorf("DecodeWithdrawLog = %+v, %v, want %+v", w, err, wantW)
	}
	if _, err := DecodeWithdrawLog(dep); !errors.Is(err, borsh.ErrInvalid) {
		t.Errorf("DecodeWithdrawLog(deposit log) = %v, want ErrInvalid", err)
	}
	if _, err := DecodeWithdrawLog(wd[:88]); !errors.Is(err, borsh.ErrShortData) || !strings.Contains(err.Error(), "out_pc at offset 81") {
		t.Errorf("DecodeWithdrawLog(short) = %v", err)
	}
}

func TestDecodeAmmInfo(t *testing.T) {
	b := make([]byte, AmmInfoLen)
	binary.LittleEndian.PutUint64(b[0:], 6)    // status SwapOnly
	binary.LittleEndian.PutUint64(b[32:], 9)   // coin_decimals
	binary.LittleEndian.PutUint64(b[40:], 6)   // pc_decimals
	binary.LittleEndian.PutUint64(b[176:], 25) // swap_fee_numerator
	binary.LittleEndian.PutUint64(b[184:], 10000)
	binary.LittleEndian.PutUint64(b[192:], 77) // need_take_pnl_coin
	binary.LittleEndian.PutUint64(b[256:], 1)  // swap_coin_in_amount lo
	binary.LittleEndian.PutUint64(b[264:], 2)  // swap_coin_in_amount hi
	b[336], b[368], b[400], b[432], b[464], b[496], b[528], b[560], b[592], b[688] = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
	binary.LittleEndian.PutUint64(b[720:], 123) // lp_amount
	binary.LittleEndian.PutUint64(b[736:], 800) // recent_epoch
	a, err := DecodeAmmInfo(b)
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != 6 || a.CoinDecimals != 9 || a.PcDecimals != 6 || a.SwapFeeNumerator != 25 || a.SwapFeeDenominator != 10000 ||
		a.NeedTakePnlCoin != 77 || a.SwapCoinInAmount != [2]uint64{1, 2} || a.CoinVault[0] != 1 || a.PcVault[0] != 2 ||
		a.CoinVaultMint[0] != 3 || a.PcVaultMint[0] != 4 || a.LpMint[0] != 5 || a.OpenOrders[0] != 6 || a.Market[0] != 7 ||
		a.MarketProgram[0] != 8 || a.TargetOrders[0] != 9 || a.AmmOwner[0] != 10 || a.LpAmount != 123 || a.RecentEpoch != 800 {
		t.Errorf("DecodeAmmInfo = %+v", a)
	}
	if _, err := DecodeAmmInfo(b[:751]); !errors.Is(err, borsh.ErrShortData) || !strings.Contains(err.Error(), "padding2 at offset 744") {
		t.Errorf("DecodeAmmInfo(751 bytes) = %v", err)
	}
	var out []events.Event
	out, err = DecodeAccount(&chain.Account{Pubkey: key(50), Owner: ProgramID, Data: b}, out)
	if err != nil || len(out) != 1 {
		t.Fatalf("DecodeAccount = %v, %v", out, err)
	}
	p := out[0].Body.(*events.RaydiumAMMPool)
	if p.AMM != key(50) || p.SwapCoinInAmount.String() != "36893488147419103233" || p.LpAmount != 123 {
		t.Errorf("DecodeAccount body = %+v", p)
	}
	if _, err := DecodeAccount(&chain.Account{Owner: ProgramID, Data: b[:700]}, nil); !errors.Is(err, chain.ErrUnknownDiscriminator) {
		t.Errorf("DecodeAccount(700 bytes) = %v, want unknown", err)
	}
}

func TestParsePubkey(t *testing.T) {
	for _, s := range []string{"So11111111111111111111111111111111111111112", "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v",
		"11111111111111111111111111111111", "675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8", "1nc1nerator11111111111111111111111111111111"} {
		got, ok := parsePubkey(s)
		want := solana.MustPublicKeyFromBase58(s)
		if !ok || got != want {
			t.Errorf("parsePubkey(%q) = %s, %v, want %s", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "0OIl", "So1111111111111111111111111111111111111111", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "1111111111111111111111111111111111"} {
		if got, ok := parsePubkey(s); ok {
			t.Errorf("parsePubkey(%q) = %s, true, want false", s, got)
		}
	}
}

// key returns a distinct test key.
func key(n byte) solana.PublicKey {
	var k solana.PublicKey
	k[0], k[31] = n, 0xAA
	return k
}

const (
	mintSOL  = "So11111111111111111111111111111111111111112"
	mintUSDC = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"
)

// swapTx builds a transaction with one top-level AMM v4 instruction of n accounts (tx account
// k+1 at instruction position k) whose coin and pc vaults sit at the given positions, with the
// given ray_log payload (none when nil), coin (wSOL, 9 decimals) and pc (USDC, 6) vault balances.
func swapTx(n int, data []byte, coinPos, pcPos int, rayLog []byte, coinPre, coinPost, pcPre, pcPost uint64) *chain.Tx {
	tx := &chain.Tx{Accounts: []solana.PublicKey{ProgramID}}
	accts := make([]byte, n)
	for k := 0; k < n; k++ {
		tx.Accounts = append(tx.Accounts, key(byte(k+1)))
		accts[k] = byte(k + 1)
	}
	tx.Instructions = []chain.Instruction{{Path: events.Top(0), Depth: 1, Parent: -1, ProgramID: ProgramID, Accounts: accts, Data: data}}
	tx.Logs = []string{"Program " + ProgramID.String() + " invoke [1]"}
	if rayLog != nil {
		tx.Logs = append(tx.Logs, rayLogPrefix+base64.StdEncoding.EncodeToString(rayLog))
	}
	tx.Logs = append(tx.Logs, "Program "+ProgramID.String()+" success")
	tx.LogsComplete = true
	tx.PreTokens = []chain.TokenBalance{{AccountIndex: coinPos + 1, Mint: mintSOL, Amount: coinPre, Decimals: 9},
		{AccountIndex: pcPos + 1, Mint: mintUSDC, Amount: pcPre, Decimals: 6}}
	tx.PostTokens = []chain.TokenBalance{{AccountIndex: coinPos + 1, Mint: mintSOL, Amount: coinPost, Decimals: 9},
		{AccountIndex: pcPos + 1, Mint: mintUSDC, Amount: pcPost, Decimals: 6}}
	return tx
}

func TestDecodeInstructionSwapForms(t *testing.T) {
	// 2 SOL in (coin), 300 USDC out (pc): 150 USDC per SOL.
	const in, outAmt = 2_000_000_000, 300_000_000
	inLog := u64s(LogSwapBaseIn, in, 290_000_000, DirectionCoin2PC, 5_000_000_000, 100_000_000_000, 15_000_000_000, outAmt)
	outLog := u64s(LogSwapBaseOut, 2_100_000_000, outAmt, DirectionCoin2PC, 5_000_000_000, 100_000_000_000, 15_000_000_000, in)
	tests := []struct {
		name          string
		n             int
		data, log     []byte
		coin, pc, src int
		instruction   string
		arg1, arg2    uint64
	}{
		{"18 accounts base in", 18, u64s(TagSwapBaseIn, in, 290_000_000), inLog, 5, 6, 15, "swap_base_in", in, 290_000_000},
		{"17 accounts base in", 17, u64s(TagSwapBaseIn, in, 290_000_000), inLog, 4, 5, 14, "swap_base_in", in, 290_000_000},
		{"18 accounts base out", 18, u64s(TagSwapBaseOut, 2_100_000_000, outAmt), outLog, 5, 6, 15, "swap_base_out", 2_100_000_000, outAmt},
		{"17 accounts base out", 17, u64s(TagSwapBaseOut, 2_100_000_000, outAmt), outLog, 4, 5, 14, "swap_base_out", 2_100_000_000, outAmt},
		{"v2 base in", 8, u64s(TagSwapBaseInV2, in, 290_000_000), inLog, 3, 4, 5, "swap_base_in_v2", in, 290_000_000},
		{"v2 base out", 8, u64s(TagSwapBaseOutV2, 2_100_000_000, outAmt), outLog, 3, 4, 5, "swap_base_out_v2", 2_100_000_000, outAmt},
	}
	for _, tt := range tests {
		for _, strip := range []bool{false, true} {
			name := tt.name
			if strip {
				name += " without ray_log"
			}
			t.Run(name, func(t *testing.T) {
				log := tt.log
				if strip {
					log = nil
				}
				tx := swapTx(tt.n, tt.data, tt.coin, tt.pc, log, 100_000_000_000, 100_000_000_000+in, 15_000_000_000, 15_000_000_000-outAmt)
				out, err := DecodeInstruction(tx, 0, nil)
				if err != nil || len(out) != 1 {
					t.Fatalf("DecodeInstruction = %v, %v", out, err)
				}
				b := out[0].Body.(*events.RaydiumAMMSwap)
				wantSource := SourceRayLog
				if strip {
					wantSource = SourceVaultBalances
				}
				if b.AMM != key(2) || b.CoinVault != key(byte(tt.coin+1)) || b.PcVault != key(byte(tt.pc+1)) ||
					b.UserSource != key(byte(tt.src+1)) || b.UserDestination != key(byte(tt.src+2)) || b.User != key(byte(tt.src+3)) {
					t.Errorf("accounts = %+v", b)
				}
				a1, a2 := b.AmountIn, b.MinimumAmountOut
				if strings.Contains(tt.instruction, "out") {
					a1, a2 = b.MaxAmountIn, b.AmountOut
				}
				if b.Instruction != tt.instruction || a1 != tt.arg1 || a2 != tt.arg2 {
					t.Errorf("instruction %s %d %d, want %s %d %d", b.Instruction, a1, a2, tt.instruction, tt.arg1, tt.arg2)
				}
				if b.InputAmount != in || b.OutputAmount != outAmt || b.Direction != CoinToPc || b.AmountsSource != wantSource ||
					b.InputMint.String() != mintSOL || b.OutputMint.String() != mintUSDC || b.Price != 150 {
					t.Errorf("amounts = %d %d %s %s %s→%s price %v", b.InputAmount, b.OutputAmount, b.Direction,
						b.AmountsSource, b.InputMint, b.OutputMint, b.Price)
				}
				if !strip && (b.PoolCoin != 100_000_000_000 || b.PoolPc != 15_000_000_000) {
					t.Errorf("pool = %d %d", b.PoolCoin, b.PoolPc)
				}
			})
		}
	}
}

func TestDecodeInstructionErrors(t *testing.T) {
	good := u64s(LogSwapBaseIn, 1, 1, 2, 1, 1, 1, 1)
	tests := []struct {
		name    string
		tx      *chain.Tx
		wantErr error
		wantIn  string
	}{
		{"unknown tag", swapTx(18, []byte{99, 1, 2}, 5, 6, nil, 0, 0, 0, 0), chain.ErrUnknownDiscriminator, "63"},
		{"empty data", swapTx(18, nil, 5, 6, nil, 0, 0, 0, 0), chain.ErrUnknownDiscriminator, ""},
		{"short args", swapTx(18, u64s(TagSwapBaseIn, 1)[:5], 5, 6, good, 0, 1, 1, 0), borsh.ErrShortData, "swap_base_in: amount_in at offset 1"},
		{"short second arg", swapTx(18, u64s(TagSwapBaseIn, 1, 2)[:16], 5, 6, good, 0, 1, 1, 0), borsh.ErrShortData, "minimum_amount_out at offset 9"},
		{"16 accounts", swapTx(16, u64s(TagSwapBaseIn, 1, 1), 5, 6, good, 0, 1, 1, 0), ErrMissingAccounts, "need 17, have 16"},
		{"v2 7 accounts", swapTx(7, u64s(TagSwapBaseInV2, 1, 1), 3, 4, good, 0, 1, 1, 0), ErrMissingAccounts, "need 8, have 7"},
		{"corrupt ray_log", swapTx(18, u64s(TagSwapBaseIn, 1, 1), 5, 6, good[:30], 0, 1, 1, 0), borsh.ErrShortData, "swap_base_in: SwapBaseInLog: user_source at offset 25"},
		{"no log no deltas", swapTx(18, u64s(TagSwapBaseIn, 1, 1), 5, 6, nil, 5, 5, 5, 5), ErrNoAmounts, "swap_base_in"},
		{"initialize2 short", swapTx(21, u64s(TagInitialize2, 1, 2)[:17], 10, 11, nil, 0, 0, 0, 0), borsh.ErrShortData, "initialize2: init_pc_amount at offset 10"},
		{"withdraw few accounts", swapTx(10, u64s(TagWithdraw, 1), 6, 7, nil, 0, 0, 0, 0), ErrMissingAccounts, "withdraw"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := DecodeInstruction(tt.tx, 0, nil)
			if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.wantIn) || len(out) != 0 {
				t.Errorf("DecodeInstruction(%s) = %d events, %v, want %v containing %q", tt.name, len(out), err, tt.wantErr, tt.wantIn)
			}
		})
	}
	// Known instructions without an event.
	if out, err := DecodeInstruction(swapTx(18, []byte{TagSetParams, 1}, 5, 6, nil, 0, 0, 0, 0), 0, nil); err != nil || len(out) != 0 {
		t.Errorf("DecodeInstruction(set_params) = %v, %v", out, err)
	}
	// A corrupt ray_log base64 line.
	tx := swapTx(18, u64s(TagSwapBaseIn, 1, 1), 5, 6, nil, 0, 1, 1, 0)
	tx.Logs = []string{"Program " + ProgramID.String() + " invoke [1]", rayLogPrefix + "!!notbase64", "Program " + ProgramID.String() + " success"}
	if _, err := DecodeInstruction(tx, 0, nil); err == nil || !strings.Contains(err.Error(), "ray_log: base64") {
		t.Errorf("DecodeInstruction(bad base64) = %v", err)
	}
}

func TestDecodeInstructionLiquidity(t *testing.T) {
	// deposit: 14 accounts, coin vault 6, pc vault 7, user lp 11.
	depLog := u64s(LogDeposit, 1000, 2000, 0, 10_000, 20_000, 5_000, 0, 0, 0, 0, 900, 1800, 450)
	tx := swapTx(14, u64s(TagDeposit, 1000, 2000, 0), 6, 7, depLog, 10_000, 10_900, 20_000, 21_800)
	tx.PreTokens = append(tx.PreTokens, chain.TokenBalance{AccountIndex: 12, Mint: mintSOL, Amount: 0})
	tx.PostTokens = append(tx.PostTokens, chain.TokenBalance{AccountIndex: 12, Mint: mintSOL, Amount: 450})
	for _, strip := range []bool{false, true} {
		if strip {
			tx.Logs = tx.Logs[:1]
			tx.LogsComplete = false
			tx = reset(tx)
		}
		out, err := DecodeInstruction(tx, 0, nil)
		if err != nil || len(out) != 1 {
			t.Fatalf("deposit: %v, %v", out, err)
		}
		d := out[0].Body.(*events.RaydiumAMMDeposit)
		if d.DeductCoin != 900 || d.DeductPc != 1800 || d.MintLp != 450 || d.MaxCoinAmount != 1000 || d.UserLp != key(12) || d.User != key(13) {
			t.Errorf("deposit (strip %v) = %+v", strip, d)
		}
	}
	// withdraw: 20 accounts, users at 13–16.
	wLog := u64s(LogWithdraw, 450, 450, 10_900, 21_800, 5_450, 0, 0, 0, 0, 900, 1800)
	tx = swapTx(20, u64s(TagWithdraw, 450), 6, 7, wLog, 10_900, 10_000, 21_800, 20_000)
	out, err := DecodeInstruction(tx, 0, nil)
	if err != nil || len(out) != 1 {
		t.Fatalf("withdraw: %v, %v", out, err)
	}
	w := out[0].Body.(*events.RaydiumAMMWithdraw)
	if w.OutCoin != 900 || w.OutPc != 1800 || w.WithdrawLp != 450 || w.Amount != 450 || w.UserLp != key(14) || w.User != key(17) {
		t.Errorf("withdraw = %+v", w)
	}
	tx = reset(swapTx(22, u64s(TagWithdraw, 450, 1, 2), 6, 7, nil, 10_900, 10_000, 21_800, 20_000))
	out, err = DecodeInstruction(tx, 0, nil)
	if err != nil || len(out) != 1 {
		t.Fatalf("withdraw legacy: %v, %v", out, err)
	}
	w = out[0].Body.(*events.RaydiumAMMWithdraw)
	if w.OutCoin != 900 || w.OutPc != 1800 || w.UserLp != key(16) || w.User != key(19) || w.MinPcAmount != 2 || w.AmountsSource != SourceVaultBalances {
		t.Errorf("withdraw legacy = %+v", w)
	}
}

// reset returns a copy of tx without its cached log mapping.
func reset(tx *chain.Tx) *chain.Tx {
	return &chain.Tx{Accounts: tx.Accounts, Instructions: tx.Instructions, Logs: tx.Logs, LogsComplete: tx.LogsComplete,
		PreTokens: tx.PreTokens, PostTokens: tx.PostTokens}
}

func FuzzDecodeSwapBaseInLog(f *testing.F) {
	f.Add(realSwapBaseIn)
	f.Add(realSwapCoin2PC)
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := DecodeSwapBaseInLog(b); err != nil && !errors.Is(err, borsh.ErrShortData) && !errors.Is(err, borsh.ErrInvalid) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}

func FuzzDecodeSwapBaseOutLog(f *testing.F) {
	f.Add(u64s(LogSwapBaseOut, 10, 20, 2, 40, 50, 60, 9))
	f.Add(realSwapBaseIn)
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := DecodeSwapBaseOutLog(b); err != nil && !errors.Is(err, borsh.ErrShortData) && !errors.Is(err, borsh.ErrInvalid) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}

func FuzzDecodeInitLog(f *testing.F) {
	f.Add(realInit)
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := DecodeInitLog(b); err != nil && !errors.Is(err, borsh.ErrShortData) && !errors.Is(err, borsh.ErrInvalid) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}

func FuzzDecodeDepositLog(f *testing.F) {
	f.Add(u64s(LogDeposit, 1000, 2000, 0, 10_000, 20_000, 5_000, 0, 0, 0, 0, 900, 1800, 450))
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := DecodeDepositLog(b); err != nil && !errors.Is(err, borsh.ErrShortData) && !errors.Is(err, borsh.ErrInvalid) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}

func FuzzDecodeWithdrawLog(f *testing.F) {
	f.Add(u64s(LogWithdraw, 450, 450, 10_900, 21_800, 5_450, 0, 0, 0, 0, 900, 1800))
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := DecodeWithdrawLog(b); err != nil && !errors.Is(err, borsh.ErrShortData) && !errors.Is(err, borsh.ErrInvalid) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}

func FuzzDecodeAmmInfo(f *testing.F) {
	f.Add(make([]byte, AmmInfoLen))
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := DecodeAmmInfo(b); err != nil && !errors.Is(err, borsh.ErrShortData) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}

// FuzzDecodeInstruction mutates a real swap's instruction data and ray_log, the account count and
// the vault balances; DecodeInstruction must never panic, and a decoded swap's output is real.
func FuzzDecodeInstruction(f *testing.F) {
	f.Add(u64s(TagSwapBaseIn, 836_112_233_953, 236_647_964), realSwapBaseIn, uint8(18), uint64(5), uint64(3))
	f.Add(u64s(TagSwapBaseIn, 100_000_000, 36_000_000_000), realSwapCoin2PC, uint8(17), uint64(5), uint64(3))
	f.Add(u64s(TagSwapBaseOutV2, 1, 2), realSwapCoin2PC, uint8(8), uint64(0), uint64(0))
	f.Add(append([]byte{TagInitialize2, 254}, u64s(0, 1, 2, 3)[1:]...), realInit, uint8(21), uint64(0), uint64(0))
	f.Fuzz(func(t *testing.T, data, log []byte, n uint8, dCoin, dPc uint64) {
		tx := swapTx(int(n%40), data, 5, 6, log, 1000, 1000+dCoin, 1<<40, 1<<40-dPc)
		if int(n%40) < 7 {
			tx.PreTokens, tx.PostTokens = nil, nil
		}
		out, _ := DecodeInstruction(tx, 0, nil)
		for _, e := range out {
			_ = e.Body.AppendJSON(nil)
		}
	})
}
