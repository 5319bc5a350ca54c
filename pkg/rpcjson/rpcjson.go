// Package rpcjson converts Solana RPC JSON (getTransaction results in their wrappers, account
// results, Yellowstone updates serialised as JSON) into Yellowstone SubscribeUpdates.
// STUB: being written.
package rpcjson

import (
	"errors"

	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"
)

// Options fill what a shape lacks.
type Options struct {
	Slot      uint64 // slot for shapes without one (blockSubscribe entries, bare accounts); default 0
	BlockTime int64  // block time for shapes without one; default 0 (unknown)
}

// Result is what Import made of one JSON document.
type Result struct {
	Updates []*pb.SubscribeUpdate // per transaction: a BlockMeta update when the block time is known, then the transaction
	Notes   []string              // what could not be recovered exactly, and the defaults filled in
}

// Import converts one JSON document.
func Import(data []byte, opts Options) (*Result, error) {
	return nil, errors.New("rpcjson: not implemented yet")
}
