# Every target runs with the machine's Go (no toolchain download) and plain Ginkgo output.
export GOTOOLCHAIN := local
export GINKGO_NO_COLOR := 1

# `make test` pipes go test through its reader: the pipe fails when go test does.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c

LABELS ?=

# The race detector needs cgo, hence a C compiler: where there is none the tests run without it
# (and `make test` says so), instead of failing to start.
RACE := $(shell [ "$$(go env CGO_ENABLED)" = 1 ] && command -v "$$(go env CC)" >/dev/null 2>&1 && echo -race)

# A guard against a hung test, not a speed check: the reference's race run takes 150 s alone,
# and several times that on a machine other builds load.
TEST_TIMEOUT ?= 20m

.PHONY: test conformance rules reference build image harness-image bench fuzz

## test: the project's own tests plus every suite against the in-process reference; ends with what was skipped and why
test:
	go vet ./...
	@echo "go test $(if $(RACE),-race,(without -race: no C compiler or cgo off)) -count=1 ./..."
	go test $(RACE) -count=1 -timeout $(TEST_TIMEOUT) -json ./... | go run ./harness/internal/testlog

## conformance: the CLI against CONFORMANCE_TARGET_URL (in-process reference when unset), LABELS as its label filter
## (make turns every failure into exit 2: CI gates should call bin/mageconform and read its 0/1/2)
conformance: build
	./bin/mageconform --labels '$(LABELS)'

## rules: regenerate docs/rules.md (catalogue + the specs' rule labels), docs/mutants.md (rule -> mutant) and the coverage table in README.md and docs/contract.md
rules:
	go run ./harness/cmd/mageconform rules > docs/rules.md.tmp
	mv docs/rules.md.tmp docs/rules.md
	UPDATE_MUTANTS_DOC=1 go test -count=1 -run TestMutantsDocIsCurrent ./harness/mutants
	UPDATE_COVERAGE=1 go test -count=1 -run TestCoverageTableIsCurrent ./harness/cmd/mageconform

## reference: serve the reference server on 127.0.0.1:6789
reference:
	go run ./reference/cmd/mage-reference

## build: the CLI into bin/ (with its VCS revision, for --version and the reports)
build:
	go build -buildvcs=auto -o bin/mageconform ./harness/cmd/mageconform

## image: the reference server as a FROM-scratch image (static binary built on the host, no registry)
IMAGE ?= mageconform/reference:dev
image:
	CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o bin/mage-reference ./reference/cmd/mage-reference
	docker build -t $(IMAGE) .

## harness-image: the CLI itself as a FROM-scratch image, for `docker run` in CI (see docs/ci.md)
HARNESS_IMAGE ?= mageconform/mageconform:dev
harness-image:
	rm -rf bin/harness-image && mkdir -p bin/harness-image
	CGO_ENABLED=0 go build -buildvcs=auto -trimpath -ldflags='-s -w' -o bin/harness-image/mageconform ./harness/cmd/mageconform
	cp /etc/ssl/certs/ca-certificates.crt bin/harness-image/ 2>/dev/null || touch bin/harness-image/ca-certificates.crt
	docker build -t $(HARNESS_IMAGE) -f harness/cmd/mageconform/Dockerfile bin/harness-image

## bench: the reference server's benchmarks
bench:
	go test -run '^$$' -bench . -benchmem ./reference/...

## fuzz: every fuzz target of the reference server for FUZZTIME each (default 1m); findings land in testdata/fuzz
fuzz:
	./scripts/fuzz.sh
