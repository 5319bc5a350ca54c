// Package wire decodes Yellowstone SubscribeUpdate messages into a message that is reused from
// one update to the next, the way proto.Unmarshal would decode them into a fresh one, with next
// to no allocation.
//
// Unmarshal parses every kind of update of the pinned yellowstone-grpc proto (transaction,
// account, slot, block meta, block, entry, transaction status, ping, pong) and the top-level
// filters and created_at with a hand-written parser. It keeps the messages, the oneof wrapper,
// the optional scalars and the slices the target already holds, resets them field by field,
// and makes the bytes fields of the result alias the encoding; strings are substrings of a
// single string copy of the encoding, made at the first string field.
//
// What the parser does not take exactly as proto.Unmarshal would, it leaves to proto.Unmarshal:
// unknown fields, a known field with an unexpected wire type, a singular message field or the
// update oneof seen twice (proto merges or replaces), invalid UTF-8 in a string, any malformed
// encoding. Then the result, and the error, are proto.Unmarshal's, into the reset target.
//
// The package holds no state; Unmarshal is safe for concurrent use on distinct targets.
package wire
