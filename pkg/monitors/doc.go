// Package monitors defines what users watch and how their watches go on the wire.
//
// A Monitor names a Yellowstone filter (transactions, accounts, slots, blocks_meta), the group it
// runs in (high, medium or low: its share of the connection budget and the priority class of its
// events), the commitment it streams at, and the event kinds and programs it wants. Load and
// LoadFile read monitors from YAML (deploy/monitors.yaml) and validate them; Validate checks
// monitors built in code or received over the API.
//
// Plan turns monitors into StreamPlans, one per Subscribe stream:
//
//   - Monitors of one group and one commitment share one stream (its Name is
//     "<group>-<commitment>", e.g. "high-processed").
//   - Within a stream, monitors whose filters of one kind (transactions, accounts, slots or
//     blocks_meta) are identical after canonicalisation (address lists sorted and deduplicated,
//     memcmp data as bytes) share one filter on the wire. Its name is the sorted ids of those
//     monitors joined with "+" ("pumpfun-price+pumpfun-transaction"); a monitor with a filter of
//     its own is named by its id alone. Ids never contain "+", so a name decodes to exactly one
//     set of monitors, whichever map of the SubscribeRequest it is in. When the joined name would
//     exceed MaxFilterNameLen (Yellowstone's default limit), it is "<first id>+<n>more-<hash>",
//     n being the number of further ids and hash eight hex digits of FNV-1a over the joined name.
//   - Output is deterministic: streams sorted by group (high first) then commitment, ids sorted.
//
// Each StreamPlan has a Router: given the filter names of a SubscribeUpdate and the program and
// kind of an event decoded from it, Route returns the ids of the monitors that matched and asked
// for that event, which go into the event's Monitors field. An event no such monitor wants is
// dropped by the caller and counted by the Router.
//
// The package does no I/O beyond LoadFile, starts no goroutines and holds no global state.
// Monitors and StreamPlans are values; a Router is immutable after Plan except for its counters,
// and safe for concurrent use.
package monitors
