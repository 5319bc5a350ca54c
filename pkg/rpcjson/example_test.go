package rpcjson_test

import (
	"fmt"
	"os"

	"github.com/gagliardetto/solana-go"

	"github.com/geyserjet/geyserjet/pkg/rpcjson"
)

func ExampleImport() {
	data, err := os.ReadFile("../testdata/mainnet/pumpfun_buy_4U8kypMu.json") // [getTransaction result]
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := rpcjson.Import(data, rpcjson.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, u := range res.Updates {
		switch {
		case u.GetBlockMeta() != nil:
			fmt.Println("block meta", u.GetBlockMeta().Slot, u.GetBlockMeta().BlockTime.Timestamp)
		case u.GetTransaction() != nil:
			tx := u.GetTransaction()
			fmt.Println("transaction", tx.Slot, solana.SignatureFromBytes(tx.Transaction.Signature).String()[:8])
		}
	}
	fmt.Println(len(res.Notes), "notes")
	// Output:
	// block meta 290506981 1726647738
	// transaction 290506981 4U8kypMu
	// 0 notes
}
