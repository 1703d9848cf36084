"""`mlgate contract test CONTRACT` — run an ODCS contract's checks on the data (DuckDB, one scan per table)."""

from __future__ import annotations

from pathlib import Path

import click

from mlgate.cli.common import contract_run_options, finish, output_options


@click.command("test")
@click.argument("contract", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--data",
    metavar="PATH",
    help="Data to test (file, glob, directory or git:REF:PATH); overrides the contract's server.",
)
@click.option(
    "--server",
    metavar="NAME",
    help="Use this entry of the contract's servers[] (default: the first local one).",
)
@click.option(
    "--schema", "schema", metavar="NAME", help="Test only this schema object (for contracts with several)."
)
@contract_run_options
@output_options
def test(
    contract: Path,
    data: str | None,
    server: str | None,
    schema: str | None,
    samples: int,
    strict: bool,
    reports: tuple[str, ...],
    fail_on: str,
    verbose: int,
    quiet: bool,
) -> None:
    """Test DATA against CONTRACT (ODCS v3): columns, types, required, unique, keys, ranges,
    patterns, valid values, quality rules (library and SQL) and freshness.

    Exit 0 when every check passes, 1 when one fails, 2 when the contract or data cannot be read.
    """
    from mlgate.context import GateContext
    from mlgate.contracts.gate import run_contract
    from mlgate.results import Report

    with GateContext(base_dir=Path.cwd(), samples=samples, strict=strict) as ctx:
        results = run_contract(contract, ctx, data=data, server=server, schema=schema)
        report = Report(results=results, meta={"command": "contract test", "contract": str(contract)})
        finish(report, reports=reports, fail_on=fail_on, verbose=verbose, quiet=quiet)
