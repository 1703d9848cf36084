#!/bin/sh
# The demo: mlgate on the bundled example repo (a fraud-scoring model on card transactions).
# The same policy (mlgate.yaml) is run twice: on what is on main (the gate passes) and on what a bad
# pull request brings (broken data, a regressed model, drifted data: the gate blocks).
set -u
cd "$(dirname "$0")"
out=../demo-out
mkdir -p "$out"

banner() { printf '\n\033[1m== %s\033[0m\n$ %s\n' "$1" "$2"; }

run() {  # run EXPECTED_EXIT TITLE CMD...
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

printf '\n\033[1m== Side by side\033[0m\n'
main_verdict=$(mlgate check --config mlgate.yaml -q 2>&1 | tail -n 1)
pr_verdict=$(mlgate check --config mlgate.blocked.yaml -q 2>&1 | tail -n 1)
printf '%-22s %s\n' "main (exit 0):" "$main_verdict"
printf '%-22s %s\n' "bad PR (exit 1):" "$pr_verdict"
printf '\nReports written to demo-out/: main.md and pr.md (PR comment / job summary), pr-junit.xml, pr.sarif, decision.json\n'
