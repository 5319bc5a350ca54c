// Package bus provides what every GeyserJet process needs from NATS: Connect (reconnecting
// forever, logging through slog, credentials kept in secret.Values and out of errors and logs),
// Redact for URLs, Check for /healthz, EnsureStreams and EnsureBuckets for the streams and KV
// buckets of DESIGN.md, NewMsg for publishing with a Nats-Msg-Id, PublishAsync for asynchronous
// publishes that wait for room in their window instead of failing, AckPublisher for
// asynchronous publishes at high rates (the JetStream publish protocol over core NATS, acks
// parsed without reflection, one callback), DeadLetter for the DLQ stream, and StartEmbedded, the nats-server with JetStream that `geyserjet dev` runs in its own
// process.
//
// Streams. SOL_HIGH (sol.high.>), SOL_MEDIUM (sol.medium.>) and SOL_LOW (sol.low.>) hold the
// events of each priority, DLQ (dlq.>) the dead letters. All use limits retention: messages stay
// until a limit of age, size or count pushes the oldest out, whoever has read them; consumers
// keep their own position. SOL_LOW holds account state and keeps the latest messages per
// subject (MaxMsgsPerSubject, default 100). Every stream detects duplicates by Nats-Msg-Id
// within its duplicate window, which costs server memory: see StreamLimits.Duplicates.
//
// The package does not consume: consumers belong to the services. It starts no goroutines of
// its own except the nats.go connection's (closed by the caller's Close or Drain), an
// AckPublisher's one (ended by its Close), and the two that shut down an embedded server when
// its ctx ends.
package bus
