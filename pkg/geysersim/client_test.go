package geysersim

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the writer process and the polling test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestRPCPoolClient runs the rpcpool example client of the pinned module against geysersim with
// transaction, account and slot filters: it receives exactly the matching updates.
func TestRPCPoolClient(t *testing.T) {
	noLeaks(t)
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go tool is not available to build the rpcpool example client")
	}
	bin := filepath.Join(t.TempDir(), "grpc-client")
	build := exec.Command(gobin, "build", "-o", bin, "github.com/rpcpool/yellowstone-grpc/examples/golang/cmd/grpc-client")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the rpcpool client: %v\n%s", err, out)
	}

	s := startServer(t, Config{Source: &sliceSource{items: marketItems()}, Rate: -1, SlotInterval: time.Hour, XToken: "tok"})
	waitPublished(t, s, 30)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncBuffer
	cmd := exec.CommandContext(ctx, bin, "-endpoint", "http://"+s.Addr().String(), "-x-token", "tok",
		"-json", `{"from_slot":100}`, "-slots",
		"-accounts-owner", testKeyStr(10),
		"-transactions", "-transactions-account-include", testKeyStr(5))
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	txLine := regexp.MustCompile(`(^|\s)transaction:\s*\{`)
	acctLine := regexp.MustCompile(`(^|\s)account:\s*\{`)
	slotLine := regexp.MustCompile(`(^|\s)slot:\s*\{`)
	count := func() (txs, accts, slots int, bad []string) {
		for _, l := range strings.Split(out.String(), "\n") {
			switch {
			case txLine.MatchString(l):
				txs++
				if !regexp.MustCompile(`filters:\s*"transactions_sub"`).MatchString(l) {
					bad = append(bad, l)
				}
			case acctLine.MatchString(l):
				accts++
				if !regexp.MustCompile(`filters:\s*"account_sub"`).MatchString(l) {
					bad = append(bad, l)
				}
			case slotLine.MatchString(l):
				slots++
			}
		}
		return
	}
	waitFor(t, 20*time.Second, "the client to print 10 transactions, 5 accounts and 10 slots", func() bool {
		txs, accts, slots, _ := count()
		return txs >= 10 && accts >= 5 && slots >= 10
	})
	cancel()
	cmd.Wait()
	txs, accts, _, bad := count()
	if txs != 10 || accts != 5 || len(bad) > 0 {
		t.Errorf("client printed %d transactions and %d accounts, want 10 and 5; lines with wrong filters: %q\n%s", txs, accts, bad, out.String())
	}
}
