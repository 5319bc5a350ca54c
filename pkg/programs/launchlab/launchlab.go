// Package launchlab decodes Raydium LaunchLab (the bonding-curve launchpad behind bonk.fun and
// other platforms) into events: pool creations (initialize, initialize_v2,
// initialize_with_token_2022, from the PoolCreateEvent they emit), trades (buy_exact_in,
// buy_exact_out, sell_exact_in, sell_exact_out, from the TradeEvent they emit), migrations
// (migrate_to_amm, migrate_to_cpswap, from their accounts: LaunchLab emits no event for them) and
// PoolState accounts. Layouts are in PROGRAMS.md section 4.
//
// Derived prices assume the constant-product curve (curve type 0), which the TradeEvent and the
// PoolState do not name: the curve type lives in the pool's GlobalConfig. Every pool seen on
// mainnet by the tests uses it; for fixed-price and linear pools the derived price is wrong.
//
// It does not decode admin instructions (configs, fee claims, vesting), which yield no event.
// The functions are safe for concurrent use; they keep no state.
package launchlab

import (
	"errors"
	"fmt"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/anchor"
	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/events"
)

// ProgramID is the program's mainnet address.
var ProgramID = solana.MustPublicKeyFromBase58("LanMV9sAd7wArD4vJFi2qDdfnVhFxYSUg6eADduJ3uj")

// Programs a pool migrates to.
var (
	RaydiumAMMProgramID  = solana.MustPublicKeyFromBase58("675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8")
	RaydiumCPMMProgramID = solana.MustPublicKeyFromBase58("CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C")
)

// ErrUnknownDiscriminator is chain.ErrUnknownDiscriminator: an instruction, event or account of
// this program whose discriminator the decoder does not know.
var ErrUnknownDiscriminator = chain.ErrUnknownDiscriminator

// ErrNoEvent means a swap or pool creation emitted no TradeEvent or PoolCreateEvent (for that
// pool) that the decoder could find, so its amounts are unknown.
var ErrNoEvent = errors.New("no event emitted")

// Instruction discriminators (sha256("global:<name>")[:8]). initialize is the same as Raydium
// CPMM's: instructions are routed by program id before they get here.
var (
	discInitialize              = [8]byte{0xaf, 0xaf, 0x6d, 0x1f, 0x0d, 0x98, 0x9b, 0xed}
	discInitializeV2            = [8]byte{0x43, 0x99, 0xaf, 0x27, 0xda, 0x10, 0x26, 0x20}
	discInitializeWithToken2022 = [8]byte{0x25, 0xbe, 0x7e, 0xde, 0x2c, 0x9a, 0xab, 0x11}
	discBuyExactIn              = [8]byte{0xfa, 0xea, 0x0d, 0x7b, 0xd5, 0x9c, 0x13, 0xec}
	discBuyExactOut             = [8]byte{0x18, 0xd3, 0x74, 0x28, 0x69, 0x03, 0x99, 0x38}
	discSellExactIn             = [8]byte{0x95, 0x27, 0xde, 0x9b, 0xd3, 0x7c, 0x98, 0x1a}
	discSellExactOut            = [8]byte{0x5f, 0xc8, 0x47, 0x22, 0x08, 0x09, 0x0b, 0xa6}
	discMigrateToAmm            = [8]byte{0xcf, 0x52, 0xc0, 0x91, 0xfe, 0xcf, 0x91, 0xdf}
	discMigrateToCpswap         = [8]byte{0x88, 0x5c, 0xc8, 0x67, 0x1c, 0xda, 0x90, 0x8c}

	// Admin, fee and vesting instructions: known, no event.
	discClaimCreatorFee              = [8]byte{0x1a, 0x61, 0x8a, 0xcb, 0x84, 0xab, 0x8d, 0xfc}
	discClaimPlatformFee             = [8]byte{0x9c, 0x27, 0xd0, 0x87, 0x4c, 0xed, 0x3d, 0x48}
	discClaimPlatformFeeFromVault    = [8]byte{0x75, 0xf1, 0xc6, 0xa8, 0xf8, 0xda, 0x50, 0x1d}
	discClaimVestedToken             = [8]byte{0x31, 0x21, 0x68, 0x1e, 0xbd, 0x9d, 0x4f, 0x23}
	discCollectFee                   = [8]byte{0x3c, 0xad, 0xf7, 0x67, 0x04, 0x5d, 0x82, 0x30}
	discCollectMigrateFee            = [8]byte{0xff, 0xba, 0x96, 0xdf, 0xeb, 0x76, 0xc9, 0xba}
	discCreateConfig                 = [8]byte{0xc9, 0xcf, 0xf3, 0x72, 0x4b, 0x6f, 0x2f, 0xbd}
	discCreatePlatformConfig         = [8]byte{0xb0, 0x5a, 0xc4, 0xaf, 0xfd, 0x71, 0xdc, 0x14}
	discCreateVestingAccount         = [8]byte{0x81, 0xb2, 0x02, 0x0d, 0xd9, 0xac, 0xe6, 0xda}
	discCreatePlatformVestingAccount = [8]byte{0x92, 0x47, 0xad, 0x45, 0x62, 0x13, 0x0f, 0x6a}
	discUpdateConfig                 = [8]byte{0x1d, 0x9e, 0xfc, 0xbf, 0x0a, 0x53, 0xdb, 0x63}
	discUpdatePlatformConfig         = [8]byte{0xc3, 0x3c, 0x4c, 0x81, 0x92, 0x2d, 0x43, 0x8f}
	discUpdatePlatformCurveParam     = [8]byte{0x8a, 0x90, 0x8a, 0xfa, 0xdc, 0x80, 0x04, 0x39}
	discRemovePlatformCurveParam     = [8]byte{0x1b, 0x1e, 0x3e, 0xa9, 0x5d, 0xe0, 0x18, 0x91}
	discCreatePlatformGlobalAccess   = [8]byte{0xa2, 0x5b, 0x92, 0xc7, 0x5d, 0x85, 0xea, 0xed}
	discClosePlatformGlobalAccess    = [8]byte{0x7b, 0xb4, 0xb8, 0x81, 0x6f, 0xb9, 0xbb, 0x3b}
)

// Event discriminators (sha256("event:<Name>")[:8]). TradeEvent's is the same as pump.fun's.
var (
	discTradeEvent         = [8]byte{0xbd, 0xdb, 0x7f, 0xd3, 0x4e, 0xe6, 0x61, 0xee}
	discPoolCreateEvent    = [8]byte{0x97, 0xd7, 0xe2, 0x09, 0x76, 0xa1, 0x73, 0xae}
	discCreateVestingEvent = [8]byte{0x96, 0x98, 0x0b, 0xb3, 0x34, 0xd2, 0xbf, 0x7d}
	discClaimVestedEvent   = [8]byte{0x15, 0xc2, 0x72, 0x57, 0x78, 0xd3, 0xe2, 0x20}
)

// Account discriminators (sha256("account:<Name>")[:8]). PoolState's is the same as CPMM's and
// GlobalConfig's the same as PumpSwap's: accounts are routed by owner.
var (
	discPoolState            = [8]byte{0xf7, 0xed, 0xe3, 0xf5, 0xd7, 0xc3, 0xde, 0x46}
	discGlobalConfig         = [8]byte{0x95, 0x08, 0x9c, 0xca, 0xa0, 0xfc, 0xb0, 0xd9}
	discPlatformConfig       = [8]byte{0xa0, 0x4e, 0x80, 0x00, 0xf8, 0x53, 0xe6, 0xa0}
	discVestingRecord        = [8]byte{0x6a, 0xf3, 0xdd, 0xcd, 0xe6, 0x7e, 0x55, 0x53}
	discPlatformGlobalAccess = [8]byte{0xae, 0x93, 0x84, 0xf0, 0x89, 0xdb, 0xf3, 0x10}
)

// DecodeInstruction appends the events of instruction i of tx, an instruction of this program,
// to out: a trade for a swap, a create for a pool creation, a migrate for a migration; nothing
// for the admin, fee and vesting instructions. It returns an error wrapping
// ErrUnknownDiscriminator for an instruction it does not know, ErrNoEvent for a swap or creation
// without its event, chain.ErrMalformed for too few accounts, or a decode error naming the
// instruction, event, field and offset. It never panics.
func DecodeInstruction(tx *chain.Tx, i int, out []events.Event) ([]events.Event, error) {
	data := tx.Instructions[i].Data
	if len(data) < 8 {
		return out, chain.Unknown(events.LaunchLab, "instruction", data, 8)
	}
	switch [8]byte(data[:8]) {
	case discBuyExactIn:
		return decodeSwap(tx, i, out, "buy_exact_in")
	case discBuyExactOut:
		return decodeSwap(tx, i, out, "buy_exact_out")
	case discSellExactIn:
		return decodeSwap(tx, i, out, "sell_exact_in")
	case discSellExactOut:
		return decodeSwap(tx, i, out, "sell_exact_out")
	case discInitialize:
		return decodeCreate(tx, i, out, "initialize", false, false)
	case discInitializeV2:
		return decodeCreate(tx, i, out, "initialize_v2", true, false)
	case discInitializeWithToken2022:
		return decodeCreate(tx, i, out, "initialize_with_token_2022", true, true)
	case discMigrateToAmm:
		return decodeMigrateToAmm(tx, i, out)
	case discMigrateToCpswap:
		return decodeMigrateToCpswap(tx, i, out)
	case discClaimCreatorFee, discClaimPlatformFee, discClaimPlatformFeeFromVault, discClaimVestedToken,
		discCollectFee, discCollectMigrateFee, discCreateConfig, discCreatePlatformConfig,
		discCreateVestingAccount, discCreatePlatformVestingAccount, discUpdateConfig,
		discUpdatePlatformConfig, discUpdatePlatformCurveParam, discRemovePlatformCurveParam,
		discCreatePlatformGlobalAccess, discClosePlatformGlobalAccess, anchor.EventTag:
		return out, nil
	}
	return out, chain.Unknown(events.LaunchLab, "instruction", data, 8)
}

// needAccounts checks that instruction i has at least n accounts.
func needAccounts(tx *chain.Tx, i int, name string, n int) error {
	if have := len(tx.Instructions[i].Accounts); have < n {
		return fmt.Errorf("launchlab: %s: %d accounts, want at least %d: %w", name, have, n, chain.ErrMalformed)
	}
	return nil
}

// key returns instruction i's n-th account; callers check the count first.
func key(tx *chain.Tx, i, n int) solana.PublicKey {
	k, _ := tx.Account(i, n)
	return k
}

// Swap accounts (PROGRAMS.md 4.1).
const (
	swapPayer      = 0
	swapPoolState  = 4
	swapUserBase   = 5
	swapUserQuote  = 6
	swapBaseVault  = 7
	swapQuoteVault = 8
	swapBaseMint   = 9
	swapQuoteMint  = 10
	swapAccounts   = 11 // the ones read here; the instruction has 15 and more
)

func decodeSwap(tx *chain.Tx, i int, out []events.Event, name string) ([]events.Event, error) {
	if _, err := decodeSwapArgs(tx.Instructions[i].Data[8:]); err != nil {
		return out, fmt.Errorf("launchlab: %s: %w", name, err)
	}
	if err := needAccounts(tx, i, name, swapAccounts); err != nil {
		return out, err
	}
	pool := key(tx, i, swapPoolState)
	var ev TradeEvent
	found := false
	for e := range anchor.Events(tx, i) {
		if !hasDisc(e.Data, discTradeEvent) {
			continue
		}
		var err error
		if ev, err = decodeTradeEvent(e.Data[8:]); err != nil {
			return out, fmt.Errorf("launchlab: %s: %w", name, err)
		}
		if ev.PoolState == pool {
			found = true
			break
		}
	}
	if !found {
		return out, fmt.Errorf("launchlab: %s: TradeEvent for pool %s: %w", name, pool, ErrNoEvent)
	}
	b := &events.LaunchLabTrade{
		Instruction: name, PoolState: pool, User: key(tx, i, swapPayer),
		BaseMint: key(tx, i, swapBaseMint), QuoteMint: key(tx, i, swapQuoteMint),
		IsBuy: ev.TradeDirection == DirectionBuy, ExactIn: name == "buy_exact_in" || name == "sell_exact_in",
		TotalBaseSell: ev.TotalBaseSell, VirtualBase: ev.VirtualBase, VirtualQuote: ev.VirtualQuote,
		RealBaseBefore: ev.RealBaseBefore, RealQuoteBefore: ev.RealQuoteBefore,
		RealBaseAfter: ev.RealBaseAfter, RealQuoteAfter: ev.RealQuoteAfter,
		AmountIn: ev.AmountIn, AmountOut: ev.AmountOut, ProtocolFee: ev.ProtocolFee,
		PlatformFee: ev.PlatformFee, CreatorFee: ev.CreatorFee, ShareFee: ev.ShareFee,
		TradeDirection: ev.TradeDirection, PoolStatus: ev.PoolStatus,
		EventVersion: ev.Version, EventExtraBytes: ev.Extra,
	}
	if ev.Version >= 2 {
		b.ExactIn = ev.ExactIn
	}
	b.BaseDecimals = tokenDecimals(tx, i, DefaultBaseDecimals, swapBaseVault, swapUserBase)
	b.QuoteDecimals = tokenDecimals(tx, i, DefaultQuoteDecimals, swapQuoteVault, swapUserQuote)
	b.Price, b.PriceSOL = Prices(b.QuoteMint, ev.VirtualBase, ev.VirtualQuote, ev.RealBaseAfter, ev.RealQuoteAfter, b.BaseDecimals, b.QuoteDecimals)
	b.Progress = Progress(ev.RealBaseAfter, ev.TotalBaseSell)
	return append(out, events.Event{Path: tx.Instructions[i].Path, Body: b}), nil
}

// tokenDecimals returns the decimals of the token account that is instruction i's account n
// (the first of ns the transaction's token balances list), or def.
func tokenDecimals(tx *chain.Tx, i int, def uint8, ns ...int) uint8 {
	for _, n := range ns {
		if c := tx.Token(tx.AccountIndex(i, n)); c.OK {
			return c.Decimals
		}
	}
	return def
}

// Pool creation accounts (PROGRAMS.md 4.1); the first ten are the same in all three forms.
const (
	createPayer          = 0
	createCreator        = 1
	createGlobalConfig   = 2
	createPlatformConfig = 3
	createPoolState      = 5
	createBaseMint       = 6
	createQuoteMint      = 7
	createBaseVault      = 8
	createQuoteVault     = 9
	createAccounts       = 10
)

var curveNames = [...]string{CurveConstant: "constant", CurveFixed: "fixed", CurveLinear: "linear"}

func decodeCreate(tx *chain.Tx, i int, out []events.Event, name string, feeOn, transferFee bool) ([]events.Event, error) {
	args, err := decodeInitialize(name, tx.Instructions[i].Data[8:], feeOn, transferFee)
	if err != nil {
		return out, fmt.Errorf("launchlab: %s: %w", name, err)
	}
	if err := needAccounts(tx, i, name, createAccounts); err != nil {
		return out, err
	}
	pool := key(tx, i, createPoolState)
	var ev PoolCreateEvent
	found := false
	for e := range anchor.Events(tx, i) {
		if !hasDisc(e.Data, discPoolCreateEvent) {
			continue
		}
		if ev, err = decodePoolCreateEvent(e.Data[8:]); err != nil {
			return out, fmt.Errorf("launchlab: %s: %w", name, err)
		}
		if ev.PoolState == pool {
			found = true
			break
		}
	}
	if !found {
		return out, fmt.Errorf("launchlab: %s: PoolCreateEvent for pool %s: %w", name, pool, ErrNoEvent)
	}
	b := &events.LaunchLabCreate{
		Instruction: name, PoolState: pool, Payer: key(tx, i, createPayer), Creator: ev.Creator,
		Config: ev.Config, PlatformConfig: key(tx, i, createPlatformConfig),
		BaseMint: key(tx, i, createBaseMint), QuoteMint: key(tx, i, createQuoteMint),
		BaseVault: key(tx, i, createBaseVault), QuoteVault: key(tx, i, createQuoteVault),
		Decimals: ev.Mint.Decimals, Name: ev.Mint.Name, Symbol: ev.Mint.Symbol, URI: ev.Mint.URI,
		CurveType: curveNames[ev.Curve.Type], Supply: ev.Curve.Supply, TotalBaseSell: ev.Curve.TotalBaseSell,
		TotalQuoteFundRaising: ev.Curve.TotalQuoteFundRaising, MigrateType: ev.Curve.MigrateType,
		TotalLockedAmount: ev.Vesting.TotalLockedAmount, CliffPeriod: ev.Vesting.CliffPeriod,
		UnlockPeriod: ev.Vesting.UnlockPeriod, AmmFeeOn: ev.AmmFeeOn,
		HasTransferFee: args.HasTransferFee, TransferFeeBasisPoints: args.TransferFeeBasisPoints,
		TransferFeeMaximum: args.TransferFeeMaximum, EventExtraBytes: ev.Extra,
	}
	if !ev.HasAmmFeeOn {
		b.AmmFeeOn = args.AmmFeeOn
	}
	return append(out, events.Event{Path: tx.Instructions[i].Path, Body: b}), nil
}

// migrate_to_amm accounts (PROGRAMS.md 4.1).
const (
	ammPayer        = 0
	ammBaseMint     = 1
	ammQuoteMint    = 2
	ammProgram      = 12
	ammPool         = 13
	ammLPMint       = 16
	ammBaseVault    = 17
	ammQuoteVault   = 18
	ammPoolState    = 23
	ammGlobalConfig = 24
	ammOldBaseVault = 25
	ammOldQuoteVlt  = 26
	ammAccounts     = 27
)

func decodeMigrateToAmm(tx *chain.Tx, i int, out []events.Event) ([]events.Event, error) {
	const name = "migrate_to_amm"
	args, err := decodeMigrateToAmmArgs(tx.Instructions[i].Data[8:])
	if err != nil {
		return out, fmt.Errorf("launchlab: %s: %w", name, err)
	}
	if err := needAccounts(tx, i, name, ammAccounts); err != nil {
		return out, err
	}
	b := &events.LaunchLabMigrate{
		Instruction: name, Target: string(events.RaydiumAMM), TargetProgram: key(tx, i, ammProgram),
		Payer: key(tx, i, ammPayer), PoolState: key(tx, i, ammPoolState), GlobalConfig: key(tx, i, ammGlobalConfig),
		BaseMint: key(tx, i, ammBaseMint), QuoteMint: key(tx, i, ammQuoteMint),
		BaseVault: key(tx, i, ammOldBaseVault), QuoteVault: key(tx, i, ammOldQuoteVlt),
		NewPool: key(tx, i, ammPool), NewLPMint: key(tx, i, ammLPMint),
		NewBaseVault: key(tx, i, ammBaseVault), NewQuoteVault: key(tx, i, ammQuoteVault),
		BaseLotSize: args.BaseLotSize, QuoteLotSize: args.QuoteLotSize, MarketVaultSignerNonce: args.MarketVaultSignerNonce,
	}
	return append(out, events.Event{Path: tx.Instructions[i].Path, Body: b}), nil
}

// migrate_to_cpswap accounts (PROGRAMS.md 4.1).
const (
	cpPayer          = 0
	cpBaseMint       = 1
	cpQuoteMint      = 2
	cpPlatformConfig = 3
	cpProgram        = 4
	cpPool           = 5
	cpLPMint         = 7
	cpBaseVault      = 8
	cpQuoteVault     = 9
	cpPoolState      = 17
	cpGlobalConfig   = 18
	cpOldBaseVault   = 19
	cpOldQuoteVault  = 20
	cpAccounts       = 21
)

func decodeMigrateToCpswap(tx *chain.Tx, i int, out []events.Event) ([]events.Event, error) {
	const name = "migrate_to_cpswap"
	if err := needAccounts(tx, i, name, cpAccounts); err != nil {
		return out, err
	}
	b := &events.LaunchLabMigrate{
		Instruction: name, Target: string(events.RaydiumCPMM), TargetProgram: key(tx, i, cpProgram),
		Payer: key(tx, i, cpPayer), PoolState: key(tx, i, cpPoolState), GlobalConfig: key(tx, i, cpGlobalConfig),
		PlatformConfig: key(tx, i, cpPlatformConfig),
		BaseMint:       key(tx, i, cpBaseMint), QuoteMint: key(tx, i, cpQuoteMint),
		BaseVault: key(tx, i, cpOldBaseVault), QuoteVault: key(tx, i, cpOldQuoteVault),
		NewPool: key(tx, i, cpPool), NewLPMint: key(tx, i, cpLPMint),
		NewBaseVault: key(tx, i, cpBaseVault), NewQuoteVault: key(tx, i, cpQuoteVault),
	}
	return append(out, events.Event{Path: tx.Instructions[i].Path, Body: b}), nil
}

// DecodeAccount appends the event of an account owned by this program to out: a pool event for
// a PoolState account, nothing for the config, vesting and access accounts. It returns an error
// wrapping ErrUnknownDiscriminator for an account it does not know, or DecodePoolState's error.
func DecodeAccount(a *chain.Account, out []events.Event) ([]events.Event, error) {
	if len(a.Data) < 8 {
		return out, chain.Unknown(events.LaunchLab, "account", a.Data, 8)
	}
	switch [8]byte(a.Data[:8]) {
	case discPoolState:
		p, err := DecodePoolState(a.Data)
		if err != nil {
			return out, err
		}
		b := &events.LaunchLabPool{
			PoolState: a.Pubkey, Epoch: p.Epoch, AuthBump: p.AuthBump, Status: p.Status,
			BaseDecimals: p.BaseDecimals, QuoteDecimals: p.QuoteDecimals, MigrateType: p.MigrateType,
			Supply: p.Supply, TotalBaseSell: p.TotalBaseSell, VirtualBase: p.VirtualBase, VirtualQuote: p.VirtualQuote,
			RealBase: p.RealBase, RealQuote: p.RealQuote, TotalQuoteFundRaising: p.TotalQuoteFundRaising,
			QuoteProtocolFee: p.QuoteProtocolFee, PlatformFee: p.PlatformFee, MigrateFee: p.MigrateFee,
			TotalLockedAmount: p.TotalLockedAmount, CliffPeriod: p.CliffPeriod, UnlockPeriod: p.UnlockPeriod,
			StartTime: p.StartTime, AllocatedShareAmount: p.AllocatedShareAmount,
			GlobalConfig: p.GlobalConfig, PlatformConfig: p.PlatformConfig, BaseMint: p.BaseMint,
			QuoteMint: p.QuoteMint, BaseVault: p.BaseVault, QuoteVault: p.QuoteVault, Creator: p.Creator,
			TokenProgramFlag: p.TokenProgramFlag, AmmCreatorFeeOn: p.AmmCreatorFeeOn,
			PlatformVestingShare: p.PlatformVestingShare,
		}
		b.Price, b.PriceSOL = Prices(p.QuoteMint, p.VirtualBase, p.VirtualQuote, p.RealBase, p.RealQuote, p.BaseDecimals, p.QuoteDecimals)
		b.Progress = Progress(p.RealBase, p.TotalBaseSell)
		return append(out, events.Event{Body: b}), nil
	case discGlobalConfig:
		if _, err := DecodeGlobalConfig(a.Data); err != nil {
			return out, err
		}
		return out, nil
	case discPlatformConfig, discVestingRecord, discPlatformGlobalAccess:
		return out, nil
	}
	return out, chain.Unknown(events.LaunchLab, "account", a.Data, 8)
}
