"""`mlgate contract infer DATA` — write a draft ODCS v3.1.0 contract that DATA passes."""

from __future__ import annotations

from pathlib import Path

import click

from mlgate.errors import GateError


@click.command("infer")
@click.argument("data")
@click.option("--name", metavar="NAME", help="Schema object name (default: the data file's name).")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the contract to FILE (default: print it).",
)
@click.option(
    "--bounds", is_flag=True, help="Add the observed minimum/maximum of numbers, dates and timestamps."
)
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def infer(data: str, name: str | None, output: Path | None, bounds: bool, force: bool) -> None:
    """Infer a contract from DATA (Parquet, CSV/TSV, JSON/NDJSON, glob, directory or git:REF:PATH).

    Types as DuckDB reads them, `required` where there are no nulls, `unique` where every value
    differs, valid values for low-cardinality text columns. Review it, then commit it.
    """
    from mlgate.context import GateContext
    from mlgate.contracts.infer import infer_contract

    if output is not None and output.exists() and not force:
        raise GateError(
            "the output file already exists; mlgate does not overwrite it",
            file=output,
            hint="pass --force to overwrite it, or choose another -o FILE",
        )
    with GateContext(base_dir=Path.cwd()) as ctx:
        text = infer_contract(data, ctx, name=name, bounds=bounds, output=output)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise GateError(f"cannot write the contract: {exc.strerror}", file=output) from None
    click.echo(f"mlgate: wrote {output}; review it, then commit it", err=True)
