package bus

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// KV bucket names (DESIGN.md, KV buckets).
const (
	BucketPoolBudget    = "pool_budget"    // the connection budget's state, CAS-updated
	BucketPoolAssign    = "pool_assign"    // ingestor -> its monitors, connections, streams
	BucketPoolIngestors = "pool_ingestors" // ingestor liveness; keys expire
	BucketPoolMonitors  = "pool_monitors"  // desired monitors
	BucketTokens        = "tokens"         // token lifecycle by mint
	BucketPools         = "pools"          // liquidity by pool
)

// DefaultIngestorTTL is how long an ingestor's liveness key lives in pool_ingestors unless
// refreshed.
const DefaultIngestorTTL = 15 * time.Second

// A BucketConfig configures one KV bucket. A zero field means its default (see
// DefaultBucketsConfig).
type BucketConfig struct {
	History  uint8         // revisions kept per key, 1..64
	TTL      time.Duration // how long a key lives after its last write; -1: forever
	MaxBytes int64         // the bucket's size; -1: unlimited
	Replicas int           // 1, or 3 in a cluster
	Storage  jetstream.StorageType
}

// BucketsConfig holds the configuration of the buckets EnsureBuckets manages. The zero value means
// DefaultBucketsConfig.
type BucketsConfig struct {
	PoolBudget, PoolAssign, PoolIngestors, PoolMonitors, Tokens, Pools BucketConfig
}

// DefaultBucketsConfig returns the defaults: every bucket on file with 1 replica, no size limit
// and no TTL, except pool_ingestors, whose keys expire after DefaultIngestorTTL; history 5 for
// pool_assign and pool_monitors (to see what changed), 1 for the rest.
func DefaultBucketsConfig() BucketsConfig {
	return BucketsConfig{
		PoolBudget:    BucketConfig{History: 1},
		PoolAssign:    BucketConfig{History: 5},
		PoolIngestors: BucketConfig{History: 1, TTL: DefaultIngestorTTL},
		PoolMonitors:  BucketConfig{History: 5},
		Tokens:        BucketConfig{History: 1},
		Pools:         BucketConfig{History: 1},
	}
}

// KeyValueConfigs returns the bucket configurations EnsureBuckets creates, with defaults for zero
// fields.
func (cfg BucketsConfig) KeyValueConfigs() []jetstream.KeyValueConfig {
	d := DefaultBucketsConfig()
	one := func(name, desc string, c, dc BucketConfig) jetstream.KeyValueConfig {
		if c.History == 0 {
			c.History = dc.History
		}
		if c.TTL == 0 {
			c.TTL = dc.TTL
		}
		if c.TTL < 0 {
			c.TTL = 0
		}
		if c.MaxBytes == 0 {
			c.MaxBytes = dc.MaxBytes
		}
		if c.MaxBytes <= 0 {
			c.MaxBytes = -1
		}
		if c.Replicas == 0 {
			c.Replicas = max(dc.Replicas, 1)
		}
		return jetstream.KeyValueConfig{Bucket: name, Description: desc, History: c.History, TTL: c.TTL,
			MaxBytes: c.MaxBytes, Replicas: c.Replicas, Storage: c.Storage}
	}
	return []jetstream.KeyValueConfig{
		one(BucketPoolBudget, "GeyserJet connection budget state", cfg.PoolBudget, d.PoolBudget),
		one(BucketPoolAssign, "GeyserJet assignment: ingestor -> monitors, connections, streams", cfg.PoolAssign, d.PoolAssign),
		one(BucketPoolIngestors, "GeyserJet ingestor liveness", cfg.PoolIngestors, d.PoolIngestors),
		one(BucketPoolMonitors, "GeyserJet desired monitors", cfg.PoolMonitors, d.PoolMonitors),
		one(BucketTokens, "GeyserJet token lifecycle by mint", cfg.Tokens, d.Tokens),
		one(BucketPools, "GeyserJet pool liquidity by address", cfg.Pools, d.Pools),
	}
}

// EnsureBuckets creates the KV buckets of cfg that do not exist and updates those whose history,
// TTL, size or replicas differ, keeping their keys; a bucket that already matches is left alone.
// It returns what it did, one Result per bucket, in the order of KeyValueConfigs.
//
// Errors name the bucket; a bucket's storage cannot change once created. Safe for concurrent use.
func EnsureBuckets(ctx context.Context, js jetstream.JetStream, cfg BucketsConfig) ([]Result, error) {
	var results []Result
	for _, want := range cfg.KeyValueConfigs() {
		action, err := ensureBucket(ctx, js, want)
		if err != nil {
			return results, err
		}
		results = append(results, Result{Name: want.Bucket, Action: action})
	}
	return results, nil
}

func ensureBucket(ctx context.Context, js jetstream.JetStream, want jetstream.KeyValueConfig) (Action, error) {
	s, err := js.Stream(ctx, "KV_"+want.Bucket) // a bucket is a stream; its config says it all
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		_, err = js.CreateKeyValue(ctx, want)
		if errors.Is(err, jetstream.ErrBucketExists) || errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
			return ensureBucket(ctx, js, want) // created meanwhile, differently
		}
		if err != nil {
			return "", fmt.Errorf("bus: create bucket %s: %w", want.Bucket, err)
		}
		return Created, nil
	}
	if err != nil {
		return "", fmt.Errorf("bus: bucket %s: %w", want.Bucket, err)
	}
	have := s.CachedInfo().Config
	if have.Description == want.Description && have.MaxMsgsPerSubject == int64(want.History) &&
		have.MaxAge == want.TTL && have.MaxBytes == want.MaxBytes && have.Replicas == want.Replicas &&
		have.Storage == want.Storage {
		return Unchanged, nil
	}
	if have.Storage != want.Storage {
		return "", fmt.Errorf("bus: update bucket %s: storage is %v, config wants %v; JetStream cannot change it",
			want.Bucket, have.Storage, want.Storage)
	}
	if _, err := js.UpdateKeyValue(ctx, want); err != nil {
		return "", fmt.Errorf("bus: update bucket %s: %w", want.Bucket, err)
	}
	return Updated, nil
}
