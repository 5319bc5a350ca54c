// Command geyserjet is GeyserJet's operator CLI.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "geyserjet: commands are being built")
	os.Exit(2)
}
