"""Every official ODCS example must lint clean (they are the definition of a valid contract)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ODCS_EXAMPLES, RunMlgate

EXAMPLES = sorted(ODCS_EXAMPLES.glob("*.yaml"))


def test_the_examples_are_there() -> None:
    assert len(EXAMPLES) == 18


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_official_example_lints_clean(example: Path) -> None:
    from mlgate.contracts.document import load_contract
    from mlgate.contracts.lint import lint_contract

    results = lint_contract(load_contract(example))
    assert [r.message for r in results] == []


def test_all_examples_in_one_run(run_mlgate: RunMlgate) -> None:
    result = run_mlgate("contract", "lint", *EXAMPLES)
    assert result.returncode == 0, result.output
    assert result.stdout == "mlgate: 18 contracts linted, no findings\n"
