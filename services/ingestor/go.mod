module github.com/geyserjet/geyserjet/services/ingestor

go 1.26.8
