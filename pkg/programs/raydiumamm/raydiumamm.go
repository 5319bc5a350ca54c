// Package raydiumamm decodes the RaydiumAMM program's instructions, events and accounts into events.
// STUB: being written; see the decoders issue.
package raydiumamm

import (
	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/chain"
	"github.com/geyserjet/geyserjet/pkg/events"
)

// ProgramID is the program's mainnet address.
var ProgramID = solana.MustPublicKeyFromBase58("675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8")

// DecodeInstruction appends the events of instruction i of tx, an instruction of this program,
// to out.
func DecodeInstruction(tx *chain.Tx, i int, out []events.Event) ([]events.Event, error) {
	return out, chain.Unknown(events.RaydiumAMM, "instruction", tx.Instructions[i].Data, 8)
}

// DecodeAccount appends the event of an account owned by this program to out.
func DecodeAccount(a *chain.Account, out []events.Event) ([]events.Event, error) {
	return out, chain.Unknown(events.RaydiumAMM, "account", a.Data, 8)
}
