module github.com/geyserjet/geyserjet/services/lifecycle

go 1.26.8
