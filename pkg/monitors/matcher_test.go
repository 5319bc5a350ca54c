package monitors

import (
	"encoding/hex"
	"slices"
	"testing"

	"github.com/mr-tron/base58"
	pb "github.com/rpcpool/yellowstone-grpc/examples/golang/proto"

	"github.com/geyserjet/geyserjet/pkg/events"
)

func addr(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base58.Decode(s)
	if err != nil || len(b) != 32 {
		t.Fatalf("address %s: %v", s, err)
	}
	return b
}

const (
	pumpID        = "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P"
	mintAuthority = "TSLvdd1pWpHVjahSpsvCXUbgwsL3JAcvokwaKt1eokM"
	userKey       = "3HeEuccBzrTvWBvQGuiVgqbJcCpzTd4mFZjbKQoz5BYg"
)

func txUpdate(keys [][]byte, loaded [][]byte) *pb.SubscribeUpdate {
	return &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Transaction{Transaction: &pb.SubscribeUpdateTransaction{
		Transaction: &pb.SubscribeUpdateTransactionInfo{
			Transaction: &pb.Transaction{Message: &pb.Message{AccountKeys: keys}},
			Meta:        &pb.TransactionStatusMeta{LoadedReadonlyAddresses: loaded}}}}}
}

// On the shipped monitors: every monitor that asked for an event, across streams.
func TestMatcherOnTheShippedMonitors(t *testing.T) {
	x, err := NewMatcher(Default())
	if err != nil {
		t.Fatal(err)
	}
	curve, _ := hex.DecodeString("17b7f83760d8ac60")
	tests := []struct {
		name string
		u    *pb.SubscribeUpdate
		p    events.Program
		k    events.Kind
		want []string
	}{
		{"pump.fun create (mint authority among the keys)", txUpdate([][]byte{addr(t, userKey), addr(t, pumpID), addr(t, mintAuthority)}, nil),
			events.Pumpfun, events.Create, []string{"pumpfun-mint", "pumpfun-transaction"}},
		{"pump.fun trade", txUpdate([][]byte{addr(t, userKey), addr(t, pumpID)}, nil),
			events.Pumpfun, events.Trade, []string{"pumpfun-price", "pumpfun-transaction"}},
		{"pump.fun program only through a lookup table", txUpdate([][]byte{addr(t, userKey)}, [][]byte{addr(t, pumpID)}),
			events.Pumpfun, events.Trade, []string{"pumpfun-price", "pumpfun-transaction"}},
		{"pump.fun complete", txUpdate([][]byte{addr(t, userKey), addr(t, pumpID)}, nil),
			events.Pumpfun, events.Complete, []string{"graduation", "pumpfun-transaction"}},
		{"another program's transaction", txUpdate([][]byte{addr(t, userKey)}, nil), events.Pumpfun, events.Trade, nil},
		{"bonding curve account", &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Account{Account: &pb.SubscribeUpdateAccount{
			Account: &pb.SubscribeUpdateAccountInfo{Pubkey: addr(t, userKey), Owner: addr(t, pumpID), Data: append(curve, make([]byte, 143)...)}}}},
			events.Pumpfun, events.BondingCurve, []string{"pumpfun-account"}},
		{"account with another discriminator", &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Account{Account: &pb.SubscribeUpdateAccount{
			Account: &pb.SubscribeUpdateAccountInfo{Pubkey: addr(t, userKey), Owner: addr(t, pumpID), Data: make([]byte, 151)}}}},
			events.Pumpfun, events.BondingCurve, nil},
		{"slot", &pb.SubscribeUpdate{UpdateOneof: &pb.SubscribeUpdate_Slot{Slot: &pb.SubscribeUpdateSlot{Slot: 1}}},
			events.Chain, events.Slot, []string{"slot"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := x.MonitorsFor(nil, x.Match(nil, tt.u), tt.p, tt.k)
			if !slices.Equal(got, tt.want) {
				t.Errorf("monitors = %v, want %v", got, tt.want)
			}
		})
	}
}
