# Every target runs with the machine's Go (no toolchain download) and plain Ginkgo output.
export GOTOOLCHAIN := local
export GINKGO_NO_COLOR := 1

LABELS ?=

.PHONY: test conformance rules reference build image bench

## test: the project's own tests plus every suite against the in-process reference
test:
	go vet ./...
	go test -race -count=1 ./...

## conformance: the CLI against CONFORMANCE_TARGET_URL (in-process reference when unset), LABELS as its label filter
## (make turns every failure into exit 2: CI gates should call bin/mageconform and read its 0/1/2)
conformance: build
	./bin/mageconform --labels '$(LABELS)'

## rules: regenerate docs/rules.md (catalogue + the specs' rule labels) and docs/mutants.md (rule -> mutant)
rules:
	go run ./harness/cmd/mageconform rules > docs/rules.md.tmp
	mv docs/rules.md.tmp docs/rules.md
	UPDATE_MUTANTS_DOC=1 go test -count=1 -run TestMutantsDocIsCurrent ./harness/mutants

## reference: serve the reference server on 127.0.0.1:6789
reference:
	go run ./reference/cmd/mage-reference

## build: the CLI into bin/
build:
	go build -o bin/mageconform ./harness/cmd/mageconform

## image: the reference server as a FROM-scratch image (static binary built on the host, no registry)
IMAGE ?= mageconform/reference:dev
image:
	CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o bin/mage-reference ./reference/cmd/mage-reference
	docker build -t $(IMAGE) .

## bench: the reference server's benchmarks
bench:
	go test -run '^$$' -bench . -benchmem ./reference/...
