// Package decodertest runs real mainnet transactions through the decoder for tests: it loads
// the RPC JSON files kept in pkg/testdata/mainnet, decodes them with a fixed clock, and compares
// the events with golden files. Use it from external test packages (package foo_test), since it
// imports every program decoder.
package decodertest

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"

	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/decoder"
	"github.com/geyserjet/geyserjet/pkg/events"
	"github.com/geyserjet/geyserjet/pkg/rpcjson"
)

// Update rewrites golden files instead of comparing: go test ./... -update.
var Update = flag.Bool("update", false, "rewrite testdata/*.golden with what the test decoded")

// ReceivedAt is the fixed receive time of every decoded event, so goldens are stable.
var ReceivedAt = time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)

// Dir returns the directory of the mainnet RPC JSON fixtures (pkg/testdata/mainnet).
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", "mainnet")
}

// Files returns the fixture file names whose name starts with prefix (e.g. "pumpfun_").
func Files(t testing.TB, prefix string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(Dir(), prefix+"*.json"))
	if err != nil || len(m) == 0 {
		t.Fatalf("decodertest: no fixtures %s*.json in %s (%v)", prefix, Dir(), err)
	}
	for i := range m {
		m[i] = filepath.Base(m[i])
	}
	return m
}

// Load imports one fixture file into updates.
func Load(t testing.TB, name string) []*pb.SubscribeUpdate {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(Dir(), name))
	if err != nil {
		t.Fatalf("decodertest: %v", err)
	}
	res, err := rpcjson.Import(data, rpcjson.Options{})
	if err != nil {
		t.Fatalf("decodertest: import %s: %v", name, err)
	}
	return res.Updates
}

// Tx returns the chain view of the first transaction update in updates.
func Tx(t testing.TB, updates []*pb.SubscribeUpdate) *chain.Tx {
	t.Helper()
	for _, u := range updates {
		if u.GetTransaction() != nil {
			tx := new(chain.Tx)
			if err := tx.Fill(u.GetTransaction()); err != nil {
				t.Fatalf("decodertest: chain.Fill: %v", err)
			}
			return tx
		}
	}
	t.Fatal("decodertest: no transaction update")
	return nil
}

// Decode decodes updates with opts (Now fixed to ReceivedAt) and fails the test on any error.
func Decode(t testing.TB, updates []*pb.SubscribeUpdate, opts decoder.Options) ([]events.Event, decoder.Stats) {
	t.Helper()
	opts.Now = func() time.Time { return ReceivedAt }
	d := decoder.New(opts)
	var out []events.Event
	for _, u := range updates {
		var err error
		out, err = d.Decode(u, out)
		if err != nil {
			t.Fatalf("decodertest: decode: %v", err)
		}
	}
	return out, d.Stats()
}

// InstructionAt returns the index of the instruction at path p in tx, failing the test if there
// is none.
func InstructionAt(t testing.TB, tx *chain.Tx, p events.Path) int {
	t.Helper()
	i := tx.InstructionAt(p)
	if i < 0 {
		t.Fatalf("decodertest: no instruction at %s", p)
	}
	return i
}

// Of returns the events of program p among evs.
func Of(evs []events.Event, p events.Program) []events.Event {
	var out []events.Event
	for _, e := range evs {
		if e.Body.Program() == p {
			out = append(out, e)
		}
	}
	return out
}

// Line is one event as `geyserjet capture inspect` prints it and golden files hold it.
type Line struct {
	Subject string          `json:"subject"`
	MsgID   string          `json:"msg_id"`
	Event   json.RawMessage `json:"event"`
}

// Lines returns evs as inspect lines.
func Lines(evs []events.Event) []byte {
	var buf bytes.Buffer
	for i := range evs {
		b, _ := json.Marshal(Line{Subject: evs[i].Subject(), MsgID: evs[i].MsgID(), Event: evs[i].AppendJSON(nil)})
		buf.Write(b)
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// Golden compares evs, as inspect lines, with the file at path (relative to the test's package),
// or rewrites it with -update.
func Golden(t testing.TB, path string, evs []events.Event) {
	t.Helper()
	got := Lines(evs)
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("decodertest: %v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s: line %d differs\n got: %s\nwant: %s", path, i+1, g, w)
			}
		}
	}
}
