module github.com/geyserjet/geyserjet/cmd/geyserjet

go 1.26.8
