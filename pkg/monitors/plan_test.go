package monitors

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"

	"github.com/geyserjet/geyserjet/pkg/events"
	"github.com/geyserjet/geyserjet/pkg/subjects"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func readShipped() ([]byte, error) { return os.ReadFile(shipped) }

func loadShipped(t testing.TB) []Monitor {
	t.Helper()
	ms, err := LoadFile(shipped)
	if err != nil {
		t.Fatalf("LoadFile(%s): %v", shipped, err)
	}
	return ms
}

// TestPlanGolden pins the SubscribeRequests planned for deploy/monitors.yaml.
func TestPlanGolden(t *testing.T) {
	plans, err := Plan(loadShipped(t))
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	type stream struct {
		Name     string          `json:"name"`
		Monitors []string        `json:"monitors"`
		Request  json.RawMessage `json:"request"`
	}
	var out []stream
	for _, p := range plans {
		// protojson varies its whitespace on purpose; round-trip through encoding/json (sorted
		// keys, fixed indentation) for a byte-stable file.
		raw, err := protojson.MarshalOptions{UseProtoNames: true}.Marshal(p.Request)
		if err != nil {
			t.Fatalf("protojson: %v", err)
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatal(err)
		}
		norm, _ := json.Marshal(v)
		out = append(out, stream{p.Name, p.Monitors, norm})
	}
	got, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	const golden = "testdata/plan.golden"
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Plan(%s) differs from %s (go test -update rewrites it):\n%s", shipped, golden, got)
	}
	// The golden must decode back to the same requests: it is a faithful record.
	again, _ := Plan(loadShipped(t))
	for i := range plans {
		if !proto.Equal(plans[i].Request, again[i].Request) {
			t.Errorf("Plan is not deterministic for stream %s", plans[i].Name)
		}
	}
}

func TestPlanShippedStreams(t *testing.T) {
	plans, err := Plan(loadShipped(t))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	total := 0
	for _, p := range plans {
		names = append(names, p.Name)
		total += len(p.Monitors)
		if !slices.IsSorted(p.Monitors) {
			t.Errorf("stream %s: monitors %v not sorted", p.Name, p.Monitors)
		}
		if p.Request.GetCommitment() != pb.CommitmentLevel_PROCESSED {
			t.Errorf("stream %s: commitment %v", p.Name, p.Request.GetCommitment())
		}
	}
	if want := []string{"high-processed", "medium-processed", "low-processed"}; !slices.Equal(names, want) {
		t.Errorf("streams %v, want %v", names, want)
	}
	if total != 15 {
		t.Errorf("%d monitors planned, want 15", total)
	}
	// pumpfun-price and pumpfun-transaction share one transactions filter.
	high := plans[0].Request
	if _, ok := high.Transactions["pumpfun-price+pumpfun-transaction"]; !ok || len(high.Transactions) != 5 {
		t.Errorf("high stream transactions filters %v, want pumpfun-price+pumpfun-transaction and 4 more", keys(high.Transactions))
	}
}

func keys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func boolp(b bool) *bool { return &b }

func txMonitor(id string, g subjects.Priority, c Commitment, kinds []events.Kind, include ...string) Monitor {
	return Monitor{ID: id, Group: g, Commitment: c, Kinds: kinds, Filter: Filter{
		Transactions: &TransactionFilter{AccountInclude: include, Vote: boolp(false), Failed: boolp(false)},
	}}
}

const (
	pumpswap  = "pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA"
	launchlab = "LanMV9sAd7wArD4vJFi2qDdfnVhFxYSUg6eADduJ3uj"
)

func TestPlanGroupsAndMerges(t *testing.T) {
	ms := []Monitor{
		txMonitor("price", subjects.High, "", []events.Kind{events.Trade}, pumpfun),
		txMonitor("all", subjects.High, Processed, nil, pumpfun),
		// same addresses in another order and repeated: still the same filter
		txMonitor("grad", subjects.High, "", []events.Kind{events.Complete, events.Migrate}, launchlab, pumpfun),
		txMonitor("grad2", subjects.High, "", []events.Kind{events.Migrate}, pumpfun, launchlab),
		txMonitor("swap", subjects.High, "", []events.Kind{events.Trade}, pumpswap),
		txMonitor("final", subjects.High, Finalized, nil, pumpfun),
		txMonitor("mint", subjects.Medium, "", []events.Kind{events.Create}, pumpfun),
		{ID: "curve", Group: subjects.High, Kinds: []events.Kind{events.BondingCurve}, Filter: Filter{
			Accounts: &AccountFilter{Owner: []string{pumpfun}, Memcmp: []Memcmp{{Hex: "17b7f83760d8ac60"}}}}},
		{ID: "curve2", Group: subjects.High, Filter: Filter{
			Accounts: &AccountFilter{Owner: []string{pumpfun}, Memcmp: []Memcmp{{Base58: "4y6pru6YvC7"}}}}},
	}
	plans, err := Plan(ms)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range plans {
		got = append(got, p.Name+" "+strings.Join(p.Monitors, ","))
	}
	want := []string{
		"high-processed all,curve,curve2,grad,grad2,price,swap",
		"high-finalized final",
		"medium-processed mint",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("Plan streams = %q, want %q", got, want)
	}
	req := plans[0].Request
	if got, want := keys(req.Transactions), []string{"all+price", "grad+grad2", "swap"}; !slices.Equal(got, want) {
		t.Errorf("transactions filters = %v, want %v", got, want)
	}
	if got, want := keys(req.Accounts), []string{"curve+curve2"}; !slices.Equal(got, want) {
		t.Errorf("accounts filters = %v, want %v (hex and base58 of the same bytes)", got, want)
	}
	if got := req.Transactions["grad+grad2"].AccountInclude; !slices.Equal(got, []string{pumpfun, launchlab}) {
		t.Errorf("grad+grad2 account_include = %v, want sorted", got)
	}
	if plans[1].Request.GetCommitment() != pb.CommitmentLevel_FINALIZED {
		t.Errorf("high-finalized commitment = %v", plans[1].Request.GetCommitment())
	}

	r := plans[0].Router
	for _, tt := range []struct {
		filters []string
		program events.Program
		kind    events.Kind
		want    []string
	}{
		{[]string{"all+price"}, events.Pumpfun, events.Trade, []string{"all", "price"}},
		{[]string{"all+price"}, events.Pumpfun, events.Create, []string{"all"}},
		{[]string{"all+price", "grad+grad2"}, events.Pumpfun, events.Migrate, []string{"all", "grad", "grad2"}},
		{[]string{"all+price", "grad+grad2"}, events.Pumpfun, events.Complete, []string{"all", "grad"}},
		{[]string{"swap", "all+price"}, events.PumpSwap, events.Trade, []string{"all", "price", "swap"}},
		{[]string{"swap"}, events.PumpSwap, events.Deposit, nil},
		{[]string{"curve+curve2"}, events.Pumpfun, events.BondingCurve, []string{"curve", "curve2"}},
		{[]string{"curve+curve2", "nope"}, events.Pumpfun, events.Global, []string{"curve2"}},
		{nil, events.Pumpfun, events.Trade, nil},
	} {
		if got := r.Route(nil, tt.filters, tt.program, tt.kind); !slices.Equal(got, tt.want) {
			t.Errorf("Route(%v, %s, %s) = %v, want %v", tt.filters, tt.program, tt.kind, got, tt.want)
		}
	}
	if r.Dropped() != 2 || r.UnknownFilters() != 1 {
		t.Errorf("Dropped() = %d, UnknownFilters() = %d, want 2, 1", r.Dropped(), r.UnknownFilters())
	}
	if got, want := r.Monitors(nil, []string{"swap", "all+price"}), []string{"all", "price", "swap"}; !slices.Equal(got, want) {
		t.Errorf("Monitors = %v, want %v", got, want)
	}
	if got, want := r.Filters(), []string{"all+price", "curve+curve2", "grad+grad2", "swap"}; !slices.Equal(got, want) {
		t.Errorf("Filters = %v, want %v", got, want)
	}
}

// TestShippedRouting checks the merge the shipped file relies on: pump.fun's price and
// transaction monitors share one filter and each gets the kinds it asked for.
func TestShippedRouting(t *testing.T) {
	plans, err := Plan(loadShipped(t))
	if err != nil {
		t.Fatal(err)
	}
	r := plans[0].Router
	name := []string{"pumpfun-price+pumpfun-transaction"}
	if got, want := r.Route(nil, name, events.Pumpfun, events.Trade), []string{"pumpfun-price", "pumpfun-transaction"}; !slices.Equal(got, want) {
		t.Errorf("Route(trade) = %v, want %v", got, want)
	}
	if got, want := r.Route(nil, name, events.Pumpfun, events.Complete), []string{"pumpfun-transaction"}; !slices.Equal(got, want) {
		t.Errorf("Route(complete) = %v, want %v", got, want)
	}
	// a routed transaction touching pump.fun and PumpSwap: the PumpSwap trade goes to
	// pumpswap-trade and the all-kinds monitor, not to the pump.fun price monitor
	got := r.Route(nil, []string{"pumpswap-trade", name[0]}, events.PumpSwap, events.Trade)
	if want := []string{"pumpfun-transaction", "pumpswap-trade"}; !slices.Equal(got, want) {
		t.Errorf("Route(pumpswap trade) = %v, want %v", got, want)
	}
}

func TestFilterNameLong(t *testing.T) {
	var ms []Monitor
	var ids []string
	for _, c := range "abcdefgh" {
		id := strings.Repeat(string(c), 20)
		ids = append(ids, id)
		ms = append(ms, txMonitor(id, subjects.High, "", []events.Kind{events.Trade}, pumpfun))
	}
	plans, err := Plan(ms)
	if err != nil {
		t.Fatal(err)
	}
	names := keys(plans[0].Request.Transactions)
	if len(names) != 1 || len(names[0]) > MaxFilterNameLen || !strings.HasPrefix(names[0], ids[0]+"+7more-") {
		t.Fatalf("filter names %q, want one of at most %d bytes starting %q", names, MaxFilterNameLen, ids[0]+"+7more-")
	}
	if got := plans[0].Router.Route(nil, names, events.Pumpfun, events.Trade); !slices.Equal(got, ids) {
		t.Errorf("Route(%s) = %v, want %v", names[0], got, ids)
	}
}

func TestPlanInvalid(t *testing.T) {
	ms := []Monitor{txMonitor("a", subjects.High, "", nil, pumpfun), txMonitor("a", subjects.Low, "", nil, pumpfun)}
	if _, err := Plan(ms); err == nil || !strings.Contains(err.Error(), "duplicate") {
		t.Errorf("Plan(duplicate ids) = %v, want a duplicate error", err)
	}
}

func TestRouteAllocs(t *testing.T) {
	plans, err := Plan(loadShipped(t))
	if err != nil {
		t.Fatal(err)
	}
	r := plans[0].Router
	filters := []string{"pumpfun-price+pumpfun-transaction", "pumpswap-trade"}
	buf := make([]string, 0, 8)
	if n := testing.AllocsPerRun(100, func() { buf = r.Route(buf[:0], filters, events.Pumpfun, events.Trade) }); n != 0 {
		t.Errorf("Route allocates %v times per call, want 0", n)
	}
}

// TestRouteManyMonitors covers streams of more than 64 and more than 256 monitors.
func TestRouteManyMonitors(t *testing.T) {
	for _, n := range []int{65, 300} {
		var ms []Monitor
		for i := range n {
			id := fmt.Sprintf("m%03d", i)
			kinds := []events.Kind{events.Trade}
			if i%2 == 1 {
				kinds = []events.Kind{events.Create}
			}
			ms = append(ms, txMonitor(id, subjects.High, "", kinds, pumpfun))
		}
		plans, err := Plan(ms)
		if err != nil {
			t.Fatal(err)
		}
		names := keys(plans[0].Request.Transactions)
		if got := plans[0].Router.Route(nil, names, events.Pumpfun, events.Trade); len(got) != (n+1)/2 || got[len(got)-1] != ms[n-1-(n-1)%2].ID {
			t.Errorf("%d monitors: Route = %d ids ending %q", n, len(got), got[len(got)-1])
		}
	}
}

func BenchmarkRoute(b *testing.B) {
	plans, err := Plan(loadShipped(b))
	if err != nil {
		b.Fatal(err)
	}
	r := plans[0].Router
	filters := []string{"pumpfun-price+pumpfun-transaction"}
	buf := make([]string, 0, 8)
	b.ReportAllocs()
	for b.Loop() {
		buf = r.Route(buf[:0], filters, events.Pumpfun, events.Trade)
	}
}
