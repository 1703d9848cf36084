"""`mlgate drift`: current data against reference data, column by column, with evidently's tests."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from mlgate.cli.common import finish, output_options
from mlgate.errors import GateError

if TYPE_CHECKING:
    from mlgate.config.base import Locator
    from mlgate.drift.config import DriftSection


@click.command()
@click.option("--reference", metavar="DATA", help="Reference data: path, glob or git:REF:PATH.")
@click.option("--current", metavar="DATA", help="Current data: path, glob or git:REF:PATH.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the `drift:` section of this mlgate.yaml; options given here override it.",
)
@click.option(
    "--column", "columns", multiple=True, metavar="COL", help="Compare only this column. Repeatable."
)
@click.option("--exclude", multiple=True, metavar="COL", help="Never compare this column. Repeatable.")
@click.option(
    "--method",
    metavar="NAME",
    help="evidently stattest for every column (default: auto, evidently's own choice).",
)
@click.option("--threshold", type=float, help="Threshold for every column (default: the method's own).")
@click.option(
    "--max-drifted-share",
    type=float,
    help="The dataset fails when the share of drifted columns exceeds this (default: evidently's rule, >= 0.5).",
)
@click.option("--max-drifted-columns", type=int, help="The dataset fails when more columns than this drift.")
@click.option(
    "--critical", multiple=True, metavar="COL", help="Drift in this column fails on its own. Repeatable."
)
@click.option(
    "--sample", type=int, help="Rows per side; larger data is sampled in DuckDB (default 1,000,000)."
)
@click.option("--seed", type=int, help="Seed of the sample (default 42).")
@click.option("--html", metavar="PATH", help="Also write evidently's own HTML drift report.")
@click.option("--contract", metavar="PATH", help="ODCS contract whose logical types decide the column types.")
@click.option(
    "--schema", "schema_name", metavar="NAME", help="Which schema of the contract describes the data."
)
@output_options
def drift(
    reference: str | None,
    current: str | None,
    config_path: Path | None,
    columns: tuple[str, ...],
    exclude: tuple[str, ...],
    method: str | None,
    threshold: float | None,
    max_drifted_share: float | None,
    max_drifted_columns: int | None,
    critical: tuple[str, ...],
    sample: int | None,
    seed: int | None,
    html: str | None,
    contract: str | None,
    schema_name: str | None,
    reports: tuple[str, ...],
    fail_on: str,
    verbose: int,
    quiet: bool,
) -> None:
    """Has the data moved away from the reference? Per-column drift with evidently's statistical tests.

    Every column of the reference is compared (or those given with --column), with the test evidently's
    DataDriftPreset would choose (ks, chisquare, z, wasserstein, jensenshannon...) and its thresholds.
    Exit 0: no failing drift; 1: a critical column drifted or too many columns drifted; 2: could not
    evaluate (unreadable data, bad config, evidently missing: pip install 'mlgate[drift]').
    """
    from mlgate.context import GateContext
    from mlgate.drift.gate import run_drift
    from mlgate.report.base import parse_report_target
    from mlgate.results import Report

    for value in reports:  # a typo in --report must not cost a whole run
        parse_report_target(value)
    overrides: dict[str, Any] = {
        "reference": reference,
        "current": current,
        "columns": list(columns) or None,
        "exclude": list(exclude) or None,
        "method": method,
        "threshold": threshold,
        "max_drifted_share": max_drifted_share,
        "max_drifted_columns": max_drifted_columns,
        "critical": list(critical) or None,
        "sample": sample,
        "seed": seed,
        "html": html,
        "contract": contract,
        "schema": schema_name,
    }
    overrides = {key: value for key, value in overrides.items() if value is not None}
    section, base_dir, locate = _section(config_path, overrides)
    with GateContext(base_dir=base_dir) as ctx:
        results = run_drift(section, ctx, locate)
    report = Report(results=results, meta={"command": "drift"})
    finish(report, reports=reports, fail_on=fail_on, verbose=verbose, quiet=quiet)


def _absolute(path: str | None) -> str | None:
    """Paths given on the command line are relative to the working directory, not to the config."""
    from mlgate.gitio import is_git_spec

    if path is None or is_git_spec(path):
        return path
    return str(Path.cwd() / Path(path).expanduser())


def _section(
    config_path: Path | None, overrides: dict[str, Any]
) -> tuple[DriftSection, Path, Locator | None]:
    from pydantic import ValidationError

    from mlgate.drift.config import DriftSection

    if config_path is None:
        missing = [f"--{key}" for key in ("reference", "current") if key not in overrides]
        if missing:
            raise GateError(
                f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} required without --config",
                hint="mlgate drift --reference data/reference.parquet --current data/current.parquet "
                "(or --config mlgate.yaml with a `drift:` section)",
            )
        try:
            return DriftSection.model_validate(overrides), Path.cwd(), None
        except ValidationError as exc:
            raise _option_error(exc) from None

    from mlgate.config.load import load_config

    loaded = load_config(config_path, check_paths=False)
    for key in ("reference", "current", "html", "contract"):
        if key in overrides:
            overrides[key] = _absolute(overrides[key])
    configured = loaded.config.drift
    base: dict[str, Any] = (
        configured.model_dump(by_alias=True, exclude_unset=True) if configured is not None else {}
    )
    if configured is None and not {"reference", "current"} <= overrides.keys():
        raise GateError(
            "the config has no `drift:` section",
            file=loaded.display,
            hint="add a `drift:` section with `reference:` and `current:`, or pass --reference and --current",
        )
    try:
        section = DriftSection.model_validate({**base, **overrides})
    except ValidationError as exc:
        raise _option_error(exc) from None
    config_locate = loaded.locator("drift") if configured is not None else None
    if config_locate is None:
        return section, loaded.base_dir, None
    overridden = {"schema_name" if k == "schema" else k for k in overrides}

    def locate(path: tuple[str | int, ...]) -> Any:
        # A setting given on the command line was not declared in the config: point nowhere.
        if path and path[0] in overridden:
            return None
        return config_locate(path)

    return section, loaded.base_dir, locate


def _option_error(exc: Any) -> GateError:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "drift"
    option = "--" + str(first["loc"][0]).replace("_", "-") if first["loc"] else "the drift settings"
    message = str(first["msg"]).removeprefix("Value error, ")
    return GateError(f"{option}: {message}", hint=f"check the value of {where}")
