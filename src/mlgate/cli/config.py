"""`mlgate config lint [FILE]`: check mlgate.yaml (and the contracts it names) without running anything.

Fast by design — no data is read and duckdb/numpy are never imported — so it fits a pre-commit hook.
Config problems exit 2 (the gate could not be evaluated with this config); contract lint findings
and expired waivers are results (exit 1).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import click

from mlgate.cli import LazyGroup
from mlgate.cli.common import finish, output_options


@click.group(cls=LazyGroup)
def config() -> None:
    """The repo's policy file, mlgate.yaml."""


@config.command("lint")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The config to lint (same as FILE; the spelling every other command uses).",
)
@output_options
def lint(
    file: Path | None,
    config_file: Path | None,
    reports: tuple[str, ...],
    fail_on: str,
    verbose: int,
    quiet: bool,
) -> None:
    """Validate FILE (default: the mlgate.yaml found from here upwards) and lint its contracts."""
    if file is not None and config_file is not None and file != config_file:
        raise click.UsageError("give the config once: either FILE or --config FILE")
    file = file or config_file
    from mlgate.config.load import display_path, find_and_load
    from mlgate.config.paths import expand
    from mlgate.results import Report, Result, Status
    from mlgate.waivers import apply_waivers

    loaded = find_and_load(file)
    config_model = loaded.config
    report = Report(meta={"config": loaded.display})
    gates = config_model.configured_gates()
    report.results.append(
        Result(
            id=f"config:{loaded.path.name}",
            kind="config",
            status=Status.PASS,
            target=loaded.display,
            message=f"valid: {', '.join(gates) or 'no gates'}; {len(config_model.waivers)} waiver(s)",
            gate="config",
            source=loaded.source(()),
        )
    )
    if not gates:
        report.notices.append("no gate is configured yet: add `contracts:`, `metrics:` or `drift:`")
    if importlib.util.find_spec("mlgate.contracts.lint") is not None:
        from mlgate.contracts.document import load_contract
        from mlgate.contracts.lint import lint_contract

        seen: set[Path] = set()
        for entry in config_model.contracts:
            for path in expand(entry.contract, loaded.base_dir):
                if path.is_file() and path.resolve() not in seen:
                    seen.add(path.resolve())
                    report.extend(lint_contract(load_contract(Path(display_path(path)))))
    # Expired waivers show now, not when the release is due; stale ones need a run to tell
    # (with no results and `only="config"`, apply_waivers reports nothing else).
    report.extend(
        apply_waivers(
            [],
            config_model.waivers,
            locate=lambda index: loaded.source(("waivers", index)),
            today=dt.datetime.now(dt.UTC).date(),
            only="config",
        )
    )
    finish(report, reports=reports, fail_on=fail_on, verbose=verbose, quiet=quiet)
