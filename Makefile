# husk: build, test, benchmark. See README.md.
GO      ?= go
GOFLAGS ?=
export CGO_ENABLED = 0

.PHONY: all build setup demo test test-unit test-race test-compat test-e2e lint bench clean

all: build

build:
	$(GO) build -o bin/husk ./cmd/husk

# setup installs what the tests and the demo need on a fresh Debian 12 machine (as root).
# It is idempotent and quick when everything is there.
setup:
	@./scripts/setup.sh

demo: setup build
	bin/husk do -- /bin/sh -c 'echo hello from husk; uname -a; ls /'

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi
	$(GO) vet ./...

test-unit:
	$(GO) test ./cmd/... ./runtime/... ./seccomp/... ./test/fences/...

# The race detector needs cgo.
test-race:
	CGO_ENABLED=1 $(GO) test -race ./sentry/... ./gofer/... ./platform/...

test-compat: build
	$(GO) test -count=1 ./test/syscalls/...

test-e2e: build
	$(GO) test -count=1 ./test/e2e/... ./hap/...

test: setup lint test-unit test-race test-compat test-e2e

bench: setup build
	./bench/run.sh

clean:
	rm -rf bin build
