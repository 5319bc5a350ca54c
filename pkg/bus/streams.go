package bus

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/geyserjet/geyserjet/pkg/subjects"
)

// Stream names and the subjects they hold.
const (
	StreamHigh   = "SOL_HIGH"   // sol.high.>: trades and swaps
	StreamMedium = "SOL_MEDIUM" // sol.medium.>: creates, completes, migrations, new pools
	StreamLow    = "SOL_LOW"    // sol.low.>: account state, deposits, withdrawals
	StreamDLQ    = "DLQ"        // dlq.>: dead letters

	DLQSubjects = "dlq.>"
)

// DefaultDuplicates is the default duplicate window: how long JetStream remembers a Nats-Msg-Id.
// It must cover the longest replay after a reconnect (the ingestor resubscribes from its last
// processed slot), and it costs memory; see StreamLimits.Duplicates.
const DefaultDuplicates = 2 * time.Minute

// DefaultLowMaxMsgsPerSubject is how many messages SOL_LOW keeps per subject by default: account
// state keeps the latest messages per subject (per account).
const DefaultLowMaxMsgsPerSubject = 100

// StreamLimits are the limits of one stream. A zero field means its default (see
// DefaultStreamsConfig); -1 means unlimited for MaxAge, MaxBytes, MaxMsgs and MaxMsgsPerSubject.
// Retention is always limits: the oldest messages go when a limit is reached.
type StreamLimits struct {
	MaxAge            time.Duration // how long a message is kept
	MaxBytes          int64         // the stream's size on disk or in memory
	MaxMsgs           int64         // messages in the stream
	MaxMsgsPerSubject int64         // messages kept per subject, the latest ones
	Replicas          int           // 1, or 3 in a cluster
	// Storage is jetstream.FileStorage (the zero value, and the default) or MemoryStorage. A
	// stream's storage cannot change once created: EnsureStreams fails, and the stream must be
	// deleted (losing its messages) to change it.
	Storage jetstream.StorageType
	// Duplicates is the duplicate window (default DefaultDuplicates): a message whose Nats-Msg-Id
	// was seen within it is acknowledged but not stored again. It must not exceed MaxAge.
	//
	// Memory: the server keeps every id seen within the window in memory, per stream: the id
	// and its map entry, record and index, about id length + 90 bytes. With the ingestor's
	// ~100-byte ids that is ~190 B per message (BenchmarkDedupMemory measured 190–200 B/id for
	// 105-byte ids), so the window costs about 190 B × messages per second × window: 5,000 msgs/s
	// for 2 minutes is 600,000 ids, ~115 MB; 100,000 msgs/s for 2 minutes is 12 million ids,
	// ~2.3 GB. The ids survive a server restart (rebuilt from the stored messages). Size the
	// window for the replay after a reconnect, not longer, and expect the busiest stream's
	// memory to follow it.
	Duplicates time.Duration
}

// StreamsConfig holds the limits of the streams EnsureStreams manages. The zero value means
// DefaultStreamsConfig.
type StreamsConfig struct {
	High, Medium, Low, DLQ StreamLimits
}

// DefaultStreamsConfig returns the defaults: every stream on file with 1 replica and a
// 2-minute duplicate window; SOL_HIGH 24 h and 1 GiB, SOL_MEDIUM 7 days and 512 MiB, SOL_LOW
// 24 h, 512 MiB and the latest 100 messages per subject, DLQ 14 days and 256 MiB.
func DefaultStreamsConfig() StreamsConfig {
	return StreamsConfig{
		High:   StreamLimits{MaxAge: 24 * time.Hour, MaxBytes: 1 << 30},
		Medium: StreamLimits{MaxAge: 7 * 24 * time.Hour, MaxBytes: 512 << 20},
		Low:    StreamLimits{MaxAge: 24 * time.Hour, MaxBytes: 512 << 20, MaxMsgsPerSubject: DefaultLowMaxMsgsPerSubject},
		DLQ:    StreamLimits{MaxAge: 14 * 24 * time.Hour, MaxBytes: 256 << 20},
	}
}

// withDefaults fills zero fields from d and turns -1 into what JetStream means by unlimited.
func (l StreamLimits) withDefaults(d StreamLimits) StreamLimits {
	if l.MaxAge == 0 {
		l.MaxAge = d.MaxAge
	}
	if l.MaxBytes == 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxMsgs == 0 {
		l.MaxMsgs = d.MaxMsgs
	}
	if l.MaxMsgsPerSubject == 0 {
		l.MaxMsgsPerSubject = d.MaxMsgsPerSubject
	}
	if l.Replicas == 0 {
		l.Replicas = max(d.Replicas, 1)
	}
	if l.Duplicates == 0 {
		l.Duplicates = d.Duplicates
	}
	if l.Duplicates == 0 {
		l.Duplicates = DefaultDuplicates
	}
	if l.MaxAge < 0 {
		l.MaxAge = 0 // JetStream: 0 is unlimited
	}
	for _, p := range []*int64{&l.MaxBytes, &l.MaxMsgs, &l.MaxMsgsPerSubject} {
		if *p <= 0 {
			*p = -1
		}
	}
	if l.MaxAge > 0 && l.Duplicates > l.MaxAge {
		l.Duplicates = l.MaxAge
	}
	return l
}

// StreamConfigs returns the JetStream configurations EnsureStreams creates: SOL_HIGH, SOL_MEDIUM,
// SOL_LOW and DLQ, with cfg's limits and defaults for zero fields.
func (cfg StreamsConfig) StreamConfigs() []jetstream.StreamConfig {
	d := DefaultStreamsConfig()
	one := func(name, desc, subject string, l, dl StreamLimits) jetstream.StreamConfig {
		l = l.withDefaults(dl)
		return jetstream.StreamConfig{
			Name:              name,
			Description:       desc,
			Subjects:          []string{subject},
			Retention:         jetstream.LimitsPolicy,
			Discard:           jetstream.DiscardOld,
			MaxAge:            l.MaxAge,
			MaxBytes:          l.MaxBytes,
			MaxMsgs:           l.MaxMsgs,
			MaxMsgsPerSubject: l.MaxMsgsPerSubject,
			Replicas:          l.Replicas,
			Storage:           l.Storage,
			Duplicates:        l.Duplicates,
			MaxConsumers:      -1,
			AllowDirect:       true, // consumers read the latest state by subject without a consumer
		}
	}
	return []jetstream.StreamConfig{
		one(StreamHigh, "GeyserJet high priority: trades and swaps", subjects.Filter(subjects.High), cfg.High, d.High),
		one(StreamMedium, "GeyserJet medium priority: creates, completes, migrations, new pools", subjects.Filter(subjects.Medium), cfg.Medium, d.Medium),
		one(StreamLow, "GeyserJet low priority: account state (latest per subject), deposits, withdrawals", subjects.Filter(subjects.Low), cfg.Low, d.Low),
		one(StreamDLQ, "GeyserJet dead letters: what a service could not process, with the error in headers", DLQSubjects, cfg.DLQ, d.DLQ),
	}
}

// An Action is what Ensure did to a stream or bucket.
type Action string

// Actions.
const (
	Created   Action = "created"
	Updated   Action = "updated"
	Unchanged Action = "unchanged"
)

// A Result says what EnsureStreams or EnsureBuckets did to one stream or bucket.
type Result struct {
	Name   string
	Action Action
}

// EnsureStreams creates the streams of cfg that do not exist and updates those whose limits
// differ, keeping their messages; a stream that already matches is left alone, so calling it
// twice with the same cfg changes nothing. Settings it does not manage (metadata, sources, …)
// are kept. It returns what it did, one Result per stream, in the order of StreamConfigs.
//
// Errors name the stream; JetStream refuses some changes (storage type, or subjects that overlap
// another stream's), and errors.As finds its *jetstream.APIError. Safe for concurrent use; two
// processes ensuring the same config at once both succeed.
func EnsureStreams(ctx context.Context, js jetstream.JetStream, cfg StreamsConfig) ([]Result, error) {
	var results []Result
	for _, want := range cfg.StreamConfigs() {
		action, err := ensureStream(ctx, js, want)
		if err != nil {
			return results, err
		}
		results = append(results, Result{Name: want.Name, Action: action})
	}
	return results, nil
}

// ensureStream creates or updates one stream to want.
func ensureStream(ctx context.Context, js jetstream.JetStream, want jetstream.StreamConfig) (Action, error) {
	s, err := js.Stream(ctx, want.Name)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		_, err = js.CreateStream(ctx, want)
		if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
			return ensureStream(ctx, js, want) // created meanwhile by another process
		}
		if err != nil {
			return "", fmt.Errorf("bus: create stream %s (%v): %w", want.Name, want.Subjects, err)
		}
		return Created, nil
	}
	if err != nil {
		return "", fmt.Errorf("bus: stream %s: %w", want.Name, err)
	}
	have := s.CachedInfo().Config
	merged := mergeStream(have, want)
	if sameStream(have, merged) {
		return Unchanged, nil
	}
	if have.Storage != want.Storage {
		return "", fmt.Errorf("bus: update stream %s: storage is %v, config wants %v; JetStream cannot change it: delete the stream (losing its messages) or keep %v",
			want.Name, have.Storage, want.Storage, have.Storage)
	}
	if _, err := js.UpdateStream(ctx, merged); err != nil {
		return "", fmt.Errorf("bus: update stream %s: %w", want.Name, err)
	}
	return Updated, nil
}

// mergeStream returns have with the fields EnsureStreams manages taken from want.
func mergeStream(have, want jetstream.StreamConfig) jetstream.StreamConfig {
	m := have
	m.Description = want.Description
	m.Subjects = want.Subjects
	m.Retention = want.Retention
	m.Discard = want.Discard
	m.MaxAge = want.MaxAge
	m.MaxBytes = want.MaxBytes
	m.MaxMsgs = want.MaxMsgs
	m.MaxMsgsPerSubject = want.MaxMsgsPerSubject
	m.Replicas = want.Replicas
	m.Storage = want.Storage
	m.Duplicates = want.Duplicates
	m.MaxConsumers = want.MaxConsumers
	m.AllowDirect = want.AllowDirect
	return m
}

// sameStream compares the fields EnsureStreams manages.
func sameStream(a, b jetstream.StreamConfig) bool {
	return a.Description == b.Description && slices.Equal(a.Subjects, b.Subjects) &&
		a.Retention == b.Retention && a.Discard == b.Discard && a.MaxAge == b.MaxAge &&
		a.MaxBytes == b.MaxBytes && a.MaxMsgs == b.MaxMsgs && a.MaxMsgsPerSubject == b.MaxMsgsPerSubject &&
		a.Replicas == b.Replicas && a.Storage == b.Storage && a.Duplicates == b.Duplicates &&
		a.MaxConsumers == b.MaxConsumers && a.AllowDirect == b.AllowDirect
}
