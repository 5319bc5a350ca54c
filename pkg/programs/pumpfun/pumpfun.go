// Package pumpfun decodes the Pumpfun program's instructions, events and accounts into events.
// STUB: being written; see the decoders issue.
package pumpfun

import (
	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/events"
)

// ProgramID is the program's mainnet address.
var ProgramID = solana.MustPublicKeyFromBase58("6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P")

// DecodeInstruction appends the events of instruction i of tx, an instruction of this program,
// to out.
func DecodeInstruction(tx *chain.Tx, i int, out []events.Event) ([]events.Event, error) {
	return out, chain.Unknown(events.Pumpfun, "instruction", tx.Instructions[i].Data, 8)
}

// DecodeAccount appends the event of an account owned by this program to out.
func DecodeAccount(a *chain.Account, out []events.Event) ([]events.Event, error) {
	return out, chain.Unknown(events.Pumpfun, "account", a.Data, 8)
}
