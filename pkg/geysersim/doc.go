// Package geysersim is a Yellowstone-compatible gRPC server for development, tests and demos:
// the real Geyser service of the pinned yellowstone-grpc proto, with the plugin's filter
// semantics, a provider's limits and errors, and faults on demand.
//
// A Server publishes the updates of a Source (a capture replay, later the market generator) into
// one shared, append-only log; it synthesizes slot and block-meta updates when the source has
// none. Every Subscribe stream reads that log with its own cursor, filters each update, and sends
// the update's bytes, marshaled once, after a per-stream `filters` prefix: unchanged messages are
// never copied per subscriber.
//
// Goroutines: Serve owns the source reader, the pacer, the gRPC and admin servers and waits for
// all of them. Each stream has a sender goroutine, waited for by its handler, and a receiver
// goroutine, which exits when its stream ends and is waited for by Serve.
//
// Buffering and slowness: a stream may fall at most Config.QueueSize updates behind the head of
// the log. Beyond that it is dropped with codes.Internal "lagged to send an update", as the
// Yellowstone plugin does, unless Config.Block is set, in which case the slowest stream slows the
// source instead. The log also retains the last Config.ReplaySlots slots for from_slot.
//
// What it does not do: blocks and entries subscriptions (refused with InvalidArgument), TLS,
// forks (every slot is processed, then confirmed and finalized a fixed number of slots later).
package geysersim
