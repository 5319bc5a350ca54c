// Command trading runs the trading service until SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/geyserjet/geyserjet/services/trading"
)

func main() {
	cfg := trading.Config{Logger: slog.New(slog.NewJSONHandler(os.Stderr, nil)).With("service", "trading")}
	fs := flag.NewFlagSet("trading", flag.ExitOnError)
	_ = fs.Parse(os.Args[1:])
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := trading.Run(ctx, cfg); err != nil {
		cfg.Logger.Error("trading stopped", "err", err)
		os.Exit(1)
	}
}
