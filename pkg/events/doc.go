// Package events is the contract between the ingestor and every consumer: the Go type of each
// decoded event, its one JSON encoding, the subject it is published on and its Nats-Msg-Id.
//
// An Event is a Header-like envelope (slot, signature, instruction path, block time, the
// monitors that matched, the ingestor, the receive time) around a Body, one type per program
// and kind (PumpfunTrade, PumpSwapPoolCreate, …). The JSON of an event is one flat object: the
// envelope fields (v, program, kind, slot, signature, index, block_time, monitors, ingestor,
// received_at), then the body's fields. Raw on-chain amounts are uint64 and encode as exact
// JSON integers named as in the program's IDL; derived values (price_sol, market_cap_sol) are
// float64 fields next to them.
//
// Encoding is hand-written and allocation-free (AppendJSON), because it runs once per event on
// the ingestor's hot path; a test pins it byte for byte to what encoding/json produces from the
// struct tags, so there is one encoding, and consumers read events with encoding/json through
// Decode. The package holds no state and is safe for concurrent use.
package events
