package pumpswap

import (
	"errors"
	"fmt"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/anchor"
	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/events"
)

// ProgramID is the program's mainnet address.
var ProgramID = solana.MustPublicKeyFromBase58("pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA")

// pumpfunProgramID invokes create_pool when a bonding curve migrates.
var pumpfunProgramID = solana.MustPublicKeyFromBase58("6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P")

// Instruction discriminators (sha256("global:<name>")[:8]). buy, sell, deposit and withdraw are
// the same bytes as pump.fun's and Raydium CPMM's: the driver routes by program id.
var (
	ixCreatePool        = [8]byte{0xe9, 0x92, 0xd1, 0x8e, 0xcf, 0x68, 0x40, 0xbc}
	ixBuy               = [8]byte{0x66, 0x06, 0x3d, 0x12, 0x01, 0xda, 0xeb, 0xea}
	ixBuyExactQuoteIn   = [8]byte{0xc6, 0x2e, 0x15, 0x52, 0xb4, 0xd9, 0xe8, 0x70}
	ixSell              = [8]byte{0x33, 0xe6, 0x85, 0xa4, 0x01, 0x7f, 0x83, 0xad}
	ixDeposit           = [8]byte{0xf2, 0x23, 0xc6, 0x89, 0x52, 0xe1, 0xf2, 0xb6}
	ixWithdraw          = [8]byte{0xb7, 0x12, 0x46, 0x9c, 0x94, 0x6d, 0xa1, 0x22}
	evBuy               = [8]byte{0x67, 0xf4, 0x52, 0x1f, 0x2c, 0xf5, 0x77, 0x77}
	evSell              = [8]byte{0x3e, 0x2f, 0x37, 0x0a, 0xa5, 0x03, 0xdc, 0x2a}
	evCreatePool        = [8]byte{0xb1, 0x31, 0x0c, 0xd2, 0xa0, 0x76, 0xa7, 0x74}
	evDeposit           = [8]byte{0x78, 0xf8, 0x3d, 0x53, 0x1f, 0x8e, 0x6b, 0x90}
	evWithdraw          = [8]byte{0x16, 0x09, 0x85, 0x1a, 0xa0, 0x2c, 0x47, 0xc0}
	accountPool         = [8]byte{0xf1, 0x9a, 0x6d, 0x04, 0x11, 0xb1, 0x6d, 0xbc}
	accountGlobalConfig = [8]byte{0x95, 0x08, 0x9c, 0xca, 0xa0, 0xfc, 0xb0, 0xd9}
)

// ErrNoEvent means an instruction that always emits an event (buy, sell, create_pool, deposit,
// withdraw) has none in the transaction: neither a self-CPI nor a "Program data:" log line, as
// when a provider truncated the logs of a transaction without inner instructions.
var ErrNoEvent = errors.New("no event")

// ErrMismatch means an event disagrees with its instruction's accounts (another pool or user):
// the layout read is not the one the program wrote.
var ErrMismatch = errors.New("event does not match instruction")

// Instruction names as they appear in events' "instruction".
const (
	nameBuy             = "buy"
	nameBuyExactQuoteIn = "buy_exact_quote_in"
	nameSell            = "sell"
)

// DecodeInstruction appends the events of instruction i of tx, an instruction of this program, to
// out: a trade for buy, buy_exact_quote_in and sell, a pool_create for create_pool (also when
// pump.fun's migration invokes it), a deposit or a withdraw. Amounts come from the events the
// instruction emitted. Other instructions return a *chain.UnknownError (counted, not a failure);
// an instruction without its event an error wrapping ErrNoEvent; an event disagreeing with the
// accounts one wrapping ErrMismatch; corrupt data one wrapping borsh.ErrShortData or
// borsh.ErrInvalid. A failed transaction's instructions yield nothing and no error.
func DecodeInstruction(tx *chain.Tx, i int, out []events.Event) ([]events.Event, error) {
	ix := &tx.Instructions[i]
	if len(ix.Data) < 8 {
		return out, chain.Unknown(events.PumpSwap, "instruction", ix.Data, 8)
	}
	if tx.Failed {
		return out, nil
	}
	switch [8]byte(ix.Data[:8]) {
	case ixBuy:
		return decodeTrade(tx, i, out, nameBuy)
	case ixBuyExactQuoteIn:
		return decodeTrade(tx, i, out, nameBuyExactQuoteIn)
	case ixSell:
		return decodeTrade(tx, i, out, nameSell)
	case ixCreatePool:
		return decodeCreatePool(tx, i, out)
	case ixDeposit:
		return decodeLiquidityIx(tx, i, out, true)
	case ixWithdraw:
		return decodeLiquidityIx(tx, i, out, false)
	default:
		return out, chain.Unknown(events.PumpSwap, "instruction", ix.Data, 8)
	}
}

// account returns instruction i's n-th account or an error naming it.
func account(tx *chain.Tx, i, n int, ixName, field string) (solana.PublicKey, error) {
	k, ok := tx.Account(i, n)
	if !ok {
		return k, fmt.Errorf("pumpswap: %s: account %d (%s) missing, instruction has %d: %w",
			ixName, n, field, len(tx.Instructions[i].Accounts), chain.ErrMalformed)
	}
	return k, nil
}

func decodeTrade(tx *chain.Tx, i int, out []events.Event, name string) ([]events.Event, error) {
	pool, err := account(tx, i, 0, name, "pool")
	if err != nil {
		return out, err
	}
	user, err := account(tx, i, 1, name, "user")
	if err != nil {
		return out, err
	}
	baseMint, err := account(tx, i, 3, name, "base_mint")
	if err != nil {
		return out, err
	}
	quoteMint, err := account(tx, i, 4, name, "quote_mint")
	if err != nil {
		return out, err
	}
	isBuy := name != nameSell
	found := false
	for ev := range anchor.Events(tx, i) {
		if len(ev.Data) < 8 {
			continue
		}
		var t events.PumpSwapTrade
		switch [8]byte(ev.Data[:8]) {
		case evBuy:
			if !isBuy {
				return out, fmt.Errorf("pumpswap: %s: emitted a BuyEvent: %w", name, ErrMismatch)
			}
			t, err = DecodeBuyEvent(ev.Data[8:])
		case evSell:
			if isBuy {
				return out, fmt.Errorf("pumpswap: %s: emitted a SellEvent: %w", name, ErrMismatch)
			}
			t, err = DecodeSellEvent(ev.Data[8:])
		default:
			continue // another event; none is known to accompany a trade
		}
		if err != nil {
			return out, fmt.Errorf("%s: %w", name, err)
		}
		if t.Pool != pool || t.User != user {
			return out, fmt.Errorf("pumpswap: %s: event pool %s user %s, instruction pool %s user %s: %w",
				name, t.Pool, t.User, pool, user, ErrMismatch)
		}
		found = true
		t.BaseMint, t.QuoteMint, t.Instruction = baseMint, quoteMint, name
		t.BaseDecimals = decimalsOf(tx, i, 7, 5, DefaultBaseDecimals)
		t.QuoteDecimals = decimalsOf(tx, i, 8, 6, DefaultQuoteDecimals)
		derivePrices(&t)
		b := new(events.PumpSwapTrade)
		*b = t
		out = append(out, events.Event{Path: tx.Instructions[i].Path, Body: b})
	}
	if !found {
		return out, noEvent(tx, name, "BuyEvent or SellEvent")
	}
	return out, nil
}

func noEvent(tx *chain.Tx, name, want string) error {
	return fmt.Errorf("pumpswap: %s: no %s emitted (logs complete: %t): %w", name, want, tx.LogsComplete, ErrNoEvent)
}

func decodeCreatePool(tx *chain.Tx, i int, out []events.Event) ([]events.Event, error) {
	const name = "create_pool"
	pool, err := account(tx, i, 0, name, "pool")
	if err != nil {
		return out, err
	}
	lpMint, err := account(tx, i, 5, name, "lp_mint")
	if err != nil {
		return out, err
	}
	found := false
	for ev := range anchor.Events(tx, i) {
		if len(ev.Data) < 8 || [8]byte(ev.Data[:8]) != evCreatePool {
			continue
		}
		c, err := DecodeCreatePoolEvent(ev.Data[8:])
		if err != nil {
			return out, fmt.Errorf("%s: %w", name, err)
		}
		if c.Pool != pool || c.LPMint != lpMint {
			return out, fmt.Errorf("pumpswap: %s: event pool %s lp_mint %s, instruction pool %s lp_mint %s: %w",
				name, c.Pool, c.LPMint, pool, lpMint, ErrMismatch)
		}
		found = true
		// create_pool args: 26 coin_creator, 58 is_mayhem_mode, 59 is_cashback_coin (OptionBool,
		// a one-byte struct around a bool).
		if d := tx.Instructions[i].Data; len(d) >= 60 {
			c.IsCashbackCoin = d[59] == 1
		}
		if p := tx.Instructions[i].Parent; p >= 0 && tx.Instructions[p].ProgramID == pumpfunProgramID {
			c.PumpfunMigration = true
		}
		derivePoolCreatePrices(&c)
		b := new(events.PumpSwapPoolCreate)
		*b = c
		out = append(out, events.Event{Path: tx.Instructions[i].Path, Body: b})
	}
	if !found {
		return out, noEvent(tx, name, "CreatePoolEvent")
	}
	return out, nil
}

func decodeLiquidityIx(tx *chain.Tx, i int, out []events.Event, deposit bool) ([]events.Event, error) {
	name, want, disc := "withdraw", "WithdrawEvent", evWithdraw
	if deposit {
		name, want, disc = "deposit", "DepositEvent", evDeposit
	}
	var keys [6]solana.PublicKey // pool, global_config, user, base_mint, quote_mint, lp_mint
	for n, field := range [6]string{"pool", "global_config", "user", "base_mint", "quote_mint", "lp_mint"} {
		k, err := account(tx, i, n, name, field)
		if err != nil {
			return out, err
		}
		keys[n] = k
	}
	found := false
	for ev := range anchor.Events(tx, i) {
		if len(ev.Data) < 8 || [8]byte(ev.Data[:8]) != disc {
			continue
		}
		var body events.Body
		var l *events.PumpSwapLiquidity
		if deposit {
			d, err := DecodeDepositEvent(ev.Data[8:])
			if err != nil {
				return out, fmt.Errorf("%s: %w", name, err)
			}
			b := &d
			body, l = b, &b.PumpSwapLiquidity
		} else {
			w, err := DecodeWithdrawEvent(ev.Data[8:])
			if err != nil {
				return out, fmt.Errorf("%s: %w", name, err)
			}
			b := &w
			body, l = b, &b.PumpSwapLiquidity
		}
		if l.Pool != keys[0] || l.User != keys[2] {
			return out, fmt.Errorf("pumpswap: %s: event pool %s user %s, instruction pool %s user %s: %w",
				name, l.Pool, l.User, keys[0], keys[2], ErrMismatch)
		}
		found = true
		l.BaseMint, l.QuoteMint, l.LPMint = keys[3], keys[4], keys[5]
		out = append(out, events.Event{Path: tx.Instructions[i].Path, Body: body})
	}
	if !found {
		return out, noEvent(tx, name, want)
	}
	return out, nil
}

// DecodeAccount appends the event of an account owned by this program to out: a pool event for
// a Pool account. A GlobalConfig account is decoded (to catch corruption) but yields no event.
// Other accounts return a *chain.UnknownError; corrupt ones an error wrapping borsh.ErrShortData
// or borsh.ErrInvalid.
func DecodeAccount(a *chain.Account, out []events.Event) ([]events.Event, error) {
	if len(a.Data) < 8 {
		return out, chain.Unknown(events.PumpSwap, "account", a.Data, 8)
	}
	switch [8]byte(a.Data[:8]) {
	case accountPool:
		p, err := DecodePool(a.Data)
		if err != nil {
			return out, err
		}
		p.Pool = a.Pubkey
		b := new(events.PumpSwapPool)
		*b = p
		return append(out, events.Event{Body: b}), nil
	case accountGlobalConfig:
		_, err := DecodeGlobalConfig(a.Data)
		return out, err
	default:
		return out, chain.Unknown(events.PumpSwap, "account", a.Data, 8)
	}
}
