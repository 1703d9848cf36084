"""`mlgate contract lint | test | infer` — each subcommand lives in its own module."""

from __future__ import annotations

import click

from mlgate.cli import LazyGroup


@click.group(
    cls=LazyGroup,
    lazy_subcommands={
        "lint": "mlgate.cli.contract_lint:lint",
        "test": "mlgate.cli.contract_test:test",
        "infer": "mlgate.cli.contract_infer:infer",
    },
)
def contract() -> None:
    """Data contracts (Open Data Contract Standard v3): lint, test against data, infer from data."""
