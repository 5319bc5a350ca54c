// Package rpcjson converts Solana RPC JSON into Yellowstone SubscribeUpdates, so that a
// transaction or account fetched over JSON-RPC can be run through the same decoders as live
// Geyser traffic (and written to a capture file).
//
// Import accepts one JSON document in any of these shapes:
//   - a getTransaction result {slot, blockTime, transaction, meta, version, …}, bare, inside a
//     JSON-RPC response {jsonrpc, result, id}, or as elements of a JSON array;
//   - a blockSubscribe transaction entry {transaction, meta, version} (no slot: Options.Slot),
//     or a whole blockSubscribe notification / block {slot, block: {blockTime, transactions}};
//   - a Yellowstone SubscribeUpdateTransaction serialised to JSON (yellowstone-vixen fixtures:
//     keys and data as byte arrays, meta.loadedWritableAddresses / loadedReadonlyAddresses);
//   - a getAccountInfo response {context: {slot}, value: {data, owner, lamports, …}}, a
//     getMultipleAccounts or getProgramAccounts result, or a bare account {data, owner,
//     lamports, …} (carbon fixtures: data is a base64 string).
//
// Transactions may be encoded as json, jsonParsed, base64 or base58. Each transaction becomes
// one SubscribeUpdate_Transaction, preceded by a SubscribeUpdate_BlockMeta carrying its block
// time when the block time is known; each account becomes one SubscribeUpdate_Account (also
// preceded by a BlockMeta when Options.BlockTime is set).
//
// What RPC JSON does not hold is filled in and reported in Result.Notes:
//   - jsonParsed instructions of system, spl-token and associated-token-account whose raw bytes
//     the parsed form determines exactly are re-encoded; other parsed instructions keep their
//     program id but get no accounts and empty data;
//   - the message header of a jsonParsed transaction is derived from the signer and writable
//     flags of its keys;
//   - the Yellowstone JSON of yellowstone-vixen loses message.versioned and the address table
//     lookups: a message with loaded addresses is marked versioned, the lookups stay empty;
//   - meta.err is encoded like Yellowstone does, as the bincode of the Rust TransactionError;
//     a variant this package does not know is kept as its JSON text (still non-empty, so the
//     transaction counts as failed);
//   - an account without a pubkey gets the all-zero pubkey, write_version is 0, and a missing
//     slot is Options.Slot.
//
// Import holds no state and is safe for concurrent use. It never panics on bad input: a
// document it cannot convert returns an error naming the JSON path of the problem.
package rpcjson
