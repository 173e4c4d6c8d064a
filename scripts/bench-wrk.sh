#!/bin/sh
# The reference's speed against a bare net/http handler, side by side in one run on this
# machine (loopback only, bounded): wrk sends the owner's authenticated GET /api/users/1 to
# mage-reference, as it ships (request log included, sent to /dev/null), and the same request
# to reference/internal/benchbare, which answers with the very bytes and headers the reference
# gave, doing nothing else. The rounds alternate, so load from elsewhere on the machine hits
# both alike; the result is the median of the rounds' ratios (issue 12 asks for at least 0.8).
#
#   scripts/bench-wrk.sh                      # 10 rounds of 3 s each, 2 threads, 50 connections
#   ROUNDS=5 DURATION=10s CONNECTIONS=32 THREADS=1 scripts/bench-wrk.sh
#   BARE_FLAGS=--plain scripts/bench-wrk.sh   # the baseline without mage-reference's timeouts
#
# The baseline's http.Server has mage-reference's timeouts and header limit (benchbare
# --plain drops them), so the comparison measures what the reference's handler and its request
# log add to net/http.
#
# Needs wrk (Debian: apt-get install -y wrk), curl and Go.
set -eu
ROUNDS=${ROUNDS:-10}
DURATION=${DURATION:-3s}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
KEY=zkWlN0PkIKSN0C11CfUHUj84OT5XOJ6tDZ6bDRO2
command -v wrk >/dev/null || { echo "bench-wrk: wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }
cd "$(dirname "$0")/.."
work=$(mktemp -d)
pids=""
cleanup() {
	for pid in $pids; do kill "$pid" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
export GOTOOLCHAIN=local
go build -o "$work/mage-reference" ./reference/cmd/mage-reference
go build -o "$work/benchbare" ./reference/internal/benchbare

# start NAME COMMAND...: runs it in the background and waits for its "listening on" line; sets
# url to its base URL and pid to its process (not in a subshell, so that cleanup can stop it).
start() {
	name=$1
	shift
	"$@" >"$work/$name.out" 2>/dev/null &
	pid=$!
	pids="$pids $pid"
	for _ in $(seq 1 100); do
		url=$(sed -n 's/^listening on \(http:[^ ]*\)$/\1/p' "$work/$name.out")
		[ -n "$url" ] && return
		sleep 0.1
	done
	echo "bench-wrk: $name did not start" >&2
	exit 2
}

start reference "$work/mage-reference" --addr 127.0.0.1:0
ref=$url refpid=$pid
jwt=$(curl -s -X POST "$ref/api/sessions" -H "X-API-KEY: $KEY" \
	-d '{"session": {"email": "admin@admin.com", "password": "admin"}}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
token=$(echo "$jwt" | cut -d. -f2 | tr '_-' '/+' | awk '{while (length($0) % 4) $0 = $0 "="; print}' |
	base64 -d | sed 's/.*"token":"\([^"]*\)".*/\1/')
curl -s -o "$work/body.json" "$ref/api/users/1" -H "X-API-KEY: $KEY" -H "OAUTH-TOKEN: $token"
grep -q '"user":' "$work/body.json" || { echo "bench-wrk: the reference did not answer the user" >&2; exit 2; }
start bare "$work/benchbare" --addr 127.0.0.1:0 --body "$work/body.json" ${BARE_FLAGS:-}
bare=$url barepid=$pid

# cpu PID: the process's CPU time so far (user + system), in clock ticks.
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# rate URL PID: requests per second of one wrk run (no errors allowed), and the server's CPU
# microseconds per request in it.
rate() {
	before=$(cpu "$2")
	out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "X-API-KEY: $KEY" -H "OAUTH-TOKEN: $token" "$1/api/users/1")
	after=$(cpu "$2")
	if echo "$out" | grep -q 'Non-2xx\|Socket errors'; then
		echo "bench-wrk: errors against $1:" >&2
		echo "$out" >&2
		exit 2
	fi
	requests=$(echo "$out" | sed -n 's/^ *\([0-9]*\) requests in.*/\1/p')
	echo "$(echo "$out" | sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p') $(echo "$before $after $requests $(getconf CLK_TCK)" |
		awk '{printf "%.1f", ($2 - $1) / $4 * 1e6 / $3}')"
}

echo "answer: $(wc -c <"$work/body.json") bytes; wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS rounds; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -H "X-API-KEY: $KEY" -H "OAUTH-TOKEN: $token" "$ref/api/users/1" >/dev/null # warm-up
wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "$bare/api/users/1" >/dev/null
: >"$work/rates"
for round in $(seq 1 "$ROUNDS"); do
	set -- $(rate "$ref" "$refpid") $(rate "$bare" "$barepid")
	echo "round $round: reference $1 req/s ($2 µs CPU each), bare $3 req/s ($4 µs CPU each), ratio $(echo "$1 $3" | awk '{printf "%.3f", $1 / $2}')"
	echo "$1 $3 $(echo "$1 $3" | awk '{print $1 / $2}') $2 $4" >>"$work/rates"
done
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
r=$(cut -d' ' -f1 "$work/rates" | median)
b=$(cut -d' ' -f2 "$work/rates" | median)
ratio=$(cut -d' ' -f3 "$work/rates" | median)
rc=$(cut -d' ' -f4 "$work/rates" | median)
bc=$(cut -d' ' -f5 "$work/rates" | median)
echo "median: reference $r req/s ($rc µs CPU each), bare $b req/s ($bc µs CPU each); median ratio $(echo "$ratio" | awk '{printf "%.3f", $1}')"
