package subjects

import (
	"crypto/rand"
	"errors"
	"testing"

	"github.com/mr-tron/base58"
)

const mint = "FXLjNRSQxXMz2ZNpVWVVqrmSuLSdBgFqBrVy3yHoYvv8"

func TestBuildParse(t *testing.T) {
	s, err := Build(High, "pumpfun", "trade", mint)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if want := "sol.high.pumpfun.trade." + mint; s != want {
		t.Fatalf("Build = %q, want %q", s, want)
	}
	got, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	if got != (Subject{High, "pumpfun", "trade", mint}) {
		t.Errorf("Parse(%q) = %+v", s, got)
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		subject string
		want    error
	}{
		{"sol.high.pumpfun.trade", ErrInvalidSubject},
		{"foo.high.pumpfun.trade." + mint, ErrInvalidSubject},
		{"sol.urgent.pumpfun.trade." + mint, ErrInvalidPriority},
		{"sol.high.orca.trade." + mint, ErrInvalidProgram},
		{"sol.high.pumpfun.Trade." + mint, ErrInvalidKind},
		{"sol.high.pumpfun.trade.notbase58!!!!!!!!!!!!!!!!!!!!!!!!!!!", ErrInvalidKey},
		{"sol.high.pumpfun.trade.0OIl" + mint[4:], ErrInvalidKey},
		{"sol.high.pumpfun.trade.abc", ErrInvalidKey},
		{"sol.high.pumpfun.trade.3yZe7d", ErrInvalidKey},
		{"sol.high.pumpfun.trade.*", ErrInvalidKey},
		{"sol.high.pumpfun.trade.>", ErrInvalidKey},
	}
	for _, tt := range tests {
		t.Run(tt.subject, func(t *testing.T) {
			if _, err := Parse(tt.subject); !errors.Is(err, tt.want) {
				t.Errorf("Parse(%q) error = %v, want %v", tt.subject, err, tt.want)
			}
		})
	}
}

func TestAppendMatchesBuild(t *testing.T) {
	var key [32]byte
	b, err := base58.Decode(mint)
	if err != nil {
		t.Fatal(err)
	}
	copy(key[:], b)
	got := string(Append(nil, Low, "pumpswap", "pool", key))
	want, err := Build(Low, "pumpswap", "pool", mint)
	if err != nil || got != want {
		t.Errorf("Append = %q, Build = %q, %v", got, want, err)
	}
}

func TestAppendBase58MatchesLibrary(t *testing.T) {
	cases := [][]byte{{}, {0}, {0, 0, 1}, make([]byte, 32), make([]byte, 64)}
	for i := 0; i < 500; i++ {
		n := []int{1, 2, 3, 4, 5, 7, 31, 32, 33, 64, 100}[i%11]
		b := make([]byte, n)
		rand.Read(b)
		if i%7 == 0 {
			b[0] = 0
		}
		cases = append(cases, b)
	}
	for _, b := range cases {
		if got, want := string(AppendBase58(nil, b)), base58.Encode(b); got != want {
			t.Fatalf("AppendBase58(%x) = %q, want %q", b, got, want)
		}
	}
}

func TestAppendBase58Allocs(t *testing.T) {
	key := make([]byte, 64)
	rand.Read(key)
	dst := make([]byte, 0, 128)
	if n := testing.AllocsPerRun(100, func() { _ = AppendBase58(dst[:0], key) }); n != 0 {
		t.Errorf("allocs = %v, want 0", n)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("sol.high.pumpfun.trade." + mint)
	f.Add("sol.low.chain.slot.11111111111111111111111111111111")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Parse(s)
		if err != nil {
			return
		}
		if got.String() != s {
			t.Fatalf("Parse(%q).String() = %q", s, got.String())
		}
	})
}

func BenchmarkAppendBase58Signature(b *testing.B) {
	sig := make([]byte, 64)
	rand.Read(sig)
	dst := make([]byte, 0, 128)
	b.ReportAllocs()
	for b.Loop() {
		dst = AppendBase58(dst[:0], sig)
	}
}
