package launchlab

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/anchor"
	"github.com/geyserjet/geyserjet/pkg/borsh"
)

// body returns the item name/source of testdata/bodies.txt (mainnet bytes).
func body(t testing.TB, name, source string) []byte {
	t.Helper()
	for _, it := range bodies(t) {
		if it.name == name && it.source == source {
			return it.data
		}
	}
	t.Fatalf("testdata/bodies.txt: no %s %s", name, source)
	return nil
}

type item struct {
	name, source string
	data         []byte
}

func bodies(t testing.TB) []item {
	t.Helper()
	f, err := os.Open("testdata/bodies.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []item
	s := bufio.NewScanner(f)
	s.Buffer(nil, 1<<20)
	for s.Scan() {
		fields := strings.Fields(s.Text())
		if len(fields) != 3 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		b, err := hex.DecodeString(fields[2])
		if err != nil {
			t.Fatalf("testdata/bodies.txt: %s: %v", fields[0], err)
		}
		out = append(out, item{fields[0], fields[1], b})
	}
	return out
}

func bodiesNamed(t testing.TB, prefix string) [][]byte {
	var out [][]byte
	for _, it := range bodies(t) {
		if strings.HasPrefix(it.name, prefix) {
			out = append(out, it.data)
		}
	}
	if len(out) == 0 {
		t.Fatalf("testdata/bodies.txt: nothing named %s*", prefix)
	}
	return out
}

// tradeV1 and tradeV2 build TradeEvent bodies by hand from the PROGRAMS.md 4.2 tables.
func tradeV1(ev TradeEvent) []byte {
	b := append([]byte(nil), ev.PoolState[:]...)
	for _, v := range []uint64{ev.TotalBaseSell, ev.VirtualBase, ev.VirtualQuote, ev.RealBaseBefore,
		ev.RealQuoteBefore, ev.RealBaseAfter, ev.RealQuoteAfter, ev.AmountIn, ev.AmountOut,
		ev.ProtocolFee, ev.PlatformFee, ev.ShareFee} {
		b = binary.LittleEndian.AppendUint64(b, v)
	}
	return append(b, ev.TradeDirection, ev.PoolStatus)
}

func tradeV2(ev TradeEvent) []byte {
	b := append([]byte(nil), ev.PoolState[:]...)
	for _, v := range []uint64{ev.TotalBaseSell, ev.VirtualBase, ev.VirtualQuote, ev.RealBaseBefore,
		ev.RealQuoteBefore, ev.RealBaseAfter, ev.RealQuoteAfter, ev.AmountIn, ev.AmountOut,
		ev.ProtocolFee, ev.PlatformFee, ev.CreatorFee, ev.ShareFee} {
		b = binary.LittleEndian.AppendUint64(b, v)
	}
	x := byte(0)
	if ev.ExactIn {
		x = 1
	}
	return append(b, ev.TradeDirection, ev.PoolStatus, x)
}

var handTrade = TradeEvent{
	PoolState: solana.PublicKey{1, 2, 3}, TotalBaseSell: 793_100_000_000_000, VirtualBase: 1_073_025_605_596_382,
	VirtualQuote: 30_000_852_951, RealBaseBefore: 10, RealQuoteBefore: 20, RealBaseAfter: 30, RealQuoteAfter: 40,
	AmountIn: 50, AmountOut: 60, ProtocolFee: 70, PlatformFee: 80, CreatorFee: 90, ShareFee: 100,
	TradeDirection: DirectionSell, PoolStatus: StatusMigrate, ExactIn: true,
}

func with(b []byte, off int, v byte) []byte {
	c := append([]byte(nil), b...)
	c[off] = v
	return c
}

func TestDecodeTradeEvent(t *testing.T) {
	v1 := handTrade
	v1.CreatorFee, v1.ExactIn, v1.Version = 0, false, 1
	v2 := handTrade
	v2.Version = 2
	v2extra := v2
	v2extra.Extra = 5
	tests := []struct {
		name    string
		b       []byte
		want    *TradeEvent // nil: check only the error
		wantErr error
		errText string
	}{
		{name: "hand v1 130", b: tradeV1(handTrade), want: &v1},
		{name: "hand v2 139", b: tradeV2(handTrade), want: &v2},
		{name: "v2 with 5 unknown trailing bytes", b: append(tradeV2(handTrade), 1, 2, 3, 4, 5), want: &v2extra},
		{name: "empty", b: nil, wantErr: borsh.ErrShortData, errText: "pool_state at offset 0"},
		{name: "v1 cut to 129", b: tradeV1(handTrade)[:129], wantErr: borsh.ErrShortData, errText: "pool_status at offset 129"},
		{name: "between versions 135", b: tradeV2(handTrade)[:135], wantErr: borsh.ErrInvalid, errText: "body length at offset 130"},
		{name: "v1 trade_direction 2", b: with(tradeV1(handTrade), 128, 2), wantErr: borsh.ErrInvalid, errText: "trade_direction at offset 128: value 2"},
		{name: "v2 pool_status 3", b: with(tradeV2(handTrade), 137, 3), wantErr: borsh.ErrInvalid, errText: "pool_status at offset 137: value 3"},
		{name: "v2 exact_in 2", b: with(tradeV2(handTrade), 138, 2), wantErr: borsh.ErrInvalid, errText: "exact_in at offset 138"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeTradeEvent(tt.b)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.errText) ||
					!strings.HasPrefix(err.Error(), "launchlab: decode TradeEvent: ") {
					t.Fatalf("DecodeTradeEvent(%s) error = %v, want %v naming %q", tt.name, err, tt.wantErr, tt.errText)
				}
				return
			}
			if err != nil || got != *tt.want {
				t.Fatalf("DecodeTradeEvent(%s) = %+v, %v, want %+v", tt.name, got, err, *tt.want)
			}
		})
	}
}

// TestDecodeTradeEventMainnet decodes the real events and checks the relations PROGRAMS.md 4.2
// states between their fields; a wrong offset breaks them.
func TestDecodeTradeEventMainnet(t *testing.T) {
	tests := []struct {
		name, source string
		version      uint8
		buy          bool
	}{
		{"TradeEvent_130", "8QTg427x", 1, true},
		{"TradeEvent_130", "3USu3YAs", 1, true},
		{"TradeEvent_139", "5LzhiGZB", 2, true},
		{"TradeEvent_139", "2FFqEKPY", 2, true},
		{"TradeEvent_139", "uzuSemMh", 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.source, func(t *testing.T) {
			ev, err := DecodeTradeEvent(body(t, tt.name, tt.source))
			if err != nil {
				t.Fatalf("DecodeTradeEvent(%s) error: %v", tt.source, err)
			}
			if ev.Version != tt.version || (ev.TradeDirection == DirectionBuy) != tt.buy || ev.Extra != 0 {
				t.Fatalf("DecodeTradeEvent(%s) = version %d direction %d extra %d, want %d buy=%v",
					tt.source, ev.Version, ev.TradeDirection, ev.Extra, tt.version, tt.buy)
			}
			fees := ev.ProtocolFee + ev.PlatformFee + ev.CreatorFee
			if tt.buy {
				if ev.RealBaseAfter-ev.RealBaseBefore != ev.AmountOut {
					t.Errorf("buy: real_base delta %d != amount_out %d", ev.RealBaseAfter-ev.RealBaseBefore, ev.AmountOut)
				}
				if ev.RealQuoteAfter-ev.RealQuoteBefore != ev.AmountIn-fees-ev.ShareFee {
					t.Errorf("buy: real_quote delta %d != amount_in %d - fees %d - share %d",
						ev.RealQuoteAfter-ev.RealQuoteBefore, ev.AmountIn, fees, ev.ShareFee)
				}
			} else {
				if ev.RealBaseBefore-ev.RealBaseAfter != ev.AmountIn {
					t.Errorf("sell: real_base delta %d != amount_in %d", ev.RealBaseBefore-ev.RealBaseAfter, ev.AmountIn)
				}
				if ev.RealQuoteBefore-ev.RealQuoteAfter != ev.AmountOut+fees+ev.ShareFee {
					t.Errorf("sell: real_quote delta %d != amount_out %d + fees %d + share %d",
						ev.RealQuoteBefore-ev.RealQuoteAfter, ev.AmountOut, fees, ev.ShareFee)
				}
			}
			// The constant-product invariant (virtual_quote + real_quote)(virtual_base − real_base)
			// holds across the trade to rounding.
			k0 := (float64(ev.VirtualQuote) + float64(ev.RealQuoteBefore)) * (float64(ev.VirtualBase) - float64(ev.RealBaseBefore))
			k1 := (float64(ev.VirtualQuote) + float64(ev.RealQuoteAfter)) * (float64(ev.VirtualBase) - float64(ev.RealBaseAfter))
			if r := k1 / k0; r < 0.999999 || r > 1.000001 {
				t.Errorf("constant product changed by %v across the trade", r)
			}
			if ev.TotalBaseSell != 793_100_000_000_000 {
				t.Errorf("total_base_sell = %d, want the default 793.1e12", ev.TotalBaseSell)
			}
		})
	}
}

func poolCreate(curve byte, tail ...byte) []byte {
	b := make([]byte, 96)
	b[0] = 9
	b = append(b, 6)
	for _, s := range []string{"Name", "SYM", "https://x"} {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(s)))
		b = append(b, s...)
	}
	b = append(b, curve)
	b = binary.LittleEndian.AppendUint64(b, 1e15)
	if curve == CurveConstant {
		b = binary.LittleEndian.AppendUint64(b, 793_100_000_000_000)
	}
	b = binary.LittleEndian.AppendUint64(b, 85e9)
	b = append(b, MigrateCPMM)
	for _, v := range []uint64{7, 8, 9} {
		b = binary.LittleEndian.AppendUint64(b, v)
	}
	return append(b, tail...)
}

func TestDecodePoolCreateEvent(t *testing.T) {
	tests := []struct {
		name      string
		b         []byte
		curve     CurveParams
		feeOn     bool
		extra     int
		symbol    string
		wantErr   error
		errText   string
		creatorOK bool
	}{
		{name: "mainnet initialize_v2 283", b: body(t, "PoolCreateEvent_283", "5LzhiGZB"), symbol: "SORA LOSER",
			curve: CurveParams{CurveConstant, 1e15, 793_100_000_000_000, 85e9, MigrateAMM}, feeOn: true},
		{name: "mainnet token_2022 240", b: body(t, "PoolCreateEvent_240", "2FFqEKPY"), symbol: "XSI",
			curve: CurveParams{CurveConstant, 1e15, 793_100_000_000_000, 85e9, MigrateCPMM}, feeOn: true},
		{name: "hand constant without amm_fee_on", b: poolCreate(CurveConstant), symbol: "SYM",
			curve: CurveParams{CurveConstant, 1e15, 793_100_000_000_000, 85e9, MigrateCPMM}},
		{name: "hand fixed with amm_fee_on", b: poolCreate(CurveFixed, 1), symbol: "SYM",
			curve: CurveParams{CurveFixed, 1e15, 0, 85e9, MigrateCPMM}, feeOn: true},
		{name: "hand linear", b: poolCreate(CurveLinear, 0), symbol: "SYM",
			curve: CurveParams{CurveLinear, 1e15, 0, 85e9, MigrateCPMM}, feeOn: true},
		{name: "curve tag 3", b: with(poolCreate(CurveConstant), 97+4+4+4+3+4+9, 3), wantErr: borsh.ErrInvalid, errText: "curve_param at offset 125: value 3"},
		{name: "amm_fee_on 2", b: poolCreate(CurveConstant, 2), wantErr: borsh.ErrInvalid, errText: "amm_fee_on"},
		{name: "string longer than data", b: with(poolCreate(CurveConstant), 97, 200), wantErr: borsh.ErrShortData, errText: "name at offset 97"},
		{name: "cut in vesting", b: poolCreate(CurveConstant)[:160], wantErr: borsh.ErrShortData, errText: "cliff_period"},
		{name: "cut in pubkeys", b: make([]byte, 40), wantErr: borsh.ErrShortData, errText: "creator at offset 32"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodePoolCreateEvent(tt.b)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("DecodePoolCreateEvent(%s) error = %v, want %v naming %q", tt.name, err, tt.wantErr, tt.errText)
				}
				return
			}
			if err != nil || got.Curve != tt.curve || got.HasAmmFeeOn != tt.feeOn || got.Extra != tt.extra ||
				got.Mint.Symbol != tt.symbol || got.Mint.Decimals != 6 {
				t.Fatalf("DecodePoolCreateEvent(%s) = %+v, %v", tt.name, got, err)
			}
		})
	}
}

func TestDecodeInitializeArgs(t *testing.T) {
	v2 := body(t, "ix_initialize_v2", "5LzhiGZB")[8:]
	t22 := body(t, "ix_initialize_with_token_2022", "2FFqEKPY")[8:]
	some := append(append([]byte(nil), t22[:len(t22)-11]...), 1, 0x10, 0x27)
	some = binary.LittleEndian.AppendUint64(some, 5e9)
	tests := []struct {
		name    string
		decode  func([]byte) (InitializeArgs, error)
		b       []byte
		want    func(InitializeArgs) bool
		wantErr error
		errText string
	}{
		{"v2 mainnet", DecodeInitializeV2Args, v2, func(a InitializeArgs) bool {
			return a.Mint.Name == "Sora Loser" && a.Curve.Supply == 1e15 && a.Curve.MigrateType == MigrateAMM && a.Extra == 7
		}, nil, ""},
		{"token_2022 mainnet", DecodeInitializeWithToken2022Args, t22, func(a InitializeArgs) bool {
			return a.Mint.Symbol == "XSI" && a.Curve.MigrateType == MigrateCPMM && !a.HasTransferFee && a.Extra == 10
		}, nil, ""},
		{"token_2022 with transfer fee", DecodeInitializeWithToken2022Args, some, func(a InitializeArgs) bool {
			return a.HasTransferFee && a.TransferFeeBasisPoints == 10000 && a.TransferFeeMaximum == 5e9 && a.Extra == 0
		}, nil, ""},
		{"initialize (v1) on v2 data reads no amm_fee_on", DecodeInitializeArgs, v2, func(a InitializeArgs) bool {
			return a.Extra == 8 && a.AmmFeeOn == 0
		}, nil, ""},
		{"transfer fee option tag 2", DecodeInitializeWithToken2022Args, with(t22, len(t22)-11, 2), nil, borsh.ErrInvalid, "transfer_fee_param"},
		{"migrate_type 5", DecodeInitializeV2Args, with(v2, len(v2)-33, 5), nil, borsh.ErrInvalid, "migrate_type"},
		{"cut", DecodeInitializeV2Args, v2[:150], nil, borsh.ErrShortData, "total_base_sell"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.decode(tt.b)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("Decode(%s) error = %v, want %v naming %q", tt.name, err, tt.wantErr, tt.errText)
				}
				return
			}
			if err != nil || !tt.want(got) {
				t.Fatalf("Decode(%s) = %+v, %v", tt.name, got, err)
			}
		})
	}
}

func TestDecodeSwapAndMigrateArgs(t *testing.T) {
	ev, _ := DecodeTradeEvent(body(t, "TradeEvent_139", "uzuSemMh"))
	a, err := DecodeSwapArgs(body(t, "ix_sell_exact_in", "uzuSemMh")[8:])
	if err != nil || a.Amount != ev.AmountIn || a.Limit > ev.AmountOut || a.ShareFeeRate != 0 {
		t.Errorf("DecodeSwapArgs(sell uzuSemMh) = %+v, %v", a, err)
	}
	if _, err := DecodeSwapArgs(make([]byte, 20)); !errors.Is(err, borsh.ErrShortData) || !strings.Contains(err.Error(), "share_fee_rate at offset 16") {
		t.Errorf("DecodeSwapArgs(20 bytes) error = %v", err)
	}
	m := binary.LittleEndian.AppendUint64(binary.LittleEndian.AppendUint64(nil, 1000), 10)
	got, err := DecodeMigrateToAmmArgs(append(m, 254))
	if err != nil || got != (MigrateToAmmArgs{1000, 10, 254}) {
		t.Errorf("DecodeMigrateToAmmArgs = %+v, %v", got, err)
	}
	if _, err := DecodeMigrateToAmmArgs(m); !errors.Is(err, borsh.ErrShortData) || !strings.Contains(err.Error(), "market_vault_signer_nonce at offset 16") {
		t.Errorf("DecodeMigrateToAmmArgs(16 bytes) error = %v", err)
	}
}

func poolStateBytes(t testing.TB) []byte {
	b, err := os.ReadFile("testdata/poolstate_7L2sWFH3.bin")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodePoolState(t *testing.T) {
	real := poolStateBytes(t)
	p, err := DecodePoolState(real)
	if err != nil {
		t.Fatalf("DecodePoolState(7L2sWFH3) error: %v", err)
	}
	want := map[string]bool{
		"base_mint":       p.BaseMint.String() == "ALvT2usBGUC8C21dDiXpwAGVwA3x1GBKtut3VFWQcX8x",
		"quote_mint":      p.QuoteMint.String() == "SNAPcESrvnH8yUdgeMF6xm1hym9b6hW6s8YeqeHdZFz",
		"decimals":        p.BaseDecimals == 6 && p.QuoteDecimals == 6,
		"supply":          p.Supply == 1e15 && p.TotalBaseSell == 793_100_000_000_000,
		"status":          p.Status == StatusFund && p.MigrateType == MigrateCPMM,
		"reserves":        p.RealBase < p.TotalBaseSell && p.VirtualBase > p.TotalBaseSell,
		"vesting":         p.TotalLockedAmount == 0 && p.StartTime == 0,
		"platform_config": !p.PlatformConfig.IsZero() && !p.GlobalConfig.IsZero() && !p.Creator.IsZero(),
	}
	for k, ok := range want {
		if !ok {
			t.Errorf("DecodePoolState(7L2sWFH3): %s wrong: %+v", k, p)
		}
	}
	tests := []struct {
		name    string
		b       []byte
		wantErr error
		errText string
	}{
		{"cut at 200", real[:200], borsh.ErrShortData, "platform_config at offset 173"},
		{"cut before platform_vesting_share", real[:370], borsh.ErrShortData, "platform_vesting_share at offset 367"},
		{"status 3", with(real, 17, 3), borsh.ErrInvalid, "status at offset 17: value 3"},
		{"migrate_type 2", with(real, 20, 2), borsh.ErrInvalid, "migrate_type at offset 20"},
		{"other account", with(real, 0, 0), ErrUnknownDiscriminator, "f7ede3f5d7c3de46"[2:]},
		{"empty", nil, ErrUnknownDiscriminator, "account"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodePoolState(tt.b)
			if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.errText) {
				t.Fatalf("DecodePoolState(%s) error = %v, want %v naming %q", tt.name, err, tt.wantErr, tt.errText)
			}
		})
	}
}

func globalConfigBytes() []byte {
	b := append([]byte(nil), discGlobalConfig[:]...)
	b = binary.LittleEndian.AppendUint64(b, 1)
	b = append(b, CurveConstant)
	b = binary.LittleEndian.AppendUint16(b, 0)
	for v := uint64(1); v <= 8; v++ {
		b = binary.LittleEndian.AppendUint64(b, v*100)
	}
	for k := byte(1); k <= 5; k++ {
		var pk [32]byte
		pk[0] = k
		b = append(b, pk[:]...)
	}
	return append(b, make([]byte, 128)...)
}

func TestDecodeGlobalConfig(t *testing.T) {
	b := globalConfigBytes()
	if len(b) != 371 {
		t.Fatalf("hand GlobalConfig is %d bytes, want 371", len(b))
	}
	g, err := DecodeGlobalConfig(b)
	if err != nil || g.TradeFeeRate != 200 || g.MinQuoteFundRaising != 800 || g.MigrateToCpswapWallet[0] != 5 {
		t.Fatalf("DecodeGlobalConfig = %+v, %v", g, err)
	}
	if _, err := DecodeGlobalConfig(with(b, 16, 3)); !errors.Is(err, borsh.ErrInvalid) || !strings.Contains(err.Error(), "curve_type at offset 16") {
		t.Errorf("DecodeGlobalConfig(curve_type 3) error = %v", err)
	}
	if _, err := DecodeGlobalConfig(b[:100]); !errors.Is(err, borsh.ErrShortData) {
		t.Errorf("DecodeGlobalConfig(cut) error = %v", err)
	}
}

func TestDiscriminators(t *testing.T) {
	for name, d := range map[string][8]byte{
		"global:initialize": discInitialize, "global:initialize_v2": discInitializeV2,
		"global:initialize_with_token_2022": discInitializeWithToken2022,
		"global:buy_exact_in":               discBuyExactIn, "global:buy_exact_out": discBuyExactOut,
		"global:sell_exact_in": discSellExactIn, "global:sell_exact_out": discSellExactOut,
		"global:migrate_to_amm": discMigrateToAmm, "global:migrate_to_cpswap": discMigrateToCpswap,
		"global:claim_creator_fee": discClaimCreatorFee, "global:claim_platform_fee": discClaimPlatformFee,
		"global:claim_platform_fee_from_vault": discClaimPlatformFeeFromVault,
		"global:claim_vested_token":            discClaimVestedToken, "global:collect_fee": discCollectFee,
		"global:collect_migrate_fee": discCollectMigrateFee, "global:create_config": discCreateConfig,
		"global:create_platform_config": discCreatePlatformConfig, "global:create_vesting_account": discCreateVestingAccount,
		"global:create_platform_vesting_account": discCreatePlatformVestingAccount,
		"global:update_config":                   discUpdateConfig, "global:update_platform_config": discUpdatePlatformConfig,
		"global:update_platform_curve_param":   discUpdatePlatformCurveParam,
		"global:remove_platform_curve_param":   discRemovePlatformCurveParam,
		"global:create_platform_global_access": discCreatePlatformGlobalAccess,
		"global:close_platform_global_access":  discClosePlatformGlobalAccess,
		"event:TradeEvent":                     discTradeEvent, "event:PoolCreateEvent": discPoolCreateEvent,
		"event:CreateVestingEvent": discCreateVestingEvent, "event:ClaimVestedEvent": discClaimVestedEvent,
		"account:PoolState": discPoolState, "account:GlobalConfig": discGlobalConfig,
		"account:PlatformConfig": discPlatformConfig, "account:VestingRecord": discVestingRecord,
		"account:PlatformGlobalAccess": discPlatformGlobalAccess,
	} {
		ns, n, _ := strings.Cut(name, ":")
		if got := anchor.Discriminator(ns, n); got != d {
			t.Errorf("%s: constant %x, sha256 gives %x", name, d, got)
		}
	}
}

func TestPrice(t *testing.T) {
	// Initial price of the SDK defaults: 30.050573465 SOL / 1,073,471,847.374405 tokens.
	p := Price(1_073_471_847_374_405, 30_050_573_465, 0, 0, 6, 9)
	if p < 2.79938e-8 || p > 2.79939e-8 {
		t.Errorf("Price(defaults) = %v, want ≈ 2.799382e-8 SOL", p)
	}
	if p := Price(100, 1, 100, 0, 6, 9); p != 0 {
		t.Errorf("Price(sold out) = %v, want 0", p)
	}
	if _, sol := Prices(solana.PublicKey{1}, 2, 1, 0, 0, 0, 0); sol != 0 {
		t.Errorf("Prices(non-wSOL quote) price_sol = %v, want 0", sol)
	}
	if g := Progress(793_100_000_000_000/2, 793_100_000_000_000); g != 0.5 {
		t.Errorf("Progress(half) = %v", g)
	}
	if g := Progress(1, 0); g != 0 {
		t.Errorf("Progress(total 0) = %v", g)
	}
}

// TestDecodeGraduatedAccounts decodes the PoolState and GlobalConfig of a LaunchLab coin that
// graduated to Raydium CPMM (stonk.fun, 2026; testdata/SOURCES.md), and checks them against the
// same source's own statement of the market (mint, platform config, quote mint) and against the
// bonding-curve arithmetic: a migrated curve sold all of total_base_sell and raised at least
// total_quote_fund_raising.
func TestDecodeGraduatedAccounts(t *testing.T) {
	b, err := os.ReadFile("testdata/poolstate_2NdMyxQW.bin")
	if err != nil {
		t.Fatal(err)
	}
	p, err := DecodePoolState(b)
	if err != nil {
		t.Fatal(err)
	}
	if p.BaseMint.String() != "AqoPZcUumKUBHrnfBsNtoNuneYEjoimaiWYq8GH8gpX9" || p.QuoteMint.String() != "So11111111111111111111111111111111111111112" ||
		p.PlatformConfig.String() != "4E876qZTE9FJMrBzgVtBrSrzz2TLivB5Y5QXPjB4gZL7" || p.GlobalConfig.String() != "6s1xP3hpbAfFoNtUNF8mfHsjr2Bd97JxFJRWLbL6aHuX" {
		t.Errorf("PoolState(2NdMyxQW) keys differ from the source's market: %+v", p)
	}
	if p.Status != StatusTrade || p.MigrateType != MigrateCPMM || p.BaseDecimals != 6 || p.QuoteDecimals != 9 || p.TokenProgramFlag != 1 {
		t.Errorf("PoolState(2NdMyxQW) status %d, migrate_type %d, decimals %d/%d, token flag %d; want migrated (2) to CPMM (1), 6/9, Token-2022 (1)",
			p.Status, p.MigrateType, p.BaseDecimals, p.QuoteDecimals, p.TokenProgramFlag)
	}
	if p.Supply != 1e15 || p.RealBase != p.TotalBaseSell || p.TotalBaseSell != 793_100_000_000_000 ||
		p.RealQuote < p.TotalQuoteFundRaising || p.TotalQuoteFundRaising != 85_000_000_000 {
		t.Errorf("PoolState(2NdMyxQW) supply %d, real_base %d of %d, real_quote %d of %d: not a completed curve",
			p.Supply, p.RealBase, p.TotalBaseSell, p.RealQuote, p.TotalQuoteFundRaising)
	}
	b, err = os.ReadFile("testdata/globalconfig_6s1xP3hp.bin")
	if err != nil {
		t.Fatal(err)
	}
	g, err := DecodeGlobalConfig(b)
	if err != nil {
		t.Fatal(err)
	}
	// The pool's quote mint is the config's; trade fee 0.25% (2500e-6); the Raydium wallets.
	if g.QuoteMint != p.QuoteMint || g.CurveType != CurveConstant || g.TradeFeeRate != 2500 || g.MinQuoteFundRaising != 24_000_000_000 ||
		g.MigrateToCpswapWallet.String() != "RAYpQbFNq9i3mu6cKpTKKRwwHFDeK5AuZz8xvxUrCgw" || g.ProtocolFeeOwner.IsZero() {
		t.Errorf("GlobalConfig(6s1xP3hp) = %+v", g)
	}
}
