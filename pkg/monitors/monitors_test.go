package monitors

import (
	"errors"
	"strings"
	"testing"

	"github.com/geyserjet/geyserjet/pkg/events"
	"github.com/geyserjet/geyserjet/pkg/subjects"
)

const shipped = "../../deploy/monitors.yaml"

func TestShippedMonitors(t *testing.T) {
	ms, err := LoadFile(shipped)
	if err != nil {
		t.Fatalf("LoadFile(%s): %v", shipped, err)
	}
	if len(ms) != 15 {
		t.Errorf("LoadFile(%s): %d monitors, want 15", shipped, len(ms))
	}
	seen := map[string]bool{}
	for _, m := range ms {
		if seen[m.ID] {
			t.Errorf("duplicate id %q", m.ID)
		}
		seen[m.ID] = true
		if m.Description == "" {
			t.Errorf("monitor %q has no description", m.ID)
		}
	}
	if err := Validate(ms); err != nil {
		t.Errorf("Validate: %v", err)
	}
	for _, id := range []string{"pumpfun-mint", "pumpfun-price", "pumpfun-account", "pumpfun-transaction",
		"launchlab-mint", "launchlab-account", "graduation", "pumpswap-trade", "pumpswap-pool",
		"launchlab-trade", "raydium-amm-swap", "raydium-amm-pool", "raydium-cpmm-swap",
		"raydium-cpmm-pool", "slot"} {
		if !seen[id] {
			t.Errorf("monitor %q missing", id)
		}
	}
	// Groups as the design places them: trades high, launches and graduation medium, state low.
	for _, m := range ms {
		want := subjects.Low
		for _, k := range m.Kinds {
			if p := events.DefaultPriority(k); p == subjects.High || p == subjects.Medium && want == subjects.Low {
				want = p
			}
		}
		if m.ID == "pumpfun-transaction" {
			want = subjects.High // shares its filter with pumpfun-price
		}
		if m.Group != want {
			t.Errorf("monitor %q: group %s, want %s", m.ID, m.Group, want)
		}
	}
}

const pumpfun = "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P"

func TestLoadErrors(t *testing.T) {
	const head = "monitors:\n  - id: a\n    group: high\n"
	const txf = "    filter:\n      transactions:\n        account_include: [" + pumpfun + "]\n"
	tests := []struct {
		name string
		yaml string
		want []string // substrings of the error
	}{
		{"empty", "", []string{"empty document"}},
		{"not yaml", "monitors: [\n", []string{"yaml"}},
		{"no list", "foo: 1\n", []string{`unknown field "foo" in top level`}},
		{"null list", "monitors:\n", []string{`no "monitors" list`}},
		{"unknown monitor field", head + txf + "    colour: red\n",
			[]string{`monitor "a"`, "line 7", `unknown field "colour" in monitor`}},
		{"unknown filter field", head + "    filter:\n      transactions:\n        account_incude: [" + pumpfun + "]\n",
			[]string{`monitor "a"`, "line 6", `unknown field "account_incude" in filter.transactions`}},
		{"unknown memcmp field", head + "    filter:\n      accounts:\n        owner: [" + pumpfun + "]\n        memcmp: [{offset: 0, hexx: ab}]\n",
			[]string{`monitor "a"`, `unknown field "hexx" in filter.accounts.memcmp[]`}},
		{"wrong type", head + "    filter:\n      accounts:\n        owner: [" + pumpfun + "]\n        datasize: big\n",
			[]string{`monitor "a"`, "line 7", "big"}},
		{"duplicate key", head + "    group: low\n" + txf, []string{`"group" already defined`}},
		{"two documents", head + txf + "---\nmonitors: []\n", []string{"more than one YAML document"}},
		{"missing id", "monitors:\n  - group: high\n" + txf, []string{"monitor #1", "id: required"}},
		{"bad id", "monitors:\n  - id: Pump_Fun\n    group: high\n" + txf, []string{`monitor "Pump_Fun"`, "id:", "lower-case"}},
		{"trailing hyphen", "monitors:\n  - id: a-\n    group: high\n" + txf, []string{`monitor "a-"`, "id:"}},
		{"duplicate id", head + txf + head[len("monitors:\n"):] + txf, []string{`monitor "a" (#2)`, "duplicate of monitor #1"}},
		{"no group", "monitors:\n  - id: a\n" + txf, []string{`monitor "a"`, "group: required"}},
		{"bad group", "monitors:\n  - id: a\n    group: urgent\n" + txf, []string{`group: "urgent"`}},
		{"bad commitment", head + "    commitment: rooted\n" + txf, []string{`commitment: "rooted"`}},
		{"unknown kind", head + "    kinds: [trade, rug]\n" + txf, []string{`monitor "a"`, `kinds[1]: unknown kind "rug"`}},
		{"duplicate kind", head + "    kinds: [trade, trade]\n" + txf, []string{`kinds[1]: duplicate kind "trade"`}},
		{"kind without source", head + "    kinds: [pool]\n" + txf, []string{`kinds[0]: kind "pool" comes from accounts updates`}},
		{"unknown program", head + "    programs: [pumpfun, jupiter]\n" + txf, []string{`programs[1]: unknown program "jupiter"`}},
		{"empty filter", head + "    filter: {}\n", []string{`monitor "a"`, "filter: empty"}},
		{"no filter", head, []string{"filter: empty"}},
		{"bad base58", head + "    filter:\n      transactions:\n        account_include: [" + pumpfun + ", 0OIl]\n",
			[]string{`filter.transactions.account_include[1]: invalid base58 address "0OIl"`}},
		{"short address", head + "    filter:\n      transactions:\n        account_required: [abc]\n",
			[]string{`filter.transactions.account_required[0]: address "abc"`, "want 32"}},
		{"duplicate address", head + "    filter:\n      transactions:\n        account_include: [" + pumpfun + ", " + pumpfun + "]\n",
			[]string{"account_include[1]: duplicate address"}},
		{"every transaction", head + "    filter:\n      transactions:\n        vote: false\n",
			[]string{"filter.transactions: matches every transaction"}},
		{"every account", head + "    filter:\n      accounts:\n        datasize: 1\n",
			[]string{"filter.accounts: matches every account"}},
		{"bad owner", head + "    filter:\n      accounts:\n        owner: [nope!]\n",
			[]string{`filter.accounts.owner[0]: invalid base58 address "nope!"`}},
		{"memcmp two encodings", head + "    filter:\n      accounts:\n        owner: [" + pumpfun + "]\n        memcmp: [{offset: 0, hex: ab, base58: ab}]\n",
			[]string{"filter.accounts.memcmp[0]: give exactly one"}},
		{"memcmp bad hex", head + "    filter:\n      accounts:\n        owner: [" + pumpfun + "]\n        memcmp: [{offset: 0, hex: xyz}]\n",
			[]string{`filter.accounts.memcmp[0]: hex "xyz"`}},
		{"memcmp too long", head + "    filter:\n      accounts:\n        owner: [" + pumpfun + "]\n        memcmp: [{offset: 0, hex: " + strings.Repeat("ab", 129) + "}]\n",
			[]string{"129 bytes of data: at most 128"}},
		{"too many data filters", head + "    filter:\n      accounts:\n        owner: [" + pumpfun + "]\n        datasize: 8\n        memcmp: [{offset: 0, hex: 01}, {offset: 1, hex: 02}, {offset: 2, hex: 03}, {offset: 3, hex: 04}]\n",
			[]string{"5 data filters"}},
		{"second monitor named", head + txf + "  - id: b\n    group: low\n    filter:\n      slots: {bogus: 1}\n",
			[]string{`monitor "b"`, `unknown field "bogus" in filter.slots`}},
		{"all problems reported", "monitors:\n  - id: a\n    group: x\n    kinds: [y]\n" + txf,
			[]string{`group: "x"`, `unknown kind "y"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(strings.NewReader(tt.yaml))
			if err == nil {
				t.Fatalf("Load(%q) = nil error, want %q", tt.yaml, tt.want)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("Load: %v: does not wrap ErrInvalid", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Load(%q) = %v\nwant it to contain %q", tt.yaml, err, w)
				}
			}
		})
	}
}

func TestLoadDefaults(t *testing.T) {
	ms, err := Load(strings.NewReader(`
monitors:
  - id: s
    group: low
    filter:
      slots: {}
      blocks_meta: {}
`))
	if err != nil {
		t.Fatal(err)
	}
	m := ms[0]
	if m.commitment() != Processed || m.Filter.Slots == nil || m.Filter.BlocksMeta == nil || m.Kinds != nil {
		t.Errorf("Load = %+v, want processed, slots and blocks_meta set, no kinds", m)
	}
}

func TestLoadFileMissing(t *testing.T) {
	if _, err := LoadFile("testdata/does-not-exist.yaml"); err == nil || !strings.Contains(err.Error(), "does-not-exist.yaml") {
		t.Errorf("LoadFile(missing) = %v, want an error naming the file", err)
	}
}

// FuzzLoad feeds Load arbitrary documents: it returns monitors that validate or an error
// wrapping ErrInvalid, never panics, and what it accepts also plans.
func FuzzLoad(f *testing.F) {
	for _, seed := range []string{
		"monitors: []\n",
		"monitors:\n  - id: a\n    group: high\n    filter:\n      transactions:\n        account_include: [" + pumpfun + "]\n",
		"monitors:\n  - id: a\n    group: low\n    filter:\n      accounts:\n        owner: [" + pumpfun + "]\n        memcmp: [{offset: 0, hex: 17b7f83760d8ac60}]\n",
		"monitors:\n  - {id: s, group: low, commitment: finalized, filter: {slots: {}, blocks_meta: {}}}\n",
	} {
		f.Add([]byte(seed))
	}
	if b, err := readShipped(); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ms, err := Load(strings.NewReader(string(b)))
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Load: error %v does not wrap ErrInvalid", err)
			}
			return
		}
		if err := Validate(ms); err != nil {
			t.Fatalf("Load accepted monitors Validate rejects: %v", err)
		}
		if _, err := Plan(ms); err != nil {
			t.Fatalf("Plan(Load(...)): %v", err)
		}
	})
}
