package events

import "github.com/gagliardetto/solana-go"

func init() { register(func() Body { return new(ChainSlot) }) }

// ChainSlot is a slot update (program chain, kind slot), keyed by the all-zero address
// (11111111111111111111111111111111) since a slot has no account.
type ChainSlot struct {
	Parent uint64 `json:"parent"`
	Status string `json:"status"` // processed, confirmed, finalized, …
}

func (*ChainSlot) Program() Program { return Chain }
func (*ChainSlot) Kind() Kind       { return Slot }

// Key returns the all-zero address.
func (*ChainSlot) Key() solana.PublicKey { return solana.PublicKey{} }

func (b *ChainSlot) AppendJSON(dst []byte) []byte {
	dst = appendU64(dst, "parent", b.Parent)
	return appendStr(dst, "status", b.Status)
}
