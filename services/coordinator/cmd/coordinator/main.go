// Command coordinator runs the coordinator service until SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/geyserjet/geyserjet/services/coordinator"
)

func main() {
	cfg := coordinator.Config{Logger: slog.New(slog.NewJSONHandler(os.Stderr, nil)).With("service", "coordinator")}
	fs := flag.NewFlagSet("coordinator", flag.ExitOnError)
	_ = fs.Parse(os.Args[1:])
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := coordinator.Run(ctx, cfg); err != nil {
		cfg.Logger.Error("coordinator stopped", "err", err)
		os.Exit(1)
	}
}
