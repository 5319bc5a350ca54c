package monitors_test

import (
	"fmt"
	"strings"

	"github.com/geyserjet/geyserjet/pkg/events"
	"github.com/geyserjet/geyserjet/pkg/monitors"
)

func Example() {
	ms, err := monitors.Load(strings.NewReader(`
monitors:
  - id: pumpfun-price
    group: high
    kinds: [trade]
    filter:
      transactions:
        account_include: [6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P]
  - id: pumpfun-transaction
    group: high
    filter:
      transactions:
        account_include: [6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P]
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	plans, err := monitors.Plan(ms)
	if err != nil {
		fmt.Println(err)
		return
	}
	p := plans[0]
	for name := range p.Request.Transactions {
		fmt.Println(p.Name, "filter", name)
	}
	// An update names the filters it matched; each event goes to the monitors that want it.
	filters := []string{"pumpfun-price+pumpfun-transaction"}
	fmt.Println(p.Router.Route(nil, filters, events.Pumpfun, events.Trade))
	fmt.Println(p.Router.Route(nil, filters, events.Pumpfun, events.Create))
	// Output:
	// high-processed filter pumpfun-price+pumpfun-transaction
	// [pumpfun-price pumpfun-transaction]
	// [pumpfun-transaction]
}
