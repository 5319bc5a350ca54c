// Package raydiumcpmm decodes Raydium CPMM (CPMMoo8L…) instructions and PoolState accounts into
// events: swaps (swap_base_input, swap_base_output), pool creation (initialize,
// initialize_with_permission), deposits, withdrawals, and pool state.
//
// CPMM is an Anchor program that emits its events only as "Program data:" log lines (no
// self-CPI): SwapEvent for swaps, LpChangeEvent for deposits and withdrawals, nothing for
// initialize. Event discriminators collide with other programs', so only the lines of the CPMM
// instruction's own frame are read (anchor.Events). When the event is missing — providers
// truncate long logs — the amounts come from the vaults' pre/post token balances and the event
// says so in amounts_source. Layouts: PROGRAMS.md section 5. The package holds no state; its
// functions are safe for concurrent use on distinct transactions.
package raydiumcpmm

import (
	"bytes"
	"errors"
	"fmt"
	"math"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/anchor"
	"github.com/geyserjet/geyserjet/pkg/borsh"
	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/events"
)

// ProgramID is the program's mainnet address.
var ProgramID = solana.MustPublicKeyFromBase58("CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C")

// Values of amounts_source.
const (
	SourceEvent         = "event"
	SourceVaultBalances = "vault_balances"
)

// ErrMissingAccounts means an instruction has fewer accounts than its form needs.
var ErrMissingAccounts = errors.New("missing accounts")

// ErrNoAmounts means an instruction emitted no event and its vaults' token balances do not show
// what it moved.
var ErrNoAmounts = errors.New("no event and no vault balance deltas")

// DecodeInstruction appends the events of instruction i of tx, an instruction of this program,
// to out. It returns an error naming the instruction and field for corrupt data (wrapping
// borsh.ErrShortData, borsh.ErrInvalid, ErrMissingAccounts or ErrNoAmounts), and a
// *chain.UnknownError for an unknown discriminator. Admin and fee-collection instructions
// append nothing and return nil.
func DecodeInstruction(tx *chain.Tx, i int, out []events.Event) ([]events.Event, error) {
	data := tx.Instructions[i].Data
	if len(data) < 8 {
		return out, chain.Unknown(events.RaydiumCPMM, "instruction", data, 8)
	}
	switch [8]byte(data) {
	case DiscSwapBaseInput:
		return decodeSwap(tx, i, "swap_base_input", false, out)
	case DiscSwapBaseOutput:
		return decodeSwap(tx, i, "swap_base_output", true, out)
	case DiscInitialize:
		return decodeInitialize(tx, i, "initialize", false, out)
	case DiscInitializeWithPermission:
		return decodeInitialize(tx, i, "initialize_with_permission", true, out)
	case DiscDeposit:
		return decodeLiquidity(tx, i, "deposit", out)
	case DiscWithdraw:
		return decodeLiquidity(tx, i, "withdraw", out)
	case DiscCreateAmmConfig, DiscUpdateAmmConfig, DiscUpdatePoolStatus, DiscCollectProtocolFee,
		DiscCollectFundFee, DiscCollectCreatorFee, DiscCreatePermissionPda, DiscClosePermissionPda:
		return out, nil
	default:
		return out, chain.Unknown(events.RaydiumCPMM, "instruction", data, 8)
	}
}

// DecodeAccount appends the event of an account owned by this program to out: a
// RaydiumCPMMPool for a PoolState. AmmConfig, ObservationState and Permission accounts append
// nothing; other discriminators return a *chain.UnknownError.
func DecodeAccount(a *chain.Account, out []events.Event) ([]events.Event, error) {
	if len(a.Data) < 8 {
		return out, chain.Unknown(events.RaydiumCPMM, "account", a.Data, 8)
	}
	switch [8]byte(a.Data) {
	case DiscPoolState:
		p, err := DecodePoolState(a.Data)
		if err != nil {
			return out, err
		}
		b := &events.RaydiumCPMMPool{
			Pool: a.Pubkey, AmmConfig: p.AmmConfig, PoolCreator: p.PoolCreator,
			Token0Vault: p.Token0Vault, Token1Vault: p.Token1Vault, LpMint: p.LpMint,
			Token0Mint: p.Token0Mint, Token1Mint: p.Token1Mint,
			Token0Program: p.Token0Program, Token1Program: p.Token1Program,
			ObservationKey: p.ObservationKey, AuthBump: p.AuthBump, Status: p.Status,
			LpMintDecimals: p.LpMintDecimals, Mint0Decimals: p.Mint0Decimals, Mint1Decimals: p.Mint1Decimals,
			LpSupply: p.LpSupply, ProtocolFeesToken0: p.ProtocolFeesToken0, ProtocolFeesToken1: p.ProtocolFeesToken1,
			FundFeesToken0: p.FundFeesToken0, FundFeesToken1: p.FundFeesToken1,
			OpenTime: p.OpenTime, RecentEpoch: p.RecentEpoch,
			CreatorFeeOn: p.CreatorFeeOn, EnableCreatorFee: p.EnableCreatorFee,
			CreatorFeesToken0: p.CreatorFeesToken0, CreatorFeesToken1: p.CreatorFeesToken1,
		}
		return append(out, events.Event{Body: b}), nil
	case DiscAmmConfig, DiscObservationState, DiscPermission:
		return out, nil
	default:
		return out, chain.Unknown(events.RaydiumCPMM, "account", a.Data, 8)
	}
}

func decodeSwap(tx *chain.Tx, i int, name string, baseOut bool, out []events.Event) ([]events.Event, error) {
	ix := &tx.Instructions[i]
	r := borsh.NewReader(ix.Data)
	r.Skip("discriminator", 8)
	b := &events.RaydiumCPMMSwap{Instruction: name}
	if baseOut {
		b.MaxAmountIn = r.U64("max_amount_in")
		b.AmountOut = r.U64("amount_out")
	} else {
		b.AmountIn = r.U64("amount_in")
		b.MinimumAmountOut = r.U64("minimum_amount_out")
	}
	if err := r.Err(); err != nil {
		return out, fmt.Errorf("raydium_cpmm: %s: %w", name, err)
	}
	if n := len(ix.Accounts); n < 12 {
		return out, fmt.Errorf("raydium_cpmm: %s: accounts: need at least 12, have %d: %w", name, n, ErrMissingAccounts)
	}
	b.Payer, _ = tx.Account(i, 0)
	b.PoolID, _ = tx.Account(i, 3)
	b.InputTokenAccount, _ = tx.Account(i, 4)
	b.OutputTokenAccount, _ = tx.Account(i, 5)
	b.InputVault, _ = tx.Account(i, 6)
	b.OutputVault, _ = tx.Account(i, 7)
	b.InputMint, _ = tx.Account(i, 10)
	b.OutputMint, _ = tx.Account(i, 11)
	in := tx.Token(tx.AccountIndex(i, 6))
	outb := tx.Token(tx.AccountIndex(i, 7))

	var (
		ev    SwapEvent
		found bool
		err   error
	)
	for e := range anchor.Events(tx, i) {
		if len(e.Data) < 8 || [8]byte(e.Data) != DiscSwapEvent {
			continue
		}
		ev, err = swapEvent(e.Data[8:])
		found = true
		break
	}
	if err != nil {
		return out, fmt.Errorf("raydium_cpmm: %s: SwapEvent: %w", name, err)
	}
	if found {
		b.PoolID = ev.PoolID
		b.InputVaultBefore, b.OutputVaultBefore = ev.InputVaultBefore, ev.OutputVaultBefore
		b.InputAmount, b.OutputAmount = ev.InputAmount, ev.OutputAmount
		b.InputTransferFee, b.OutputTransferFee = ev.InputTransferFee, ev.OutputTransferFee
		b.BaseInput = ev.BaseInput
		if ev.Version >= 2 {
			b.InputMint, b.OutputMint = ev.InputMint, ev.OutputMint
			b.TradeFee, b.CreatorFee, b.CreatorFeeOnInput = ev.TradeFee, ev.CreatorFee, ev.CreatorFeeOnInput
		}
		b.EventVersion = ev.Version
		b.AmountsSource = SourceEvent
	} else {
		// The vaults see the amounts with Token-2022 transfer fees: the input vault receives
		// what the user sent less the input fee, the output vault pays out the output amount plus
		// the output fee. Without the event those fees are unknown and count in the amounts.
		if !in.OK || !outb.OK || in.Post <= in.Pre || outb.Post >= outb.Pre {
			return out, fmt.Errorf("raydium_cpmm: %s: %w", name, ErrNoAmounts)
		}
		b.InputAmount, b.OutputAmount = in.Post-in.Pre, outb.Pre-outb.Post
		b.BaseInput = !baseOut
		b.AmountsSource = SourceVaultBalances
	}
	if in.OK && outb.OK {
		if bytes.Compare(b.InputMint[:], b.OutputMint[:]) < 0 { // input is token_0
			b.Price = Price(b.InputAmount, in.Decimals, b.OutputAmount, outb.Decimals)
		} else {
			b.Price = Price(b.OutputAmount, outb.Decimals, b.InputAmount, in.Decimals)
		}
	}
	return append(out, events.Event{Path: ix.Path, Body: b}), nil
}

func decodeInitialize(tx *chain.Tx, i int, name string, permission bool, out []events.Event) ([]events.Event, error) {
	ix := &tx.Instructions[i]
	r := borsh.NewReader(ix.Data)
	r.Skip("discriminator", 8)
	b := &events.RaydiumCPMMPoolCreate{Instruction: name}
	b.InitAmount0 = r.U64("init_amount_0")
	b.InitAmount1 = r.U64("init_amount_1")
	b.OpenTime = r.U64("open_time")
	if permission {
		b.CreatorFeeOn = r.U8("creator_fee_on")
	}
	if err := r.Err(); err != nil {
		return out, fmt.Errorf("raydium_cpmm: %s: %w", name, err)
	}
	// initialize_with_permission has a separate payer at 0 and the creator at 1, shifting the
	// rest by one; initialize's creator pays.
	s, need := 0, 14
	if permission {
		s, need = 1, 15
	}
	if n := len(ix.Accounts); n < need {
		return out, fmt.Errorf("raydium_cpmm: %s: accounts: need %d, have %d: %w", name, need, n, ErrMissingAccounts)
	}
	b.Payer, _ = tx.Account(i, 0)
	b.Creator, _ = tx.Account(i, s)
	b.AmmConfig, _ = tx.Account(i, s+1)
	b.PoolID, _ = tx.Account(i, s+3)
	b.Token0Mint, _ = tx.Account(i, s+4)
	b.Token1Mint, _ = tx.Account(i, s+5)
	b.LpMint, _ = tx.Account(i, s+6)
	b.Token0Vault, _ = tx.Account(i, s+10)
	b.Token1Vault, _ = tx.Account(i, s+11)
	b.ObservationState, _ = tx.Account(i, s+13)
	if lp := tx.Token(tx.AccountIndex(i, s+9)); lp.OK {
		b.LpAmount = lp.Post
	}
	v0 := tx.Token(tx.AccountIndex(i, s+10))
	v1 := tx.Token(tx.AccountIndex(i, s+11))
	if v0.OK && v1.OK {
		b.Price = Price(b.InitAmount0, v0.Decimals, b.InitAmount1, v1.Decimals)
	}
	return append(out, events.Event{Path: ix.Path, Body: b}), nil
}

// decodeLiquidity decodes deposit and withdraw, which share their accounts' first 13 positions
// and an LpChangeEvent.
func decodeLiquidity(tx *chain.Tx, i int, name string, out []events.Event) ([]events.Event, error) {
	ix := &tx.Instructions[i]
	deposit := name == "deposit"
	r := borsh.NewReader(ix.Data)
	r.Skip("discriminator", 8)
	lp := r.U64("lp_token_amount")
	var a0, a1 uint64
	if deposit {
		a0, a1 = r.U64("maximum_token_0_amount"), r.U64("maximum_token_1_amount")
	} else {
		a0, a1 = r.U64("minimum_token_0_amount"), r.U64("minimum_token_1_amount")
	}
	if err := r.Err(); err != nil {
		return out, fmt.Errorf("raydium_cpmm: %s: %w", name, err)
	}
	if n := len(ix.Accounts); n < 13 {
		return out, fmt.Errorf("raydium_cpmm: %s: accounts: need at least 13, have %d: %w", name, n, ErrMissingAccounts)
	}
	var c events.RaydiumCPMMDeposit // the common fields; a withdrawal converts below
	c.Owner, _ = tx.Account(i, 0)
	c.PoolID, _ = tx.Account(i, 2)
	c.OwnerLpToken, _ = tx.Account(i, 3)
	c.Token0Account, _ = tx.Account(i, 4)
	c.Token1Account, _ = tx.Account(i, 5)
	c.Token0Vault, _ = tx.Account(i, 6)
	c.Token1Vault, _ = tx.Account(i, 7)
	c.Vault0Mint, _ = tx.Account(i, 10)
	c.Vault1Mint, _ = tx.Account(i, 11)
	c.LpMint, _ = tx.Account(i, 12)
	c.LpTokenAmount, c.MaximumToken0Amount, c.MaximumToken1Amount = lp, a0, a1

	var (
		ev    LpChangeEvent
		found bool
		err   error
	)
	for e := range anchor.Events(tx, i) {
		if len(e.Data) < 8 || [8]byte(e.Data) != DiscLpChangeEvent {
			continue
		}
		ev, err = lpChangeEvent(e.Data[8:])
		found = true
		break
	}
	if err != nil {
		return out, fmt.Errorf("raydium_cpmm: %s: LpChangeEvent: %w", name, err)
	}
	if found {
		c.PoolID = ev.PoolID
		c.LpAmountBefore = ev.LpAmountBefore
		c.Token0VaultBefore, c.Token1VaultBefore = ev.Token0VaultBefore, ev.Token1VaultBefore
		c.Token0Amount, c.Token1Amount = ev.Token0Amount, ev.Token1Amount
		c.Token0TransferFee, c.Token1TransferFee = ev.Token0TransferFee, ev.Token1TransferFee
		c.ChangeType = ev.ChangeType
		c.AmountsSource = SourceEvent
	} else {
		v0 := tx.Token(tx.AccountIndex(i, 6))
		v1 := tx.Token(tx.AccountIndex(i, 7))
		switch {
		case deposit && v0.OK && v1.OK && v0.Post >= v0.Pre && v1.Post >= v1.Pre:
			c.Token0Amount, c.Token1Amount = v0.Post-v0.Pre, v1.Post-v1.Pre
		case !deposit && v0.OK && v1.OK && v0.Post <= v0.Pre && v1.Post <= v1.Pre:
			c.Token0Amount, c.Token1Amount = v0.Pre-v0.Post, v1.Pre-v1.Post
			c.ChangeType = 1
		default:
			return out, fmt.Errorf("raydium_cpmm: %s: %w", name, ErrNoAmounts)
		}
		c.AmountsSource = SourceVaultBalances
	}
	if deposit {
		d := new(events.RaydiumCPMMDeposit)
		*d = c
		return append(out, events.Event{Path: ix.Path, Body: d}), nil
	}
	w := &events.RaydiumCPMMWithdraw{
		PoolID: c.PoolID, Owner: c.Owner, OwnerLpToken: c.OwnerLpToken,
		Token0Account: c.Token0Account, Token1Account: c.Token1Account,
		Token0Vault: c.Token0Vault, Token1Vault: c.Token1Vault,
		Vault0Mint: c.Vault0Mint, Vault1Mint: c.Vault1Mint, LpMint: c.LpMint,
		LpTokenAmount: lp, MinimumToken0Amount: a0, MinimumToken1Amount: a1,
		LpAmountBefore: c.LpAmountBefore, Token0VaultBefore: c.Token0VaultBefore, Token1VaultBefore: c.Token1VaultBefore,
		Token0Amount: c.Token0Amount, Token1Amount: c.Token1Amount,
		Token0TransferFee: c.Token0TransferFee, Token1TransferFee: c.Token1TransferFee,
		ChangeType: c.ChangeType, AmountsSource: c.AmountsSource,
	}
	return append(out, events.Event{Path: ix.Path, Body: w}), nil
}

// Price returns the token_1 per token_0 of amount0 and amount1 base units in UI units; 0 when
// amount0 is 0. It is the one place this package derives a price.
func Price(amount0 uint64, decimals0 uint8, amount1 uint64, decimals1 uint8) float64 {
	if amount0 == 0 {
		return 0
	}
	return float64(amount1) / float64(amount0) * math.Pow10(int(decimals0)-int(decimals1))
}
