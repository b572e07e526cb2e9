# stabsstelle – build, test and try the program.
GO       ?= go
BIN      := stabsstelle
DEMO_DB  ?= $(or $(TMPDIR),/tmp)/stabsstelle-demo.db
# The program is built without cgo: only net and os/user would use it (the
# pure Go versions serve it as well), and the statically linked binary
# starts 1–1,5 ms faster, a quarter of `today` (BENCHMARKS.md). Not for
# `make test`: the race detector needs cgo.
NOCGO    := CGO_ENABLED=0

.PHONY: run test demo demo-large bench build fuzz screenshots clean

## run: die Oberfläche auf der Standard-Datenbank starten
run:
	$(NOCGO) $(GO) run .

## test: Formatierung prüfen, go vet, staticcheck (staticcheck.conf), alle Tests mit dem Race-Detector
test:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "Nicht mit gofmt formatiert:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	$(GO) test -race ./...

## demo: eine frische Demo-Datenbank erzeugen und die Oberfläche darauf starten
demo:
	rm -f "$(DEMO_DB)"
	$(NOCGO) $(GO) run . --db "$(DEMO_DB)" demo
	$(NOCGO) $(GO) run . --db "$(DEMO_DB)"

## demo-large: dasselbe mit 100 000 Einsätzen
demo-large:
	rm -f "$(DEMO_DB)"
	$(NOCGO) $(GO) run . --db "$(DEMO_DB)" demo --size large
	$(NOCGO) $(GO) run . --db "$(DEMO_DB)"

## bench: die Benchmarks der Budgets (siehe BENCHMARKS.md); HUGE=1 misst auch 1 000 000 Einsätze
bench:
	STABSSTELLE_BENCH_HUGE=$(HUGE) $(GO) test -run '^$$' -bench . -benchmem -timeout 60m ./...

## fuzz: jeden Fuzz-Test kurz laufen lassen (FUZZTIME=100000x Durchläufe)
# A count, not a duration: with a wall-clock -fuzztime Go 1.26 can fail a
# target with a bare "context deadline exceeded" at the deadline although
# nothing was found (golang/go#75804, fixed only in Go 1.27).
FUZZTIME ?= 100000x
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

## screenshots: die Bilder des Rundgangs im README (docs/bilder) aus dem Programm neu zeichnen
screenshots:
	$(GO) run ./scripts/screenshots -out docs/bilder -readme README.md

## build: Programm bauen, auch für Windows (amd64) und macOS (arm64)
build:
	mkdir -p dist
	$(NOCGO) $(GO) build -o dist/$(BIN) .
	$(NOCGO) GOOS=windows GOARCH=amd64 $(GO) build -o dist/$(BIN).exe .
	$(NOCGO) GOOS=darwin GOARCH=arm64 $(GO) build -o dist/$(BIN)-macos .

clean:
	rm -rf dist
