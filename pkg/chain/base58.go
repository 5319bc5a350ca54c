package chain

import "github.com/geyserjet/geyserjet/pkg/subjects"

func appendBase58(dst, src []byte) []byte { return subjects.AppendBase58(dst, src) }
