module github.com/geyserjet/geyserjet/services/coordinator

go 1.26.8
