// Package trading is the trading service: it turns trade and swap events into prices, market caps, OHLCV candles, volume and top tokens.
//
// Only the service's skeleton exists so far: Run waits for its context to end. The behaviour
// lands with its issue.
package trading

import (
	"context"
	"log/slog"
)

// Config configures the trading service. A zero field means its documented default.
type Config struct {
	Logger *slog.Logger // default: discard
}

// Run blocks until ctx is canceled and returns nil.
func Run(ctx context.Context, cfg Config) error {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	cfg.Logger.Info("trading started")
	<-ctx.Done()
	cfg.Logger.Info("trading stopped")
	return nil
}
