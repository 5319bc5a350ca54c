// Package raydiumcpmm decodes the RaydiumCPMM program's instructions, events and accounts into events.
// STUB: being written; see the decoders issue.
package raydiumcpmm

import (
	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/events"
)

// ProgramID is the program's mainnet address.
var ProgramID = solana.MustPublicKeyFromBase58("CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C")

// DecodeInstruction appends the events of instruction i of tx, an instruction of this program,
// to out.
func DecodeInstruction(tx *chain.Tx, i int, out []events.Event) ([]events.Event, error) {
	return out, chain.Unknown(events.RaydiumCPMM, "instruction", tx.Instructions[i].Data, 8)
}

// DecodeAccount appends the event of an account owned by this program to out.
func DecodeAccount(a *chain.Account, out []events.Event) ([]events.Event, error) {
	return out, chain.Unknown(events.RaydiumCPMM, "account", a.Data, 8)
}
