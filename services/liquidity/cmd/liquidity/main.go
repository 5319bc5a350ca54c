// Command liquidity runs the liquidity service until SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/geyserjet/geyserjet/services/liquidity"
)

func main() {
	cfg := liquidity.Config{Logger: slog.New(slog.NewJSONHandler(os.Stderr, nil)).With("service", "liquidity")}
	fs := flag.NewFlagSet("liquidity", flag.ExitOnError)
	_ = fs.Parse(os.Args[1:])
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := liquidity.Run(ctx, cfg); err != nil {
		cfg.Logger.Error("liquidity stopped", "err", err)
		os.Exit(1)
	}
}
