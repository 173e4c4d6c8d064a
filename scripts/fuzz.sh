#!/bin/sh
# Runs every Go fuzz target of the reference server for FUZZTIME each (default 1m), one after
# the other. A failing input is written to the package's testdata/fuzz/<target>/ by Go, where it
# stays as a regression case that plain `go test` (and `make test`) runs from then on.
#
# Go 1.26's coordinator can report "context deadline exceeded" when -fuzztime ends while a
# worker is mid-input, without any failing input (go.dev/issue/75804, fixed in Go 1.27): such a
# run is reported as that flake and does not fail this script; a run that wrote an input does.
set -u
FUZZTIME=${FUZZTIME:-1m}
cd "$(dirname "$0")/.."
failed=0
for pair in \
	./reference:FuzzJSONBody ./reference:FuzzQuery ./reference:FuzzPath ./reference:FuzzCredentials \
	./reference:FuzzCookie ./reference:FuzzJWT \
	./reference/internal/server:FuzzScanJSON ./reference/internal/server:FuzzUnquotePlus \
	./reference/internal/server:FuzzAppendJSON ./reference/internal/server:FuzzRouteOf \
	./reference/internal/auth:FuzzRead ./reference/internal/auth:FuzzDecodeJWT \
	./reference/internal/logline:FuzzEscape ./reference/internal/api:FuzzCoerce; do
	pkg=${pair%%:*}
	target=${pair#*:}
	corpus=$pkg/testdata/fuzz/$target
	before=$(ls "$corpus" 2>/dev/null | wc -l)
	echo "== $target ($pkg, $FUZZTIME)"
	out=$(go test -run '^$' -fuzz "^$target\$" -fuzztime "$FUZZTIME" "$pkg" 2>&1)
	status=$?
	echo "$out" | grep -v '^fuzz: elapsed' | tail -n 20
	after=$(ls "$corpus" 2>/dev/null | wc -l)
	if [ "$status" -ne 0 ]; then
		if [ "$after" -eq "$before" ] && echo "$out" | grep -q 'context deadline exceeded'; then
			echo "   (no failing input: Go's fuzztime race, go.dev/issue/75804; not a finding)"
		else
			echo "   FAILED: a failing input is in $corpus"
			failed=1
		fi
	fi
done
exit $failed
