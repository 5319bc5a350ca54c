// Package yellowstone is GeyserJet's Yellowstone gRPC client: one connection to a provider
// carrying several Subscribe streams, each kept alive without missing data.
//
// A Client owns one gRPC connection (grpc-go reconnects it on its own, lazily, when a stream needs
// it). Every TCP dial — the first and every reconnect — waits in Config.Gate first, so that the
// connection budget, not grpc-go, decides when the provider is dialed; the default Gate is a local
// TokenBucket of 60 dials per minute. The x-token goes out as "x-token" metadata on every RPC and
// appears in no log, error or metric.
//
// Subscribe runs one stream on the shared connection until its context ends. It answers the
// provider's pings, pings the provider itself, sends new filters on the open stream, and after any
// failure — a stream error, a stall, the server ending the stream, the connection dropping —
// resubscribes with from_slot set to StreamConfig.Checkpoint, backing off exponentially with full
// jitter. Refusals are told apart (ErrRateLimited, ErrUnauthenticated, ErrNotWhitelisted) in the
// errors passed to StreamConfig.OnError, in logs and in the reconnects_total metric. A from_slot
// the provider no longer has (OutOfRange) is a gap: it is counted, logged at Error, and the stream
// resubscribes without from_slot.
//
// What it does not do: deduplicate. After a resubscribe the updates of the checkpoint slot, and
// of any slot after it that had already arrived, come again; JetStream's Nats-Msg-Id dedup drops
// them downstream. It does not merge filters or choose connections: the ingestor does.
//
// Goroutines and buffering: each Subscribe call runs, per attempt, a receiver goroutine (Recv,
// pings) and a control goroutine (the only one that sends on the stream: ping answers, client
// pings, new filters; it also watches for stalls); Subscribe waits for both before it resubscribes
// or returns. The receiver hands updates to handle, which runs on the caller's goroutine, through a
// channel of StreamConfig.Buffer updates. A slow handle fills it, then stops the receiver, then
// gRPC flow control stops the provider: memory stays flat, and a provider that drops slow
// consumers will drop the stream (it is then resubscribed from the checkpoint). Time spent waiting
// for handle never counts as a stall.
package yellowstone
