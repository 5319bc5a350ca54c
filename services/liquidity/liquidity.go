// Package liquidity is the liquidity service: it keeps AMM pool state, reserves, liquidity adds and removes, and TVL.
//
// Only the service's skeleton exists so far: Run waits for its context to end. The behaviour
// lands with its issue.
package liquidity

import (
	"context"
	"log/slog"
)

// Config configures the liquidity service. A zero field means its documented default.
type Config struct {
	Logger *slog.Logger // default: discard
}

// Run blocks until ctx is canceled and returns nil.
func Run(ctx context.Context, cfg Config) error {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	cfg.Logger.Info("liquidity started")
	<-ctx.Done()
	cfg.Logger.Info("liquidity stopped")
	return nil
}
