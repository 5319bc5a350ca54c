// Command geyserjet is GeyserJet's operator CLI: `capture import-rpc` builds a capture file from
// Solana RPC JSON, `capture inspect` decodes one, `version` says what was built.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
