package pumpfun

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/geyserjet/geyserjet/pkg/anchor"
	"github.com/geyserjet/geyserjet/pkg/borsh"
	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/events"
)

// realBuyData is the data of the top-level buy of mainnet transaction 2ghHZXwy…: 2,878,556,000,000
// tokens for at most 195,000,000 lamports.
var realBuyData = []byte{0x66, 0x06, 0x3d, 0x12, 0x01, 0xda, 0xeb, 0xea, 0x00, 0xcf, 0x4e, 0x37, 0x9e, 0x02, 0x00, 0x00,
	0xc0, 0x76, 0x9f, 0x0b, 0x00, 0x00, 0x00, 0x00}

// testTx returns a transaction whose instruction 0 is a pump.fun instruction with data ixData
// and 27 accounts (key(k+1) at position k), emitting evs as self-CPIs (cpi) or log lines.
func testTx(ixData []byte, cpi bool, evs ...[]byte) *chain.Tx {
	tx := &chain.Tx{LogsComplete: true}
	for k := 0; k < 27; k++ {
		tx.Accounts = append(tx.Accounts, key(byte(k+1)))
	}
	tx.Accounts = append(tx.Accounts, ProgramID)
	accts := make([]byte, 27)
	for k := range accts {
		accts[k] = byte(k)
	}
	tx.Instructions = append(tx.Instructions, chain.Instruction{Path: events.Top(0), Depth: 1, Parent: -1,
		ProgramID: ProgramID, Accounts: accts, Data: ixData})
	tx.Logs = append(tx.Logs, "Program "+ProgramID.String()+" invoke [1]")
	for j, ev := range evs {
		if cpi {
			tx.Instructions = append(tx.Instructions, chain.Instruction{Path: events.Path{Outer: 0, Inner: j}, Depth: 2, Parent: 0,
				ProgramID: ProgramID, Accounts: []byte{27}, Data: append(append([]byte{}, anchor.EventTag[:]...), ev...)})
		} else {
			tx.Logs = append(tx.Logs, "Program data: "+base64.StdEncoding.EncodeToString(ev))
		}
	}
	tx.Logs = append(tx.Logs, "Program "+ProgramID.String()+" success")
	return tx
}

func withDisc(d [8]byte, body []byte) []byte { return append(d[:len(d):len(d)], body...) }

func TestDecodeInstruction(t *testing.T) {
	trade := withDisc(evTrade, bodyOfLen(t, evTrade, 363))
	var cb w
	cb.key(1).key(3).key(4).u64(1_700_000_004)
	complete := withDisc(evComplete, cb.b)
	extend := withDisc(evExtendAccount, make([]byte, 88))
	unknownEv := []byte{1, 2, 3, 4, 5, 6, 7, 8, 9}
	var create w
	create.str("Name").str("SYM").str("https://x").key(9)
	createData := withDisc(ixCreate, create.b)

	tests := []struct {
		name      string
		tx        *chain.Tx
		wantKinds string // the kinds appended, space-separated
		wantErr   error
		errText   string
	}{
		{name: "buy self-CPI", tx: testTx(realBuyData, true, trade), wantKinds: "trade"},
		{name: "buy log", tx: testTx(realBuyData, false, trade), wantKinds: "trade"},
		{name: "buy completing", tx: testTx(realBuyData, true, trade, complete), wantKinds: "trade complete"},
		{name: "known other event skipped", tx: testTx(realBuyData, true, extend, trade), wantKinds: "trade"},
		{name: "unknown event counted, trade kept", tx: testTx(realBuyData, true, unknownEv, trade), wantKinds: "trade",
			wantErr: chain.ErrUnknownDiscriminator, errText: "event"},
		{name: "corrupt event", tx: testTx(realBuyData, true, trade[:120]), wantErr: borsh.ErrShortData,
			errText: "pumpfun: buy: decode TradeEvent: real_sol_reserves at offset 105"},
		{name: "short event", tx: testTx(realBuyData, true, []byte{1, 2}), wantErr: chain.ErrUnknownDiscriminator},
		{name: "no events", tx: testTx(realBuyData, true), wantErr: ErrNoEvents, errText: "pumpfun: buy: no events"},
		{name: "extend_account", tx: testTx(withDisc(ixExtendAccount, nil), true, extend)},
		{name: "admin", tx: testTx(withDisc(ixSetParams, make([]byte, 40)), true)},
		{name: "unknown instruction", tx: testTx([]byte{9, 9, 9, 9, 9, 9, 9, 9, 1}, true), wantErr: chain.ErrUnknownDiscriminator, errText: "instruction"},
		{name: "short instruction", tx: testTx([]byte{0x66}, true), wantErr: chain.ErrUnknownDiscriminator},
		{name: "create from args when failed", tx: failed(testTx(createData, true)), wantKinds: "create"},
		{name: "buy from args when failed", tx: failed(testTx(realBuyData, true)), wantKinds: "trade"},
		{name: "migrate from args when failed", tx: failed(testTx(withDisc(ixMigrate, nil), true)), wantKinds: "migrate"},
		{name: "failed with events", tx: failed(testTx(realBuyData, true, trade)), wantKinds: "trade"},
		{name: "failed, corrupt args", tx: failed(testTx(realBuyData[:20], true)), wantErr: borsh.ErrShortData, errText: "pumpfun: buy: decode arguments: limit at offset 16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := DecodeInstruction(tt.tx, 0, nil)
			if tt.wantErr == nil && err != nil || tt.wantErr != nil && (!errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.errText)) {
				t.Fatalf("DecodeInstruction(%s) error = %v, want %v naming %q", tt.name, err, tt.wantErr, tt.errText)
			}
			var kinds []string
			for _, e := range out {
				kinds = append(kinds, string(e.Body.Kind()))
				if e.Path != events.Top(0) {
					t.Errorf("DecodeInstruction(%s) path = %v", tt.name, e.Path)
				}
			}
			if got := strings.Join(kinds, " "); got != tt.wantKinds {
				t.Fatalf("DecodeInstruction(%s) kinds = %q, want %q", tt.name, got, tt.wantKinds)
			}
		})
	}

	// The bodies carry where they came from and what the instruction was.
	out, _ := DecodeInstruction(testTx(realBuyData, false, trade), 0, nil)
	if tr := out[0].Body.(*events.PumpfunTrade); tr.Instruction != "buy" || tr.Source != events.SourceLog || tr.IxName != "buy_exact_sol_in" || tr.Failed {
		t.Errorf("trade from log = %+v", tr)
	}
	out, _ = DecodeInstruction(failed(testTx(realBuyData, true)), 0, nil)
	if tr := out[0].Body.(*events.PumpfunTrade); tr.Source != events.SourceInstruction || !tr.Failed || !tr.IsBuy ||
		tr.TokenAmount != 2_878_556_000_000 || tr.SolAmount != 195_000_000 || tr.Mint != key(3) || tr.User != key(7) {
		t.Errorf("trade from arguments = %+v", tr)
	}
	out, _ = DecodeInstruction(failed(testTx(createData, true)), 0, nil)
	if c := out[0].Body.(*events.PumpfunCreate); c.Name != "Name" || c.Symbol != "SYM" || c.URI != "https://x" || c.Creator != key(9) ||
		c.Mint != key(1) || c.BondingCurve != key(3) || c.User != key(8) || c.TokenProgram != key(10) || !c.Failed {
		t.Errorf("create from arguments = %+v", c)
	}
}

func failed(tx *chain.Tx) *chain.Tx { tx.Failed = true; return tx }

func TestDecodeAccount(t *testing.T) {
	curve := mainnetAccounts(t)["pumpfun_account-bondingcurve_slot435946373.json"]
	global, _ := globalData(1088)
	for _, tt := range []struct {
		name     string
		data     []byte
		wantKind events.Kind
		wantErr  error
	}{
		{"bonding curve", curve, events.BondingCurve, nil},
		{"global", global, events.Global, nil},
		{"user volume accumulator", withDisc(acctUserVolumeAccumulator, make([]byte, 100)), "", nil},
		{"unknown", []byte{1, 2, 3, 4, 5, 6, 7, 8, 9}, "", chain.ErrUnknownDiscriminator},
		{"short", []byte{1}, "", chain.ErrUnknownDiscriminator},
		{"corrupt curve", curve[:30], "", borsh.ErrShortData},
	} {
		a := &chain.Account{Pubkey: key(42), Owner: ProgramID, Data: tt.data}
		out, err := DecodeAccount(a, nil)
		if !errors.Is(err, tt.wantErr) {
			t.Errorf("DecodeAccount(%s) error = %v, want %v", tt.name, err, tt.wantErr)
		}
		if tt.wantKind == "" {
			if len(out) != 0 {
				t.Errorf("DecodeAccount(%s) = %d events, want none", tt.name, len(out))
			}
			continue
		}
		if len(out) != 1 || out[0].Body.Kind() != tt.wantKind || out[0].Body.Key() != key(42) {
			t.Errorf("DecodeAccount(%s) = %+v, want one %s keyed by the account", tt.name, out, tt.wantKind)
		}
	}
}
