// Package ingestor is the ingestor service: it owns Yellowstone Subscribe streams, decodes each
// update once and publishes the events to the sol.* JetStream subjects with their Nats-Msg-Id.
//
// Run plans the monitors (pkg/monitors) into one Subscribe stream per group and commitment, runs
// them on one Yellowstone connection (pkg/yellowstone), and for each stream:
//
//   - the client's reader hands every update to a bounded channel (Config.Buffer updates); a full
//     channel blocks the reader, so a slow pipeline slows the stream, it does not grow memory;
//   - one goroutine per stream decodes (one pkg/decoder per stream), routes each event to the
//     monitors that asked for it (events no monitor wants are dropped and counted), and publishes
//     it to sol.<priority>.<program>.<kind>.<key>; an update that does not decode goes, with its
//     raw bytes and the error, to dlq.ingestor.<program>, and its other events are published;
//   - publishes are asynchronous, at most Config.MaxInFlight unacknowledged at once over all
//     streams. When the window is full a stream waits for a slot, and waiting high-priority
//     streams get slots before medium ones, medium before low. A publish that fails or is not
//     acknowledged within Config.PublishTimeout is sent again with the same Nats-Msg-Id until
//     it is acknowledged (JetStream's duplicate window drops a copy that did arrive): when
//     JetStream is slow or down, the window fills and the streams wait; nothing is dropped.
//   - the stream's checkpoint, from which the client resubscribes after a failure, is the
//     oldest slot with an update not yet processed or a publish not yet acknowledged, or the
//     newest slot received when there is none: a reconnect misses nothing, and what it replays
//     twice the duplicate window drops.
//
// Shutdown, when ctx ends: the streams stop reading, the updates already read are processed,
// every publish is waited for until acknowledged (at most ShutdownTimeout; what is left is
// logged at Error with its count), NATS is closed, then the HTTP server stops.
//
// Goroutines: Run owns all of them (two per stream, one that resends failed publishes, the HTTP
// server's) and none is left when it returns. The hot path counts metrics and never logs.
package ingestor
