module github.com/geyserjet/geyserjet/services/trading

go 1.26.8
