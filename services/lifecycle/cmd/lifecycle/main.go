// Command lifecycle runs the lifecycle service until SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/geyserjet/geyserjet/services/lifecycle"
)

func main() {
	cfg := lifecycle.Config{Logger: slog.New(slog.NewJSONHandler(os.Stderr, nil)).With("service", "lifecycle")}
	fs := flag.NewFlagSet("lifecycle", flag.ExitOnError)
	_ = fs.Parse(os.Args[1:])
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := lifecycle.Run(ctx, cfg); err != nil {
		cfg.Logger.Error("lifecycle stopped", "err", err)
		os.Exit(1)
	}
}
