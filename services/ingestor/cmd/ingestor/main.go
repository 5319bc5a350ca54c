// Command ingestor runs the ingestor service until SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/geyserjet/geyserjet/services/ingestor"
)

func main() {
	cfg := ingestor.Config{Logger: slog.New(slog.NewJSONHandler(os.Stderr, nil)).With("service", "ingestor")}
	fs := flag.NewFlagSet("ingestor", flag.ExitOnError)
	_ = fs.Parse(os.Args[1:])
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := ingestor.Run(ctx, cfg); err != nil {
		cfg.Logger.Error("ingestor stopped", "err", err)
		os.Exit(1)
	}
}
