"""`mlgate init [--data FILE]`: write a commented starter mlgate.yaml (and a contract inferred from data)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from mlgate.errors import GateError


def _contract_name(data: Path) -> str:
    stem = data.name.split(".")[0] or "data"
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in stem)


@click.command()
@click.option(
    "--data",
    "data_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also infer a contract from this data file (CSV, Parquet, NDJSON) and gate on it.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mlgate.yaml"),
    show_default=True,
    help="Where to write the config.",
)
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
def init(data_path: Path | None, config_path: Path, force: bool) -> None:
    """Write a commented starter mlgate.yaml that passes `mlgate config lint`."""
    from mlgate.config.starter import starter_config

    targets = [config_path]
    contract_path: Path | None = None
    if data_path is not None:
        if not data_path.is_file():
            raise GateError(
                "data file not found", file=data_path, hint="pass an existing CSV, Parquet or NDJSON file"
            )
        contract_path = config_path.parent / "contracts" / f"{_contract_name(data_path)}.odcs.yaml"
        targets.append(contract_path)
    existing = [p for p in targets if p.exists()]
    if existing and not force:
        raise GateError(
            f"{', '.join(map(str, existing))} already exist{'s' if len(existing) == 1 else ''}; nothing was written",
            file=existing[0],
            hint="pass --force to overwrite, or --config PATH to write elsewhere",
        )
    contract_ref = data_ref = None
    if data_path is not None and contract_path is not None:
        _infer(data_path, contract_path)
        base = config_path.parent.resolve()
        contract_ref = Path(os.path.relpath(contract_path.resolve(), base)).as_posix()
        data_ref = Path(os.path.relpath(data_path.resolve(), base)).as_posix()
    try:
        config_path.parent.mkdir(parents=True, exist_ok=True)
        config_path.write_text(starter_config(contract_ref, data_ref), encoding="utf-8")
    except OSError as exc:
        raise GateError(f"cannot write the config: {exc.strerror}", file=config_path) from None
    click.echo(f"wrote {config_path}" + (f" and {contract_path}" if contract_path else ""))
    click.echo("next: mlgate config lint && mlgate check")


def _infer(data: Path, contract: Path) -> None:
    """Infer the contract in-process (the contract gate's own inference); write it only once it worked."""
    from mlgate.context import GateContext
    from mlgate.contracts.infer import infer_contract

    with GateContext(base_dir=Path.cwd()) as ctx:
        text = infer_contract(str(data), ctx, name=None, bounds=False, output=contract)
    try:
        contract.parent.mkdir(parents=True, exist_ok=True)
        contract.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise GateError(f"cannot write the contract: {exc.strerror}", file=contract) from None
