#!/bin/sh
# The demo: mlgate on the bundled example repo (a fraud-scoring model on card transactions).
# The same policy (mlgate.yaml) is run twice: on what is on main (the gate passes) and on what a bad
# pull request brings (broken data, a regressed model, drifted data: the gate blocks).
set -u
cd "$(dirname "$0")"
out=../demo-out
mkdir -p "$out"

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then bold=$(printf '\033[1m'); plain=$(printf '\033[0m'); else bold=; plain=; fi
banner() { printf '\n%s== %s%s\n$ %s\n' "$bold" "$1" "$plain" "$2"; }

run() {  # run EXPECTED_EXIT TITLE CMD...: show the command and its output, check its exit code
    expected=$1; title=$2; shift 2
    banner "$title" "$*"
    "$@"
    code=$?
    if [ "$code" -ne "$expected" ]; then
        echo "demo: expected exit $expected from '$*', got $code" >&2
        exit 1
    fi
    return 0
}

run 0 "Lint the data contract (no data read; what the pre-commit hook runs)" \
    mlgate contract lint contracts/transactions.odcs.yaml
run 0 "The gate on main: contracts, metrics with significance, drift — passes" \
    mlgate check --config mlgate.yaml --report markdown:$out/main.md --report json:$out/main.json --record $out/decision.json
run 0 "Release: prove the inputs are the ones that passed" \
    mlgate verify $out/decision.json
run 1 "The same gate on a bad pull request — blocks" \
    mlgate check --config mlgate.blocked.yaml --report markdown:$out/pr.md --report junit:$out/pr-junit.xml --report sarif:$out/pr.sarif

printf '\n%s== Side by side%s\n' "$bold" "$plain"
main_out=$(mlgate check --config mlgate.yaml -q 2>&1); main_code=$?
pr_out=$(mlgate check --config mlgate.blocked.yaml -q 2>&1); pr_code=$?
main_verdict=$(printf '%s\n' "$main_out" | tail -n 1)
pr_verdict=$(printf '%s\n' "$pr_out" | tail -n 1)
printf '%-20s exit %s  %s\n' "main:" "$main_code" "$main_verdict"
printf '%-20s exit %s  %s\n' "bad pull request:" "$pr_code" "$pr_verdict"
printf '\nReports in demo-out/: main.md and pr.md (PR comment / job summary), pr-junit.xml, pr.sarif, decision.json\n'
