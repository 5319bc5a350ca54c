// Package pumpfun decodes the pump.fun bonding-curve program (6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P):
// its TradeEvent, CreateEvent, CompleteEvent and CompletePumpAmmMigrationEvent in every length
// the program has emitted, its BondingCurve and Global accounts, and its instructions, whose
// events become events.PumpfunTrade, PumpfunCreate, PumpfunComplete and PumpfunMigrate.
//
// Amounts come from the events an instruction emitted (its self-CPI copies, else its "Program
// data:" log lines), never from instruction arguments, which are only limits. The one exception
// is a failed transaction that emitted nothing, decoded only when the caller includes failed
// transactions: its create, trade or migrate is built from the instruction's arguments and
// accounts, with Source "instruction" and Failed set. Derived values (price, market cap,
// progress) are computed in one place, Derive. Layouts and their history: PROGRAMS.md §2.
//
// The package holds no state; its functions are safe for concurrent use. The decoders allocate
// the event bodies they return and, for creates, their strings; nothing else on success.
package pumpfun

import (
	"errors"
	"fmt"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/anchor"
	"github.com/geyserjet/geyserjet/pkg/borsh"
	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/events"
)

// ProgramID is the program's mainnet address.
var ProgramID = solana.MustPublicKeyFromBase58("6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P")

// ErrNoEvents means a trading or lifecycle instruction of a successful transaction emitted no
// event: its logs were truncated and it had no self-CPI copies.
var ErrNoEvents = errors.New("no events (truncated logs?)")

// op is what an instruction does, for the events built from its arguments.
type op uint8

const (
	opNone    op = iota // emits nothing this package decodes
	opEvents            // emits events, but has no argument fallback (multi_hop_curve_swap)
	opCreate            // create, create_v2
	opBuy               // amount (tokens out), max cost
	opBuyIn             // exact quote in, min tokens out
	opSell              // amount (tokens in), min output
	opMigrate           // migrate, migrate_v2
)

// ixSpec describes one instruction: its name, what it does, and for the argument fallback the
// indices of its mint, bonding curve, user and pool (or token program, for creates) accounts.
type ixSpec struct {
	name               string
	op                 op
	mint, curve, user  int
	pool, tokenProgram int
}

// spec returns the instruction with discriminator d, and false for an unknown one. Account
// indices: PROGRAMS.md §2.1 and IDL @2293f9a.
func spec(d [8]byte) (ixSpec, bool) {
	switch d {
	case ixCreate:
		return ixSpec{name: "create", op: opCreate, mint: 0, curve: 2, user: 7, tokenProgram: 9}, true
	case ixCreateV2:
		return ixSpec{name: "create_v2", op: opCreate, mint: 0, curve: 2, user: 5, tokenProgram: 7}, true
	case ixBuy:
		return ixSpec{name: "buy", op: opBuy, mint: 2, curve: 3, user: 6}, true
	case ixBuyExactSolIn:
		return ixSpec{name: "buy_exact_sol_in", op: opBuyIn, mint: 2, curve: 3, user: 6}, true
	case ixSell:
		return ixSpec{name: "sell", op: opSell, mint: 2, curve: 3, user: 6}, true
	case ixBuyV2:
		return ixSpec{name: "buy_v2", op: opBuy, mint: 1, curve: 10, user: 13}, true
	case ixBuyExactQuoteInV2:
		return ixSpec{name: "buy_exact_quote_in_v2", op: opBuyIn, mint: 1, curve: 10, user: 13}, true
	case ixSellV2:
		return ixSpec{name: "sell_v2", op: opSell, mint: 1, curve: 10, user: 13}, true
	case ixBuyV3:
		return ixSpec{name: "buy_v3", op: opBuy, mint: 1, curve: 5, user: 8}, true
	case ixBuyExactQuoteInV3:
		return ixSpec{name: "buy_exact_quote_in_v3", op: opBuyIn, mint: 1, curve: 5, user: 8}, true
	case ixSellV3:
		return ixSpec{name: "sell_v3", op: opSell, mint: 1, curve: 5, user: 8}, true
	case ixMultiHopCurveSwap:
		return ixSpec{name: "multi_hop_curve_swap", op: opEvents}, true
	case ixMigrate:
		return ixSpec{name: "migrate", op: opMigrate, mint: 2, curve: 3, user: 5, pool: 9}, true
	case ixMigrateV2:
		return ixSpec{name: "migrate_v2", op: opMigrate, mint: 2, curve: 4, user: 7, pool: 10}, true
	case ixExtendAccount, ixWithdraw, ixInitialize, ixSetParams, ixUpdateGlobalAuthority,
		ixAddQuoteControlMint, ixAddQuoteMint, ixAdminCto, ixAdminSetIdlAuthority,
		ixAdminUpdateTokenIncentives, ixClaimCashback, ixClaimCashbackV2, ixClaimTokenIncentives,
		ixCloseUserVolumeAccumulator, ixCollectCreatorFee, ixCollectCreatorFeeV2,
		ixDistributeCreatorFees, ixDistributeCreatorFeesV2, ixDistributeFeeToHolders,
		ixGetMinimumDistributableFee, ixInitUserVolumeAccumulator, ixInitializeQuoteControl,
		ixMigrateBondingCurveCreator, ixRemoveQuoteControlMint, ixRemoveQuoteMint, ixSetCreator,
		ixSetMaxCurveDepth, ixSetMayhemVirtualParams, ixSetMetaplexCreator, ixSetQuoteControlAdmin,
		ixSetQuoteControlMintReserves, ixSetQuoteControlReservesAdmin, ixSetReservedFeeRecipients,
		ixSetVirtualQuoteReserves, ixSweepCreatorFee, ixSweepProtocolFee, ixSyncUserVolumeAccumulator,
		ixToggleCashbackEnabled, ixToggleCreateV2, ixToggleMayhemMode, ixUpdateBuybackConfig,
		ixUpdateCreatorFeeConfig, ixUpdateHolderRewardConfig:
		return ixSpec{op: opNone}, true
	}
	return ixSpec{}, false
}

// DecodeInstruction appends the events of instruction i of tx, an instruction of this program,
// to out: a PumpfunTrade per TradeEvent, a PumpfunCreate per CreateEvent, a PumpfunComplete per
// CompleteEvent and a PumpfunMigrate per CompletePumpAmmMigrationEvent it emitted, with Path and
// Body set. Instructions that emit nothing decoded here (extend_account, admin) append nothing.
//
// It returns, with every event it could decode: a *chain.UnknownError for an unknown
// instruction or event discriminator; an error wrapping ErrNoEvents when a trading or lifecycle
// instruction of a successful transaction emitted nothing; or an error naming the instruction,
// event, field and offset (wrapping borsh.ErrShortData or borsh.ErrInvalid) for corrupt data.
func DecodeInstruction(tx *chain.Tx, i int, out []events.Event) ([]events.Event, error) {
	ix := &tx.Instructions[i]
	if len(ix.Data) < 8 {
		return out, chain.Unknown(events.Pumpfun, "instruction", ix.Data, 8)
	}
	s, ok := spec([8]byte(ix.Data[:8]))
	if !ok {
		return out, chain.Unknown(events.Pumpfun, "instruction", ix.Data, 8)
	}
	if s.op == opNone {
		return out, nil
	}
	var firstErr error
	n := 0
	for ev := range anchor.Events(tx, i) {
		n++
		var err error
		out, err = appendEvent(out, ev, ix.Path, s.name, tx.Failed)
		if err != nil && firstErr == nil {
			firstErr = err
		}
	}
	if n > 0 {
		return out, firstErr
	}
	if !tx.Failed {
		return out, fmt.Errorf("pumpfun: %s: %w", s.name, ErrNoEvents)
	}
	return fromArgs(tx, i, s, out)
}

// appendEvent decodes one emitted event and appends it to out.
func appendEvent(out []events.Event, ev anchor.Event, path events.Path, name string, failed bool) ([]events.Event, error) {
	if len(ev.Data) < 8 {
		return out, chain.Unknown(events.Pumpfun, "event", ev.Data, 8)
	}
	src := events.SourceCPI
	if ev.Source == anchor.Log {
		src = events.SourceLog
	}
	body := ev.Data[8:]
	switch [8]byte(ev.Data[:8]) {
	case evTrade:
		t := new(events.PumpfunTrade)
		if err := decodeTrade(body, t); err != nil {
			return out, fmt.Errorf("pumpfun: %s: decode TradeEvent: %w", name, err)
		}
		t.Instruction, t.Source, t.Failed = name, src, failed
		return append(out, events.Event{Path: path, Body: t}), nil
	case evCreate:
		c := new(events.PumpfunCreate)
		if err := decodeCreate(body, c); err != nil {
			return out, fmt.Errorf("pumpfun: %s: decode CreateEvent: %w", name, err)
		}
		c.Instruction, c.Source, c.Failed = name, src, failed
		return append(out, events.Event{Path: path, Body: c}), nil
	case evComplete:
		c := new(events.PumpfunComplete)
		if err := decodeComplete(body, c); err != nil {
			return out, fmt.Errorf("pumpfun: %s: decode CompleteEvent: %w", name, err)
		}
		c.Instruction, c.Source, c.Failed = name, src, failed
		return append(out, events.Event{Path: path, Body: c}), nil
	case evCompletePumpAmmMigration:
		m := new(events.PumpfunMigrate)
		if err := decodeMigration(body, m); err != nil {
			return out, fmt.Errorf("pumpfun: %s: decode CompletePumpAmmMigrationEvent: %w", name, err)
		}
		m.Instruction, m.Source, m.Failed = name, src, failed
		return append(out, events.Event{Path: path, Body: m}), nil
	case evAddQuoteControlMint, evAdminCto, evAdminSetIdlAuthority, evAdminUpdateTokenIncentives,
		evClaimCashback, evClaimTokenIncentives, evCloseUserVolumeAccumulator, evCollectCreatorFee,
		evDistributeCreatorFees, evDistributeFeeToHolders, evExtendAccount, evInitUserVolumeAccumulator,
		evMigrateBondingCurveCreator, evMinimumDistributableFee, evPostCompleteBuy,
		evRemoveQuoteControlMint, evReservedFeeRecipients, evSetCreator, evSetMetaplexCreator,
		evSetParams, evSetQuoteControlAdmin, evSetQuoteControlMintReserves,
		evSetQuoteControlReservesAdmin, evSweepBondingCurveFee, evSyncUserVolumeAccumulator,
		evUpdateCreatorFeeConfig, evUpdateGlobalAuthority, evUpdateMayhemVirtualParams:
		return out, nil // known, not published
	}
	return out, chain.Unknown(events.Pumpfun, "event", ev.Data, 8)
}

// fromArgs builds the event of a failed transaction's instruction that emitted nothing from its
// arguments and accounts (Source "instruction"): the attempt, not an effect.
func fromArgs(tx *chain.Tx, i int, s ixSpec, out []events.Event) ([]events.Event, error) {
	path := tx.Instructions[i].Path
	r := borsh.NewReader(tx.Instructions[i].Data)
	r.Skip("discriminator", 8)
	key := func(n int) solana.PublicKey { k, _ := tx.Account(i, n); return k }
	switch s.op {
	case opCreate:
		c := &events.PumpfunCreate{Instruction: s.name, Source: events.SourceInstruction, Failed: true}
		c.Name = r.String("name")
		c.Symbol = r.String("symbol")
		c.URI = r.String("uri")
		if r.Len() > 0 { // before 2025 create had no creator argument
			c.Creator = r.Pubkey("creator")
		}
		if s.name == "create_v2" {
			c.IsMayhemMode = r.Bool("is_mayhem_mode")
			if r.Len() > 0 {
				c.IsCashbackEnabled = r.Bool("is_cashback_enabled")
			}
		}
		if err := r.Err(); err != nil {
			return out, fmt.Errorf("pumpfun: %s: decode arguments: %w", s.name, err)
		}
		c.Mint, c.BondingCurve, c.User, c.TokenProgram = key(s.mint), key(s.curve), key(s.user), key(s.tokenProgram)
		return append(out, events.Event{Path: path, Body: c}), nil
	case opBuy, opBuyIn, opSell:
		t := &events.PumpfunTrade{Instruction: s.name, Source: events.SourceInstruction, Failed: true, IsBuy: s.op != opSell}
		first, second := r.U64("amount"), r.U64("limit")
		if err := r.Err(); err != nil {
			return out, fmt.Errorf("pumpfun: %s: decode arguments: %w", s.name, err)
		}
		if s.op == opBuyIn {
			t.SolAmount, t.TokenAmount = first, second // spendable in, min tokens out
		} else {
			t.TokenAmount, t.SolAmount = first, second // tokens, max cost or min output
		}
		t.Mint, t.User = key(s.mint), key(s.user)
		return append(out, events.Event{Path: path, Body: t}), nil
	case opMigrate:
		m := &events.PumpfunMigrate{Instruction: s.name, Source: events.SourceInstruction, Failed: true,
			Mint: key(s.mint), BondingCurve: key(s.curve), User: key(s.user), Pool: key(s.pool)}
		return append(out, events.Event{Path: path, Body: m}), nil
	}
	return out, nil
}

// DecodeAccount appends the event of an account owned by this program to out: a
// PumpfunBondingCurve or PumpfunGlobal, with Body set (the driver sets the envelope). Other
// known accounts (volume accumulators, sharing and quote configs) append nothing. It returns a
// *chain.UnknownError for an unknown discriminator, or the decode error.
func DecodeAccount(a *chain.Account, out []events.Event) ([]events.Event, error) {
	if len(a.Data) < 8 {
		return out, chain.Unknown(events.Pumpfun, "account", a.Data, 8)
	}
	switch [8]byte(a.Data[:8]) {
	case acctBondingCurve:
		c, err := DecodeBondingCurve(a.Data)
		if err != nil {
			return out, err
		}
		c.BondingCurve = a.Pubkey
		return append(out, events.Event{Body: &c}), nil
	case acctGlobal:
		g, err := DecodeGlobal(a.Data)
		if err != nil {
			return out, err
		}
		g.Global = a.Pubkey
		return append(out, events.Event{Body: &g}), nil
	case acctFeeConfig, acctGlobalVolumeAccumulator, acctQuoteControl, acctSharingConfig, acctUserVolumeAccumulator:
		return out, nil
	}
	return out, chain.Unknown(events.Pumpfun, "account", a.Data, 8)
}
