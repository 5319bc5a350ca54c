module github.com/geyserjet/geyserjet/services/liquidity

go 1.26.8
