package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"

	"github.com/geyserjet/geyserjet/pkg/capture"
	"github.com/geyserjet/geyserjet/pkg/decoder"
	"github.com/geyserjet/geyserjet/pkg/decoder/decodertest"
	"github.com/geyserjet/geyserjet/pkg/events"
)

var update = flag.Bool("update-capture", false, "rewrite ../../pkg/testdata/mainnet.capture")

const (
	fixtures       = "../../pkg/testdata/mainnet"
	bundledCapture = "../../pkg/testdata/mainnet.capture"
)

// geyserjet runs the command line args with stdin and returns the exit code, stdout and stderr.
func geyserjet(t *testing.T, stdin []byte, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, bytes.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func numFixtures(t *testing.T) int {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(fixtures, "*.json"))
	if err != nil || len(m) == 0 {
		t.Fatalf("no fixtures in %s", fixtures)
	}
	return len(m)
}

func TestImportThenInspect(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mainnet.capture")
	code, _, stderr := geyserjet(t, nil, "capture", "import-rpc", "-o", path, fixtures)
	if code != 0 {
		t.Fatalf("import-rpc: exit %d: %s", code, stderr)
	}
	summary := lastLine(stderr)
	accounts, err := filepath.Glob(filepath.Join(fixtures, "*_account-*.json")) // one account each
	if err != nil {
		t.Fatal(err)
	}
	na := strconv.Itoa(len(accounts))
	if n := numFixtures(t); !strings.Contains(summary, "import-rpc: "+strconv.Itoa(n)+" files, ") || !strings.Contains(summary, " transactions, "+na+" accounts") {
		t.Errorf("summary = %q, want %d files and %s accounts", summary, n, na)
	}
	if !strings.Contains(stderr, "pumpfun_account-bondingcurve_carbon.json: ") {
		t.Errorf("stderr lacks the notes prefixed by file name:\n%s", stderr)
	}

	code, stdout, stderr := geyserjet(t, nil, "capture", "inspect", "--summary", path)
	if code != 0 {
		t.Fatalf("inspect --summary: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"updates ", "transactions ", fmt.Sprintf("accounts%12s", na), "failed skipped     1", "events by program and kind:", "unknown discriminators:"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout)
		}
	}

	now := "2026-01-02T03:04:05.000000006Z"
	code, stdout, stderr = geyserjet(t, nil, "capture", "inspect", "--now", now, path)
	if code != 0 {
		t.Fatalf("inspect: exit %d: %s", code, stderr)
	}
	// The lines are decodertest's: the same shape the golden files hold.
	want := decodertest.Lines(decodeFile(t, path, decoder.Options{Now: func() time.Time { return decodertest.ReceivedAt }}))
	if stdout != string(want) {
		t.Errorf("inspect output differs from decodertest.Lines of the same capture\n got: %.300s\nwant: %.300s", stdout, want)
	}
	for i, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
		if l == "" {
			continue
		}
		var v struct {
			Subject string          `json:"subject"`
			MsgID   string          `json:"msg_id"`
			Event   json.RawMessage `json:"event"`
		}
		if err := json.Unmarshal([]byte(l), &v); err != nil || v.Subject == "" || v.MsgID == "" || len(v.Event) == 0 {
			t.Fatalf("line %d = %q: %v", i+1, l, err)
		}
		if _, _, err := events.Decode(v.Event); err != nil {
			t.Errorf("line %d: event does not decode: %v", i+1, err)
		}
	}

	// Failed transactions are skipped unless asked for.
	_, all, _ := geyserjet(t, nil, "capture", "inspect", "--now", now, "--include-failed", path)
	if len(all) < len(stdout) {
		t.Errorf("--include-failed printed less (%d bytes) than the default (%d)", len(all), len(stdout))
	}
}

func decodeFile(t *testing.T, path string, opts decoder.Options) []events.Event {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := capture.NewReader(f)
	d := decoder.New(opts)
	var evs []events.Event
	for {
		u, err := r.Next()
		if err != nil {
			break
		}
		evs, _ = d.Decode(u, evs)
	}
	return evs
}

// TestBundledCaptureUpToDate: pkg/testdata/mainnet.capture is exactly what import-rpc makes of
// the fixtures (`make capture`, or go test -update-capture, rewrites it).
func TestBundledCaptureUpToDate(t *testing.T) {
	code, stdout, stderr := geyserjet(t, nil, "capture", "import-rpc", fixtures)
	if code != 0 {
		t.Fatalf("import-rpc: exit %d: %s", code, stderr)
	}
	if *update {
		if err := os.WriteFile(bundledCapture, []byte(stdout), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(bundledCapture)
	if err != nil {
		t.Fatalf("%v (run make capture)", err)
	}
	if !bytes.Equal([]byte(stdout), want) {
		t.Fatalf("%s is stale: import-rpc of %s gives %d bytes, the file has %d; run make capture", bundledCapture, fixtures, len(stdout), len(want))
	}
}

func TestInspectStdin(t *testing.T) {
	data, err := os.ReadFile(bundledCapture)
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := geyserjet(t, data, "capture", "inspect", "--summary", "-")
	if code != 0 || !strings.Contains(stdout, "records            ") {
		t.Errorf("inspect -: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestInspectTruncated(t *testing.T) {
	data, err := os.ReadFile(bundledCapture)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "cut.capture")
	if err := os.WriteFile(path, data[:len(data)-100], 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := geyserjet(t, nil, "capture", "inspect", path)
	if code == 0 || !strings.Contains(stderr, "offset") || !strings.Contains(stderr, "truncated") || !strings.Contains(stderr, path) {
		t.Errorf("inspect of a truncated capture: exit %d, stderr %q; want non-zero and the file, offset and cause", code, stderr)
	}
}

func TestInspectDecodeErrorGoesOn(t *testing.T) {
	var buf bytes.Buffer
	w := capture.NewWriter(&buf)
	// A transaction update without its transaction: the decoder reports it as malformed.
	bad := &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Transaction{Transaction: &pb.SubscribeUpdateTransaction{Slot: 1}}}
	slot := &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Slot{Slot: &pb.SubscribeUpdateSlot{Slot: 7}}}
	for _, u := range []*pb.SubscribeUpdate{bad, slot} {
		if err := w.Write(u); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := geyserjet(t, buf.Bytes(), "capture", "inspect", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "inspect: record 1: ") {
		t.Errorf("stderr = %q, want the decode error of record 1", stderr)
	}
	if !strings.Contains(stdout, `"subject":"sol.`) || !strings.Contains(stdout, `"slot":7`) {
		t.Errorf("stdout = %q, want the slot event of record 2", stdout)
	}
}

func TestImportBadFile(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile(filepath.Join(fixtures, "pumpfun_buy_4U8kypMu.json"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"a_good.json": good, "b_broken.json": []byte(`{"transaction": 1`)} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "out.capture")
	code, _, stderr := geyserjet(t, nil, "capture", "import-rpc", "-o", out, dir)
	if code == 0 || !strings.Contains(stderr, "b_broken.json") {
		t.Errorf("import-rpc with a broken file: exit %d, stderr %q; want non-zero naming the file", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed import left %s behind (%v)", out, err)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "*.tmp*")); len(m) != 0 {
		t.Errorf("temporary files left behind: %v", m)
	}
}

func TestImportOptions(t *testing.T) {
	// A blockSubscribe entry has no slot: --slot and --block-time fill it.
	code, stdout, stderr := geyserjet(t, nil, "capture", "import-rpc", "--slot", "42", "--block-time", "1700000000",
		filepath.Join(fixtures, "pumpfun_create_3sWBncNG.json"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r := capture.NewReader(strings.NewReader(stdout))
	bm, err := r.Next()
	if err != nil || bm.GetBlockMeta().GetSlot() != 42 || bm.GetBlockMeta().GetBlockTime().GetTimestamp() != 1700000000 {
		t.Errorf("first update = %v, %v; want the block meta of slot 42", bm, err)
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no files", []string{"capture", "import-rpc"}, 2, "requires at least 1 arg"},
		{"unknown flag", []string{"capture", "inspect", "--bogus", "x"}, 2, "unknown flag: --bogus"},
		{"bad now", []string{"capture", "inspect", "--now", "yesterday", bundledCapture}, 2, "--now"},
		{"missing file", []string{"capture", "inspect", "/nonexistent/x.capture"}, 1, "no such file"},
		{"missing dir", []string{"capture", "import-rpc", "/nonexistent"}, 1, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := geyserjet(t, nil, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.want) {
				t.Errorf("geyserjet %v: exit %d, stderr %q; want exit %d and %q", tt.args, code, stderr, tt.code, tt.want)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	code, stdout, _ := geyserjet(t, nil, "version")
	if code != 0 || !strings.HasPrefix(stdout, "geyserjet dev (") {
		t.Errorf("version: exit %d, %q", code, stdout)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
