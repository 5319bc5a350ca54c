# GeyserJet: every target works on a fresh machine with only Go installed.
SHELL := /bin/bash
MODULES := pkg services/ingestor services/coordinator services/lifecycle services/trading services/liquidity cmd/geyserjet
GO ?= go
# -race needs cgo; without a C compiler the tests run without it (and say so).
RACE := $(shell [ "$$($(GO) env CGO_ENABLED)" = 1 ] && command -v "$$($(GO) env CC)" >/dev/null 2>&1 && echo -race)
FUZZTIME ?= 10s
BENCHTIME ?= 1s
CAPTURE ?= pkg/testdata/mainnet.capture

.PHONY: all build test bench fuzz lint run inspect capture clean

all: lint test build

build: ## every binary into bin/
	@mkdir -p bin
	cd cmd/geyserjet && $(GO) build -o ../../bin/geyserjet .
	cd pkg && $(GO) build -o ../bin/geysersim ./geysersim/cmd/geysersim
	@for s in ingestor coordinator lifecycle trading liquidity; do \
		(cd services/$$s && $(GO) build -o ../../bin/$$s ./cmd/$$s) || exit 1; done
	@ls bin

test: ## every module's tests
	@[ -n "$(RACE)" ] || echo "make test: no C compiler for cgo, running without -race"
	@for m in $(MODULES); do echo "== $$m"; (cd $$m && $(GO) test $(RACE) -count=1 ./...) || exit 1; done

bench: ## benchmarks; figures go to docs/benchmarks.md
	cd pkg && $(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) ./...

fuzz: ## a short run of every fuzz target (FUZZTIME each)
	@cd pkg && for pkgdir in $$($(GO) list -f '{{if .TestGoFiles}}{{.Dir}}{{end}}' ./...); do \
		for f in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$pkgdir/*_test.go 2>/dev/null | sed 's/func //'); do \
			echo "== $$f ($$pkgdir)"; \
			(cd $$pkgdir && $(GO) test -run '^$$' -fuzz "^$$f\$$" -fuzztime $(FUZZTIME) .) || exit 1; \
		done; done

lint: ## go vet and gofmt over every module; fails on findings
	@for m in $(MODULES); do (cd $$m && $(GO) vet ./...) || exit 1; done
	@out=$$(gofmt -l $(MODULES)); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

run: ## the whole system in one process: NATS, geysersim, two ingestors, consumers (geyserjet dev)
	$(GO) build -o bin/geyserjet ./cmd/geyserjet
	bin/geyserjet dev $(ARGS)

inspect: ## decode the bundled capture of real mainnet transactions and print the events
	$(GO) run ./cmd/geyserjet capture inspect $(CAPTURE)

capture: ## rebuild the bundled capture from the mainnet RPC JSON in pkg/testdata/mainnet
	cd cmd/geyserjet && $(GO) run . capture import-rpc -o ../../$(CAPTURE) ../../pkg/testdata/mainnet

clean:
	rm -rf bin
