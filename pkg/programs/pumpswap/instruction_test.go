package pumpswap

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/anchor"
	"github.com/geyserjet/geyserjet/pkg/borsh"
	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/events"
)

// txWith builds a transaction holding one PumpSwap instruction with data ixData and the given
// accounts (positions as in the IDL), invoked by parent when parent is not zero, and one child
// per event: a self-CPI with the event's bytes. With asLogs the events are "Program data:" log
// lines instead.
func txWith(parent solana.PublicKey, ixData []byte, accts []solana.PublicKey, evs [][]byte, asLogs bool) *chain.Tx {
	tx := &chain.Tx{LogsComplete: true}
	tx.Accounts = append(tx.Accounts, ProgramID, parent)
	depth, par := 1, -1
	if !parent.IsZero() {
		tx.Instructions = append(tx.Instructions, chain.Instruction{Path: events.Top(0), Depth: 1, Parent: -1, ProgramID: parent})
		tx.Logs = append(tx.Logs, "Program "+parent.String()+" invoke [1]")
		depth, par = 2, 0
	}
	idx := make([]byte, len(accts))
	for n, a := range accts {
		idx[n] = byte(len(tx.Accounts))
		tx.Accounts = append(tx.Accounts, a)
	}
	me := len(tx.Instructions)
	path := events.Top(0)
	if par >= 0 {
		path = events.Path{Outer: 0, Inner: 0}
	}
	tx.Instructions = append(tx.Instructions, chain.Instruction{Path: path, Depth: depth, Parent: par, ProgramID: ProgramID, Accounts: idx, Data: ixData})
	tx.Logs = append(tx.Logs, "Program "+ProgramID.String()+" invoke ["+string(rune('0'+depth))+"]")
	for k, e := range evs {
		if asLogs {
			tx.Logs = append(tx.Logs, "Program data: "+base64.StdEncoding.EncodeToString(e))
			continue
		}
		data := append(append([]byte(nil), anchor.EventTag[:]...), e...)
		p := events.Path{Outer: 0, Inner: k}
		if par >= 0 {
			p.Inner = k + 1
		}
		tx.Instructions = append(tx.Instructions, chain.Instruction{Path: p, Depth: depth + 1, Parent: me, ProgramID: ProgramID, Data: data})
		tx.Logs = append(tx.Logs, "Program "+ProgramID.String()+" invoke ["+string(rune('1'+depth))+"]", "Program "+ProgramID.String()+" success")
	}
	tx.Logs = append(tx.Logs, "Program "+ProgramID.String()+" success")
	if par >= 0 {
		tx.Logs = append(tx.Logs, "Program "+parent.String()+" success")
	}
	return tx
}

// tradeAccounts returns buy/sell accounts matching ev's pool and user.
func tradeAccounts(ev *events.PumpSwapTrade) []solana.PublicKey {
	a := make([]solana.PublicKey, 23)
	for n := range a {
		a[n] = solana.PublicKey{byte(n + 1), 0xee}
	}
	a[0], a[1], a[3], a[4] = ev.Pool, ev.User, pk("2fWkVf417bfxEgUemymkYNagXVitnmNxvq7dhUwnpump"), WSOL
	return a
}

func ixOf(disc [8]byte) []byte { return append(disc[:], make([]byte, 16)...) }

func TestDecodeInstructionTrade(t *testing.T) {
	buyEv := sampleNamed(t, "buyevent_400_pumpswap_buy_2zNeSn8c")
	sellEv := sampleNamed(t, "sellevent_409_2026")
	buy, _ := DecodeBuyEvent(buyEv[8:])
	sell, _ := DecodeSellEvent(sellEv[8:])
	corrupt := append([]byte(nil), buyEv[:8+200]...)
	wrongPool := append([]byte(nil), buyEv...)
	wrongPool[8+112] ^= 1
	tests := []struct {
		name    string
		tx      *chain.Tx
		isBuy   bool
		instr   string
		n       int
		err     error
		errText string
	}{
		{"buy self-CPI", txWith(solana.PublicKey{}, ixOf(ixBuy), tradeAccounts(&buy), [][]byte{buyEv}, false), true, "buy", 1, nil, ""},
		{"buy log only", txWith(solana.PublicKey{}, ixOf(ixBuy), tradeAccounts(&buy), [][]byte{buyEv}, true), true, "buy", 1, nil, ""},
		{"buy via router", txWith(pk("6m2CDdhRgxpH4WjvdzxAYbGxwdGUz5MziiL5jek2kBma"), ixOf(ixBuy), tradeAccounts(&buy), [][]byte{buyEv}, false), true, "buy", 1, nil, ""},
		{"buy_exact_quote_in", txWith(solana.PublicKey{}, ixOf(ixBuyExactQuoteIn), tradeAccounts(&buy), [][]byte{buyEv}, false), true, "buy_exact_quote_in", 1, nil, ""},
		{"sell", txWith(solana.PublicKey{}, ixOf(ixSell), tradeAccounts(&sell), [][]byte{sellEv}, false), false, "sell", 1, nil, ""},
		{"unknown event ignored", txWith(solana.PublicKey{}, ixOf(ixBuy), tradeAccounts(&buy), [][]byte{{1, 2, 3, 4, 5, 6, 7, 8, 9}, {1}, buyEv}, false), true, "buy", 1, nil, ""},
		{"no event", txWith(solana.PublicKey{}, ixOf(ixBuy), tradeAccounts(&buy), nil, false), true, "", 0, ErrNoEvent, "pumpswap: buy: no BuyEvent or SellEvent emitted"},
		{"sell emitting a BuyEvent", txWith(solana.PublicKey{}, ixOf(ixSell), tradeAccounts(&buy), [][]byte{buyEv}, false), false, "", 0, ErrMismatch, "sell: emitted a BuyEvent"},
		{"event for another pool", txWith(solana.PublicKey{}, ixOf(ixBuy), tradeAccounts(&buy), [][]byte{wrongPool}, false), true, "", 0, ErrMismatch, "event pool"},
		{"corrupt event", txWith(solana.PublicKey{}, ixOf(ixBuy), tradeAccounts(&buy), [][]byte{corrupt}, false), true, "", 0, borsh.ErrShortData, "buy: pumpswap: decode BuyEvent: user_base_token_account at offset 176: need 32 bytes, have 24"},
		{"too few accounts", txWith(solana.PublicKey{}, ixOf(ixBuy), tradeAccounts(&buy)[:3], [][]byte{buyEv}, false), true, "", 0, chain.ErrMalformed, "account 3 (base_mint) missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := len(tt.tx.Instructions) - 1
			for tt.tx.Instructions[i].Parent >= 0 && tt.tx.Instructions[tt.tx.Instructions[i].Parent].ProgramID == ProgramID {
				i = tt.tx.Instructions[i].Parent
			}
			out, err := DecodeInstruction(tt.tx, i, nil)
			if tt.err != nil {
				if !errors.Is(err, tt.err) || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("DecodeInstruction(%s) error = %v, want %v containing %q", tt.name, err, tt.err, tt.errText)
				}
				return
			}
			if err != nil || len(out) != tt.n {
				t.Fatalf("DecodeInstruction(%s) = %d events, %v", tt.name, len(out), err)
			}
			b := out[0].Body.(*events.PumpSwapTrade)
			if b.IsBuy != tt.isBuy || b.Instruction != tt.instr || b.BaseMint != pk("2fWkVf417bfxEgUemymkYNagXVitnmNxvq7dhUwnpump") ||
				b.QuoteMint != WSOL || out[0].Path != tt.tx.Instructions[i].Path || b.Key() != b.BaseMint {
				t.Errorf("DecodeInstruction(%s) = %+v", tt.name, b)
			}
			// No token balances: default decimals.
			if b.BaseDecimals != DefaultBaseDecimals || b.QuoteDecimals != DefaultQuoteDecimals || b.PriceSOL == 0 || b.PriceSOL != b.PriceQuote {
				t.Errorf("decimals/price = %d/%d %v/%v", b.BaseDecimals, b.QuoteDecimals, b.PriceSOL, b.PriceQuote)
			}
		})
	}
}

func TestDecodeInstructionOthers(t *testing.T) {
	createEv := sampleNamed(t, "createpoolevent_326_2026")
	c, _ := DecodeCreatePoolEvent(createEv[8:])
	createAccts := make([]solana.PublicKey, 18)
	for n := range createAccts {
		createAccts[n] = solana.PublicKey{byte(n + 1), 0xcc}
	}
	createAccts[0], createAccts[3], createAccts[4], createAccts[5] = c.Pool, c.BaseMint, c.QuoteMint, c.LPMint
	createIx := append(append([]byte(nil), ixCreatePool[:]...), make([]byte, 52)...) // 60 bytes
	createIx[59] = 1

	depEv := sampleNamed(t, "depositevent_248_2026")
	d, _ := DecodeDepositEvent(depEv[8:])
	wdEv := sampleNamed(t, "withdrawevent_248_2026")
	w, _ := DecodeWithdrawEvent(wdEv[8:])
	liqAccts := func(pool, user solana.PublicKey) []solana.PublicKey {
		a := make([]solana.PublicKey, 15)
		for n := range a {
			a[n] = solana.PublicKey{byte(n + 1), 0xdd}
		}
		a[0], a[2] = pool, user
		return a
	}

	t.Run("create_pool under pump.fun migrate", func(t *testing.T) {
		tx := txWith(pumpfunProgramID, createIx, createAccts, [][]byte{createEv}, false)
		out, err := DecodeInstruction(tx, 1, nil)
		if err != nil || len(out) != 1 {
			t.Fatalf("DecodeInstruction = %d, %v", len(out), err)
		}
		b := out[0].Body.(*events.PumpSwapPoolCreate)
		if !b.PumpfunMigration || !b.IsCashbackCoin || b.Key() != c.Pool || b.PriceSOL == 0 {
			t.Errorf("pool_create = %+v", b)
		}
		// Initial price: 100761977 lamports for 206.9e6 tokens of 6 decimals.
		if want := 100761977.0 / 1e9 / (206900000000000.0 / 1e6); b.PriceSOL < want*0.999999 || b.PriceSOL > want*1.000001 {
			t.Errorf("price_sol = %v, want %v", b.PriceSOL, want)
		}
	})
	t.Run("create_pool top level", func(t *testing.T) {
		out, err := DecodeInstruction(txWith(solana.PublicKey{}, createIx[:58], createAccts, [][]byte{createEv}, true), 0, nil)
		if err != nil || len(out) != 1 || out[0].Body.(*events.PumpSwapPoolCreate).PumpfunMigration || out[0].Body.(*events.PumpSwapPoolCreate).IsCashbackCoin {
			t.Fatalf("DecodeInstruction = %+v, %v", out, err)
		}
	})
	t.Run("create_pool without event", func(t *testing.T) {
		_, err := DecodeInstruction(txWith(solana.PublicKey{}, createIx, createAccts, nil, false), 0, nil)
		if !errors.Is(err, ErrNoEvent) || !strings.Contains(err.Error(), "CreatePoolEvent") {
			t.Errorf("error = %v", err)
		}
	})
	t.Run("deposit", func(t *testing.T) {
		out, err := DecodeInstruction(txWith(solana.PublicKey{}, ixOf(ixDeposit), liqAccts(d.Pool, d.User), [][]byte{depEv}, false), 0, nil)
		if err != nil || len(out) != 1 {
			t.Fatalf("DecodeInstruction = %d, %v", len(out), err)
		}
		b := out[0].Body.(*events.PumpSwapDeposit)
		if b.BaseAmountIn != 10008857 || b.BaseMint != (solana.PublicKey{4, 0xdd}) || b.LPMint != (solana.PublicKey{6, 0xdd}) || b.Kind() != events.Deposit {
			t.Errorf("deposit = %+v", b)
		}
	})
	t.Run("withdraw", func(t *testing.T) {
		out, err := DecodeInstruction(txWith(solana.PublicKey{}, ixOf(ixWithdraw), liqAccts(w.Pool, w.User), [][]byte{wdEv}, false), 0, nil)
		if err != nil || len(out) != 1 || out[0].Body.(*events.PumpSwapWithdraw).BaseAmountOut != 103113808011 {
			t.Fatalf("DecodeInstruction = %+v, %v", out, err)
		}
	})
	t.Run("withdraw with a DepositEvent", func(t *testing.T) {
		_, err := DecodeInstruction(txWith(solana.PublicKey{}, ixOf(ixWithdraw), liqAccts(d.Pool, d.User), [][]byte{depEv}, false), 0, nil)
		if !errors.Is(err, ErrNoEvent) {
			t.Errorf("error = %v", err)
		}
	})
	t.Run("deposit for another user", func(t *testing.T) {
		_, err := DecodeInstruction(txWith(solana.PublicKey{}, ixOf(ixDeposit), liqAccts(d.Pool, w.User), [][]byte{depEv}, false), 0, nil)
		if !errors.Is(err, ErrMismatch) {
			t.Errorf("error = %v", err)
		}
	})
	for _, data := range [][]byte{nil, {1, 2, 3}, {0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0, 9}} {
		_, err := DecodeInstruction(txWith(solana.PublicKey{}, data, nil, nil, false), 0, nil)
		var u *chain.UnknownError
		if !errors.As(err, &u) || u.Program != events.PumpSwap || u.What != "instruction" {
			t.Errorf("DecodeInstruction(% x) error = %v, want unknown instruction", data, err)
		}
	}
	failed := txWith(solana.PublicKey{}, ixOf(ixBuy), nil, nil, false)
	failed.Failed = true
	if out, err := DecodeInstruction(failed, 0, nil); err != nil || len(out) != 0 {
		t.Errorf("DecodeInstruction(failed tx) = %d, %v", len(out), err)
	}
}

func TestDecodeAccount(t *testing.T) {
	addr := pk("HskDSyGaQ7r2BnryHdCKP85BhKhJe5hgY1Pi65chYbXN")
	a := &chain.Account{Pubkey: addr, Owner: ProgramID, Data: sampleNamed(t, "pool_301_2026_HskDSyGa")}
	out, err := DecodeAccount(a, nil)
	if err != nil || len(out) != 1 {
		t.Fatalf("DecodeAccount(pool) = %d, %v", len(out), err)
	}
	if b := out[0].Body.(*events.PumpSwapPool); b.Pool != addr || b.Key() != addr || b.DataLen != 301 {
		t.Errorf("pool body = %+v", b)
	}
	a.Data = sampleNamed(t, "globalconfig_313_lukks")
	if out, err := DecodeAccount(a, nil); err != nil || len(out) != 0 {
		t.Errorf("DecodeAccount(global config) = %d, %v", len(out), err)
	}
	for _, data := range [][]byte{nil, {1}, sampleNamed(t, "buyevent_304_lukks")} {
		a.Data = data
		if _, err := DecodeAccount(a, nil); !errors.Is(err, chain.ErrUnknownDiscriminator) {
			t.Errorf("DecodeAccount(% x…) error = %v", data[:min(len(data), 8)], err)
		}
	}
	a.Data = sampleNamed(t, "pool_211_lukks")[:100]
	if _, err := DecodeAccount(a, nil); !errors.Is(err, borsh.ErrShortData) || !strings.Contains(err.Error(), "pumpswap: decode Pool: quote_mint at offset 75") {
		t.Errorf("DecodeAccount(short pool) error = %v", err)
	}
}
