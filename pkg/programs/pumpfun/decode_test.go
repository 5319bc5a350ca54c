package pumpfun

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/anchor"
	"github.com/geyserjet/geyserjet/pkg/borsh"
	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/events"
)

// mainnetDir holds the mainnet fixtures; the unit tests read their "Program data:" lines and
// account data directly, so they run without the RPC JSON importer.
var mainnetDir = filepath.Join("..", "..", "testdata", "mainnet")

var (
	programData = regexp.MustCompile(`Program data: ([A-Za-z0-9+/=]+)`)
	accountData = regexp.MustCompile(`"data":\s*\[?\s*"([A-Za-z0-9+/=]+)"`)
)

// mainnetEvents returns every distinct pump.fun event payload (discriminator ‖ body) logged in
// the pumpfun_*.json fixtures, by discriminator.
func mainnetEvents(t testing.TB) map[[8]byte][][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(mainnetDir, "pumpfun_*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no pumpfun fixtures in %s: %v", mainnetDir, err)
	}
	seen := map[string]bool{}
	out := map[[8]byte][][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range programData.FindAllSubmatch(data, -1) {
			b, err := base64.StdEncoding.DecodeString(string(m[1]))
			if err != nil || len(b) < 8 || seen[string(b)] {
				continue
			}
			seen[string(b)] = true
			d := [8]byte(b[:8])
			out[d] = append(out[d], b)
		}
	}
	return out
}

// mainnetAccounts returns the data of the pumpfun_account-*.json fixtures.
func mainnetAccounts(t testing.TB) map[string][]byte {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(mainnetDir, "pumpfun_account-*.json"))
	out := map[string][]byte{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m := accountData.FindSubmatch(data)
		if m == nil {
			t.Fatalf("%s: no account data", f)
		}
		b, err := base64.StdEncoding.DecodeString(string(m[1]))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[filepath.Base(f)] = b
	}
	return out
}

// bodiesOfLen returns the mainnet bodies (after the discriminator) of event d with length n.
func bodyOfLen(t testing.TB, d [8]byte, n int) []byte {
	t.Helper()
	for _, b := range mainnetEvents(t)[d] {
		if len(b)-8 == n {
			return b[8:]
		}
	}
	t.Fatalf("no mainnet event %x with a %d-byte body", d, n)
	return nil
}

// w builds Borsh bodies by hand.
type w struct{ b []byte }

func (w *w) u64(v uint64) *w { w.b = binary.LittleEndian.AppendUint64(w.b, v); return w }
func (w *w) u16(v uint16) *w { w.b = binary.LittleEndian.AppendUint16(w.b, v); return w }
func (w *w) u8(v uint8) *w   { w.b = append(w.b, v); return w }
func (w *w) key(v byte) *w   { k := key(v); w.b = append(w.b, k[:]...); return w }
func (w *w) str(s string) *w {
	w.b = binary.LittleEndian.AppendUint32(w.b, uint32(len(s)))
	w.b = append(w.b, s...)
	return w
}

// key returns a public key whose 32 bytes are all v.
func key(v byte) solana.PublicKey {
	var k solana.PublicKey
	for i := range k {
		k[i] = v
	}
	return k
}

// tradeV returns a hand-built TradeEvent body of version v (1…8) with ix_name name and n
// shareholders, every field a distinct value, and the PumpfunTrade it must decode to.
func tradeV(v int, name string, n int) ([]byte, events.PumpfunTrade) {
	var b w
	t := events.PumpfunTrade{Mint: key(1), SolAmount: 2_000_000_000, TokenAmount: 3_000_000, IsBuy: true,
		User: key(4), Timestamp: 1_700_000_005, VirtualSolReserves: 40_000_000_006, VirtualTokenReserves: 900_000_000_000_007,
		RealSolReserves: 10_000_000_008, RealTokenReserves: 613_100_000_000_009, EventVersion: v}
	b.key(1).u64(t.SolAmount).u64(t.TokenAmount).u8(1).key(4).u64(uint64(t.Timestamp)).u64(t.VirtualSolReserves).
		u64(t.VirtualTokenReserves).u64(t.RealSolReserves).u64(t.RealTokenReserves)
	if v >= 2 {
		t.FeeRecipient, t.FeeBasisPoints, t.Fee, t.Creator, t.CreatorFeeBasisPoints, t.CreatorFee = key(11), 12, 13, key(14), 15, 16
		b.key(11).u64(12).u64(13).key(14).u64(15).u64(16)
	}
	if v >= 3 {
		t.TrackVolume, t.TotalUnclaimedTokens, t.TotalClaimedTokens, t.CurrentSolVolume, t.LastUpdateTimestamp = true, 18, 19, 20, 21
		b.u8(1).u64(18).u64(19).u64(20).u64(21)
	}
	if v >= 4 {
		t.IxName = name
		b.str(name)
	}
	if v >= 5 {
		t.MayhemMode = true
		b.u8(1)
	}
	if v >= 6 {
		t.CashbackFeeBasisPoints, t.Cashback = 23, 24
		b.u64(23).u64(24)
	}
	if v >= 7 {
		t.BuybackFeeBasisPoints, t.BuybackFee = 25, 26
		b.u64(25).u64(26)
		b.w32(uint32(n))
		t.Shareholders = []events.PumpfunShareholder{}
		for i := 0; i < n; i++ {
			t.Shareholders = append(t.Shareholders, events.PumpfunShareholder{Address: key(byte(50 + i)), ShareBps: uint16(100 + i)})
			b.key(byte(50 + i)).u16(uint16(100 + i))
		}
		t.QuoteMint, t.QuoteAmount, t.VirtualQuoteReserves, t.RealQuoteReserves = key(28), 29, 30, 31
		b.key(28).u64(29).u64(30).u64(31)
	}
	if v >= 8 {
		t.HolderRewardsBps, t.HolderRewards, t.CreatorFeeUnclaimed = 32, 33, 34
		b.u64(32).u64(33).u64(34)
	}
	t.EventLen = len(b.b)
	d := Derive(t.VirtualSolReserves, t.VirtualTokenReserves, t.RealTokenReserves, 0)
	t.Progress = d.Progress
	if v < 7 { // v7+ here has a non-SOL quote mint: no SOL price
		t.PriceSol, t.MarketCapSol = d.PriceSol, d.MarketCapSol
	}
	return b.b, t
}

func (w *w) w32(v uint32) *w { w.b = binary.LittleEndian.AppendUint32(w.b, v); return w }

func TestDiscriminators(t *testing.T) {
	tests := []struct {
		ns, name string
		got      [8]byte
	}{
		{"global", "create", ixCreate}, {"global", "create_v2", ixCreateV2}, {"global", "buy", ixBuy},
		{"global", "buy_exact_sol_in", ixBuyExactSolIn}, {"global", "sell", ixSell}, {"global", "buy_v2", ixBuyV2},
		{"global", "buy_exact_quote_in_v2", ixBuyExactQuoteInV2}, {"global", "sell_v2", ixSellV2},
		{"global", "buy_v3", ixBuyV3}, {"global", "sell_v3", ixSellV3}, {"global", "buy_exact_quote_in_v3", ixBuyExactQuoteInV3},
		{"global", "migrate", ixMigrate}, {"global", "migrate_v2", ixMigrateV2}, {"global", "extend_account", ixExtendAccount},
		{"global", "withdraw", ixWithdraw}, {"global", "multi_hop_curve_swap", ixMultiHopCurveSwap},
		{"event", "TradeEvent", evTrade}, {"event", "CreateEvent", evCreate}, {"event", "CompleteEvent", evComplete},
		{"event", "CompletePumpAmmMigrationEvent", evCompletePumpAmmMigration}, {"event", "ExtendAccountEvent", evExtendAccount},
		{"account", "BondingCurve", acctBondingCurve}, {"account", "Global", acctGlobal},
	}
	for _, tt := range tests {
		if want := anchor.Discriminator(tt.ns, tt.name); tt.got != want {
			t.Errorf("%s:%s = %x, want %x", tt.ns, tt.name, tt.got, want)
		}
	}
}

func TestDecodeTradeEvent(t *testing.T) {
	real7 := bodyOfLen(t, evTrade, 363) // buy_exact_sol_in 2026, ix_name of 16 bytes
	tests := []struct {
		name        string
		body        []byte
		wantVersion int
		wantUnknown int
		wantErr     error
		errText     string
	}{
		{name: "cut v1", body: real7[:121], wantVersion: 1},
		{name: "cut v2", body: real7[:217], wantVersion: 2},
		{name: "cut v3", body: real7[:250], wantVersion: 3},
		{name: "cut v4", body: real7[:270], wantVersion: 4},
		{name: "cut v5", body: real7[:271], wantVersion: 5},
		{name: "cut v6", body: real7[:287], wantVersion: 6},
		{name: "v7 + 24 is v8", body: append(append([]byte{}, real7...), make([]byte, 24)...), wantVersion: 8},
		{name: "v7 + 5 unknown", body: append(append([]byte{}, real7...), 1, 2, 3, 4, 5), wantVersion: 7, wantUnknown: 5},
		{name: "v7 + 30: v8 and 6 unknown", body: append(append([]byte{}, real7...), make([]byte, 30)...), wantVersion: 8, wantUnknown: 6},
		{name: "empty", body: nil, wantErr: borsh.ErrShortData, errText: "mint at offset 0"},
		{name: "cut in v1", body: real7[:100], wantErr: borsh.ErrShortData, errText: "virtual_token_reserves at offset 97"},
		{name: "cut in v2", body: real7[:200], wantErr: borsh.ErrShortData, errText: "creator at offset 169"},
		{name: "cut in v2 later", body: real7[:205], wantErr: borsh.ErrShortData, errText: "creator_fee_basis_points at offset 201"},
		{name: "cut in ix_name", body: real7[:255], wantErr: borsh.ErrShortData, errText: "ix_name at offset 250"},
		{name: "cut in v7", body: real7[:320], wantErr: borsh.ErrShortData, errText: "quote_mint at offset 307"},
		{name: "is_buy 2", body: patch(real7, 48, 2), wantErr: borsh.ErrInvalid, errText: "is_buy at offset 48: value 2"},
		{name: "track_volume 7", body: patch(real7, 217, 7), wantErr: borsh.ErrInvalid, errText: "track_volume at offset 217"},
		{name: "mayhem_mode 255", body: patch(real7, 270, 255), wantErr: borsh.ErrInvalid, errText: "mayhem_mode at offset 270"},
		{name: "ix_name too long", body: patch(real7, 253, 1), wantErr: borsh.ErrShortData, errText: "ix_name at offset 250"},
		{name: "shareholders too many", body: patch(real7, 303, 9), wantErr: borsh.ErrShortData, errText: "shareholders at offset 303"},
	}
	for _, b := range mainnetEvents(t)[evTrade] {
		v := map[int]int{121: 1, 217: 2, 250: 3, 350: 7, 363: 7}[len(b)-8]
		tests = append(tests, struct {
			name        string
			body        []byte
			wantVersion int
			wantUnknown int
			wantErr     error
			errText     string
		}{name: "mainnet " + strconv.Itoa(len(b)-8), body: b[8:], wantVersion: v})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeTradeEvent(tt.body)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.errText) || !strings.HasPrefix(err.Error(), "pumpfun: decode TradeEvent: ") {
					t.Fatalf("DecodeTradeEvent(%s) error = %v, want %v naming %q", tt.name, err, tt.wantErr, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatalf("DecodeTradeEvent(%s) = %v", tt.name, err)
			}
			if got.EventVersion != tt.wantVersion || got.UnknownBytes != tt.wantUnknown || got.EventLen != len(tt.body) {
				t.Errorf("DecodeTradeEvent(%s) version, unknown, len = %d, %d, %d, want %d, %d, %d", tt.name,
					got.EventVersion, got.UnknownBytes, got.EventLen, tt.wantVersion, tt.wantUnknown, len(tt.body))
			}
			// The default-parameter reserve identities hold on every real trade (PROGRAMS.md §2.4):
			// a wrong offset for any reserve breaks them.
			if got.VirtualTokenReserves-got.RealTokenReserves != 279_900_000_000_000 ||
				isSOL(got.QuoteMint) && got.VirtualSolReserves-got.RealSolReserves != 30_000_000_000 {
				t.Errorf("DecodeTradeEvent(%s) reserves vsr %d rsr %d vtr %d rtr %d break the identities", tt.name,
					got.VirtualSolReserves, got.RealSolReserves, got.VirtualTokenReserves, got.RealTokenReserves)
			}
			if got.Timestamp < 1_700_000_000 || got.Timestamp > 1_900_000_000 {
				t.Errorf("DecodeTradeEvent(%s) timestamp = %d", tt.name, got.Timestamp)
			}
			if got.EventVersion >= 4 && got.IxName != "buy" && got.IxName != "sell" && got.IxName != "buy_exact_sol_in" {
				t.Errorf("DecodeTradeEvent(%s) ix_name = %q", tt.name, got.IxName)
			}
			if !isSOL(got.QuoteMint) {
				if got.PriceSol != 0 || got.QuoteAmount == 0 || got.VirtualQuoteReserves <= got.RealQuoteReserves {
					t.Errorf("DecodeTradeEvent(%s) non-SOL quote: price %v, quote amount %d, reserves %d/%d", tt.name, got.PriceSol, got.QuoteAmount, got.VirtualQuoteReserves, got.RealQuoteReserves)
				}
				return
			}
			if got.EventVersion >= 7 && (got.QuoteAmount != got.SolAmount || got.VirtualQuoteReserves != got.VirtualSolReserves || got.RealQuoteReserves != got.RealSolReserves) {
				t.Errorf("DecodeTradeEvent(%s) SOL quote fields differ from the SOL fields: %+v", tt.name, got)
			}
			if got.EventVersion >= 2 && (got.Fee == 0 || got.Fee != ceilBps(got.SolAmount, got.FeeBasisPoints)) {
				t.Errorf("DecodeTradeEvent(%s) fee = %d, want ceil(%d × %d bps)", tt.name, got.Fee, got.SolAmount, got.FeeBasisPoints)
			}
		})
	}
}

func ceilBps(v, bps uint64) uint64 { return (v*bps + 9_999) / 10_000 }

// patch returns a copy of b with byte off set to v.
func patch(b []byte, off int, v byte) []byte {
	c := append([]byte{}, b...)
	c[off] = v
	return c
}

func TestDecodeTradeEventHandBuilt(t *testing.T) {
	for v := 1; v <= 8; v++ {
		for _, n := range []int{0, 2} {
			if n > 0 && v < 7 {
				continue
			}
			body, want := tradeV(v, "buy_exact_sol_in", n)
			got, err := DecodeTradeEvent(body)
			if err != nil {
				t.Fatalf("DecodeTradeEvent(v%d, %d shareholders) = %v", v, n, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("DecodeTradeEvent(v%d, %d shareholders) =\n%+v\nwant\n%+v", v, n, got, want)
			}
		}
	}
}

func TestDecodeCreateEvent(t *testing.T) {
	var real6 []byte
	for _, b := range mainnetEvents(t)[evCreate] {
		if strings.Contains(string(b), "NYXORA") {
			real6 = b[8:]
		}
	}
	if real6 == nil {
		t.Fatal("no NYXORA CreateEvent in the fixtures")
	}
	tail := len(real6) - 242 // the fixed part starts here
	tests := []struct {
		name        string
		body        []byte
		wantVersion int
		wantUnknown int
		wantErr     error
		errText     string
	}{
		{name: "real v6", body: real6, wantVersion: 6},
		{name: "cut v1", body: real6[:tail+96], wantVersion: 1},
		{name: "cut v2", body: real6[:tail+136], wantVersion: 2},
		{name: "cut v3", body: real6[:tail+168], wantVersion: 3},
		{name: "cut v4", body: real6[:tail+201], wantVersion: 4},
		{name: "cut v5", body: real6[:tail+202], wantVersion: 5},
		{name: "v7 (+9)", body: append(append([]byte{}, real6...), 1, 0, 0, 0, 0, 0, 0, 0, 1), wantVersion: 7},
		{name: "v8 (+10)", body: append(append([]byte{}, real6...), 1, 0, 0, 0, 0, 0, 0, 0, 1, 3), wantVersion: 8},
		{name: "+4 unknown", body: append(append([]byte{}, real6...), 1, 2, 3, 4), wantVersion: 6, wantUnknown: 4},
		{name: "+12: v8 and 2 unknown", body: append(append([]byte{}, real6...), make([]byte, 12)...), wantVersion: 8, wantUnknown: 2},
		{name: "name too long", body: patch(real6, 3, 1), wantErr: borsh.ErrShortData, errText: "name at offset 0"},
		{name: "cut in v3", body: real6[:tail+150], wantErr: borsh.ErrShortData, errText: "virtual_sol_reserves"},
		{name: "is_mayhem_mode 2", body: patch(real6, tail+200, 2), wantErr: borsh.ErrInvalid, errText: "is_mayhem_mode"},
		{name: "is_holder_reward 5", body: append(append([]byte{}, real6...), 1, 0, 0, 0, 0, 0, 0, 0, 5), wantErr: borsh.ErrInvalid, errText: "is_holder_reward"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeCreateEvent(tt.body)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.errText) || !strings.HasPrefix(err.Error(), "pumpfun: decode CreateEvent: ") {
					t.Fatalf("DecodeCreateEvent(%s) error = %v, want %v naming %q", tt.name, err, tt.wantErr, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatalf("DecodeCreateEvent(%s) = %v", tt.name, err)
			}
			if got.EventVersion != tt.wantVersion || got.UnknownBytes != tt.wantUnknown {
				t.Errorf("DecodeCreateEvent(%s) version, unknown = %d, %d, want %d, %d", tt.name, got.EventVersion, got.UnknownBytes, tt.wantVersion, tt.wantUnknown)
			}
			if got.Name != "NYXORA" || got.Symbol != "NYXORA" || !strings.HasPrefix(got.URI, "https://") || got.User.IsZero() {
				t.Errorf("DecodeCreateEvent(%s) = %q %q %q %s", tt.name, got.Name, got.Symbol, got.URI, got.User)
			}
			if got.EventVersion >= 3 && (got.VirtualTokenReserves != 1_073_000_000_000_000 || got.VirtualSolReserves != 30_000_000_000 ||
				got.RealTokenReserves != 793_100_000_000_000 || got.TokenTotalSupply != 1_000_000_000_000_000) {
				t.Errorf("DecodeCreateEvent(%s) reserves = %+v", tt.name, got)
			}
			if got.EventVersion >= 4 && got.TokenProgram != solana.Token2022ProgramID {
				t.Errorf("DecodeCreateEvent(%s) token_program = %s", tt.name, got.TokenProgram)
			}
			if got.EventVersion >= 8 && (got.CreatorFeeBps != 1 || !got.IsHolderReward || got.Depth != 3) && tt.name == "v8 (+10)" {
				t.Errorf("DecodeCreateEvent(%s) v7/v8 fields = %d %v %d", tt.name, got.CreatorFeeBps, got.IsHolderReward, got.Depth)
			}
		})
	}
}

func TestDecodeCompleteAndMigrationEvent(t *testing.T) {
	var c w
	c.key(1).key(2).key(3).u64(1_700_000_004)
	v1 := append([]byte{}, c.b...)
	c.key(5)
	v2 := c.b
	for _, tt := range []struct {
		body        []byte
		wantVersion int
		wantUnknown int
		wantErr     error
	}{
		{v1, 1, 0, nil}, {v2, 2, 0, nil}, {append(append([]byte{}, v2...), 9, 9), 2, 2, nil},
		{v1[:103], 0, 0, borsh.ErrShortData}, {v2[:120], 0, 0, borsh.ErrShortData},
	} {
		got, err := DecodeCompleteEvent(tt.body)
		if !errors.Is(err, tt.wantErr) || got.EventVersion != tt.wantVersion || got.UnknownBytes != tt.wantUnknown {
			t.Errorf("DecodeCompleteEvent(%d bytes) = v%d +%d, %v, want v%d +%d, %v", len(tt.body), got.EventVersion, got.UnknownBytes, err, tt.wantVersion, tt.wantUnknown, tt.wantErr)
		}
		if err == nil && (got.User != key(1) || got.Mint != key(2) || got.BondingCurve != key(3) || got.Timestamp != 1_700_000_004 ||
			(tt.wantVersion == 2 && got.QuoteMint != key(5))) {
			t.Errorf("DecodeCompleteEvent(%d bytes) = %+v", len(tt.body), got)
		}
	}
	real1 := bodyOfLen(t, evComplete, 104)
	if got, err := DecodeCompleteEvent(real1); err != nil || got.Timestamp < 1_700_000_000 || got.Mint.IsZero() {
		t.Errorf("DecodeCompleteEvent(mainnet) = %+v, %v", got, err)
	}

	var m w
	m.key(1).key(2).u64(206_900_000_000_000).u64(84_990_359_038).u64(15_000_001).key(6).u64(1_700_000_007).key(8)
	mv1 := append([]byte{}, m.b...)
	m.key(9)
	mv2 := m.b
	want := events.PumpfunMigrate{User: key(1), Mint: key(2), MintAmount: 206_900_000_000_000, SolAmount: 84_990_359_038,
		PoolMigrationFee: 15_000_001, BondingCurve: key(6), Timestamp: 1_700_000_007, Pool: key(8), EventVersion: 1, EventLen: 160}
	if got, err := DecodeMigrationEvent(mv1); err != nil || got != want {
		t.Errorf("DecodeMigrationEvent(v1) = %+v, %v, want %+v", got, err, want)
	}
	want.QuoteMint, want.EventVersion, want.EventLen = key(9), 2, 192
	if got, err := DecodeMigrationEvent(mv2); err != nil || got != want {
		t.Errorf("DecodeMigrationEvent(v2) = %+v, %v, want %+v", got, err, want)
	}
	want.EventLen, want.UnknownBytes = 195, 3
	if got, err := DecodeMigrationEvent(append(append([]byte{}, mv2...), 1, 2, 3)); err != nil || got != want {
		t.Errorf("DecodeMigrationEvent(v2+3) = %+v, %v, want %+v", got, err, want)
	}
	for _, n := range []int{0, 80, 159, 170} {
		if _, err := DecodeMigrationEvent(mv2[:n]); !errors.Is(err, borsh.ErrShortData) {
			t.Errorf("DecodeMigrationEvent(%d bytes) error = %v, want short data", n, err)
		}
	}
}

// TestDecodeMigrationEventMainnet decodes a real CompletePumpAmmMigrationEvent (migrate_v2,
// 2026; testdata/SOURCES.md) and checks it against the values its source's test asserts, and
// against the pump.fun constants: the curve hands the pool the 206.9 M tokens it kept back and
// pays the 15_000_001-lamport pool migration fee.
func TestDecodeMigrationEventMainnet(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "migration_4o3x4vqt.b64"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(raw)))
	if err != nil || len(b) < 8 || [8]byte(b[:8]) != evCompletePumpAmmMigration {
		t.Fatalf("payload: %d bytes, %v", len(b), err)
	}
	got, err := DecodeMigrationEvent(b[8:])
	if err != nil {
		t.Fatal(err)
	}
	want := events.PumpfunMigrate{
		User:             solana.MustPublicKeyFromBase58("9C4nRvhhVquCKATjDCx5FKvNS9PNgNqgyWy9AcoDjYv5"),
		Mint:             solana.MustPublicKeyFromBase58("Gu2bpydt5bHVHtko5vvsWH5KQUT3Wxvt6hzYvKdND6ur"),
		MintAmount:       206_900_000_000_000,
		SolAmount:        84_990_359_301,
		PoolMigrationFee: 15_000_001,
		BondingCurve:     solana.MustPublicKeyFromBase58("4QAA7r2scMU7GynKpo34U2XDKtgJ8r8rJEaBRFVFzaia"),
		Timestamp:        1_790_784_420,
		Pool:             solana.MustPublicKeyFromBase58("Vptu7kbcUHWNHKSCw1Qn1MhgP9fqKmQnTAzTqETCAs5"),
		EventVersion:     2,
		EventLen:         192,
	}
	if got != want {
		t.Errorf("DecodeMigrationEvent(mainnet) =\n%+v\nwant\n%+v", got, want)
	}
	if sol := float64(got.SolAmount) / 1e9; sol < 84.985 || sol >= 84.995 {
		t.Errorf("sol_amount %v SOL, the source's test says 84.99", sol)
	}
	if !got.QuoteMint.IsZero() {
		t.Errorf("quote_mint %s, want the zero key (SOL)", got.QuoteMint)
	}
}

func TestDecodeBondingCurve(t *testing.T) {
	accts := mainnetAccounts(t)
	full := func() []byte { // a hand-built 166-byte curve, every field distinct
		var b w
		b.b = append(b.b, acctBondingCurve[:]...)
		b.u64(1_000_000_000_000_001).u64(32_000_000_002).u64(720_100_000_000_003).u64(2_000_000_004).u64(1_000_000_000_000_000).u8(1)
		b.key(7).u8(1).u8(1).key(10).u64(11).u8(1).u8(1).u64(14).u64(15).u8(16).u64(17).u64(18).u64(19)
		return b.b
	}()
	wantFull := events.PumpfunBondingCurve{VirtualTokenReserves: 1_000_000_000_000_001, VirtualSolReserves: 32_000_000_002,
		RealTokenReserves: 720_100_000_000_003, RealSolReserves: 2_000_000_004, TokenTotalSupply: 1_000_000_000_000_000, Complete: true,
		Creator: key(7), IsMayhemMode: true, IsCashbackCoin: true, QuoteMint: key(10), CreatorFeeBps: 11, CanEditCreatorFee: true,
		IsHolderReward: true, CreatorFee: 14, ProtocolFees: 15, Depth: 16, InitialVirtualQuoteReserves: 17, PostCompleteBaseOut: 18,
		PostCompleteQuoteIn: 19, DataLen: 166, Progress: Derive(0, 1, 720_100_000_000_003, 0).Progress}
	if got, err := DecodeBondingCurve(full); err != nil || got != wantFull {
		t.Errorf("DecodeBondingCurve(166 bytes) = %+v, %v\nwant %+v", got, err, wantFull)
	}
	tests := []struct {
		name    string
		data    []byte
		wantErr error
		errText string
	}{
		{name: "mainnet 49", data: accts["pumpfun_account-bondingcurve_slot285247740.json"]},
		{name: "mainnet 150", data: accts["pumpfun_account-bondingcurve_carbon.json"]},
		{name: "mainnet 151", data: accts["pumpfun_account-bondingcurve_slot435946373.json"]},
		{name: "short", data: full[:48], wantErr: borsh.ErrShortData, errText: "complete at offset 48"},
		{name: "bad discriminator", data: patch(full, 0, 0), wantErr: chain.ErrUnknownDiscriminator, errText: "discriminator 00b7f83760d8ac60"},
		{name: "empty", data: nil, wantErr: chain.ErrUnknownDiscriminator},
		{name: "complete 2", data: patch(full, 48, 2), wantErr: borsh.ErrInvalid, errText: "complete at offset 48"},
		{name: "is_mayhem_mode 3", data: patch(full, 81, 3), wantErr: borsh.ErrInvalid, errText: "is_mayhem_mode at offset 81"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeBondingCurve(tt.data)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("DecodeBondingCurve(%s) error = %v, want %v naming %q", tt.name, err, tt.wantErr, tt.errText)
				}
				return
			}
			if err != nil || got.DataLen != len(tt.data) {
				t.Fatalf("DecodeBondingCurve(%s) = %+v, %v", tt.name, got, err)
			}
			if got.TokenTotalSupply != DefaultTokenTotalSupply || got.Complete ||
				got.VirtualSolReserves-got.RealSolReserves != 30_000_000_000 || got.VirtualTokenReserves-got.RealTokenReserves != 279_900_000_000_000 {
				t.Errorf("DecodeBondingCurve(%s) = %+v: reserve identities fail", tt.name, got)
			}
			if len(tt.data) >= 81 && got.Creator.IsZero() {
				t.Errorf("DecodeBondingCurve(%s) creator is zero", tt.name)
			}
		})
	}
}

// globalData builds a Global account of n bytes (n ≥ 113) with distinct field values.
func globalData(n int) ([]byte, events.PumpfunGlobal) {
	var b w
	b.b = append(b.b, acctGlobal[:]...)
	g := events.PumpfunGlobal{Initialized: true, Authority: key(2), FeeRecipient: key(3), InitialVirtualTokenReserves: 1_073_000_000_000_000,
		InitialVirtualSolReserves: 30_000_000_000, InitialRealTokenReserves: 793_100_000_000_000, TokenTotalSupply: 1_000_000_000_000_000,
		FeeBasisPoints: 95, WithdrawAuthority: key(9), EnableMigrate: true, PoolMigrationFee: 15_000_001, CreatorFeeBasisPoints: 30,
		SetCreatorAuthority: key(20), AdminSetCreatorAuthority: key(21), CreateV2Enabled: true, WhitelistPDA: key(23),
		ReservedFeeRecipient: key(24), MayhemModeEnabled: true, IsCashbackEnabled: true, BuybackBasisPoints: 5000,
		InitialVirtualQuoteReserves: 31, CreatorFeeConfigurable: true, MaxConfigurableCreatorFeeBps: 33,
		HolderRewardClaimAuthority: key(34), IsHolderRewardEnabled: true, MaxCurveDepth: 3}
	b.u8(1).key(2).key(3).u64(g.InitialVirtualTokenReserves).u64(g.InitialVirtualSolReserves).u64(g.InitialRealTokenReserves).
		u64(g.TokenTotalSupply).u64(95).key(9).u8(1).u64(15_000_001).u64(30)
	for i := range g.FeeRecipients {
		g.FeeRecipients[i] = key(byte(100 + i))
		b.key(byte(100 + i))
	}
	b.key(20).key(21).u8(1).key(23).key(24).u8(1)
	for i := range g.ReservedFeeRecipients {
		g.ReservedFeeRecipients[i] = key(byte(120 + i))
		b.key(byte(120 + i))
	}
	b.u8(1)
	for i := range g.BuybackFeeRecipients {
		g.BuybackFeeRecipients[i] = key(byte(140 + i))
		b.key(byte(140 + i))
	}
	b.u64(5000).u64(31)
	g.WhitelistedQuoteMints[0] = key(160)
	b.key(160).u8(1).u64(33).key(34).u8(1).u8(3)
	// Cut to n bytes: the fields past n are zero in the decoded value.
	data := b.b[:n]
	got := g
	cut := map[int]func(){ // the offset at which each field starts
		113: func() { got.WithdrawAuthority = solana.PublicKey{} }, 145: func() { got.EnableMigrate = false },
		146: func() { got.PoolMigrationFee = 0 }, 154: func() { got.CreatorFeeBasisPoints = 0 },
		162: func() { got.FeeRecipients = [7]solana.PublicKey{} }, 386: func() { got.SetCreatorAuthority = solana.PublicKey{} },
		418: func() { got.AdminSetCreatorAuthority = solana.PublicKey{} }, 450: func() { got.CreateV2Enabled = false },
		451: func() { got.WhitelistPDA = solana.PublicKey{} }, 483: func() { got.ReservedFeeRecipient = solana.PublicKey{} },
		515: func() { got.MayhemModeEnabled = false }, 516: func() { got.ReservedFeeRecipients = [7]solana.PublicKey{} },
		740: func() { got.IsCashbackEnabled = false }, 741: func() { got.BuybackFeeRecipients = [8]solana.PublicKey{} },
		997: func() { got.BuybackBasisPoints = 0 }, 1005: func() { got.InitialVirtualQuoteReserves = 0 },
		1013: func() { got.WhitelistedQuoteMints = [1]solana.PublicKey{} }, 1045: func() { got.CreatorFeeConfigurable = false },
		1046: func() { got.MaxConfigurableCreatorFeeBps = 0 }, 1054: func() { got.HolderRewardClaimAuthority = solana.PublicKey{} },
		1086: func() { got.IsHolderRewardEnabled = false }, 1087: func() { got.MaxCurveDepth = 0 },
	}
	for off, clear := range cut {
		if off >= n {
			clear()
		}
	}
	got.DataLen = n
	return data, got
}

func TestDecodeGlobal(t *testing.T) {
	if full, _ := globalData(1088); len(full) != 1088 {
		t.Fatalf("hand-built Global is %d bytes, want 1088", len(full))
	}
	for _, n := range []int{113, 145, 154, 162, 386, 450, 741, 1045, 1088} {
		data, want := globalData(n)
		got, err := DecodeGlobal(data)
		if err != nil || got != want {
			t.Errorf("DecodeGlobal(%d bytes) = %+v, %v\nwant %+v", n, got, err, want)
		}
	}
	full, _ := globalData(1088)
	padded := append(append([]byte{}, full...), make([]byte, 50)...)
	if got, err := DecodeGlobal(padded); err != nil || got.DataLen != 1138 || got.MaxCurveDepth != 3 {
		t.Errorf("DecodeGlobal(padded) = %+v, %v", got, err)
	}
	for _, tt := range []struct {
		name    string
		data    []byte
		wantErr error
		errText string
	}{
		{"short", full[:112], borsh.ErrShortData, "fee_basis_points at offset 105"},
		{"initialized 2", patch(full, 8, 2), borsh.ErrInvalid, "initialized at offset 8"},
		{"create_v2_enabled 9", patch(full, 450, 9), borsh.ErrInvalid, "create_v2_enabled at offset 450"},
		{"bad discriminator", patch(full, 7, 0), chain.ErrUnknownDiscriminator, "Global"},
	} {
		if _, err := DecodeGlobal(tt.data); !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.errText) {
			t.Errorf("DecodeGlobal(%s) error = %v, want %v naming %q", tt.name, err, tt.wantErr, tt.errText)
		}
	}
}

func TestDerive(t *testing.T) {
	near := func(a, b float64) bool { return a > b*(1-1e-3) && a < b*(1+1e-3) }
	d := Derive(30_000_000_000, 1_073_000_000_000_000, 793_100_000_000_000, 0)
	if !near(d.PriceSol, 2.7959e-8) || !near(d.MarketCapSol, 27.96) || d.Progress != 0 {
		t.Errorf("Derive(initial) = %+v, want price 2.7959e-8, mcap 27.96, progress 0", d)
	}
	d = Derive(115_005_359_056, 279_900_000_000_000, 0, DefaultTokenTotalSupply)
	if !near(d.PriceSol, 4.109e-7) || !near(d.MarketCapSol, 410.9) || d.Progress != 100 {
		t.Errorf("Derive(complete) = %+v, want price 4.109e-7, mcap 410.9, progress 100", d)
	}
	if d := Derive(1, 2, DefaultInitialRealTokenReserves/2, 0); d.Progress != 50 {
		t.Errorf("Derive(half sold).Progress = %v, want 50", d.Progress)
	}
	if d := Derive(1, 2, 2*DefaultInitialRealTokenReserves, 0); d.Progress != 0 {
		t.Errorf("Derive(more than initial).Progress = %v, want 0", d.Progress)
	}
	if d := Derive(5, 0, 0, 0); d != (Derived{}) {
		t.Errorf("Derive(empty curve) = %+v, want zero", d)
	}
}
