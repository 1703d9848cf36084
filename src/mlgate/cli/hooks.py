"""`mlgate hooks`: plain git hooks for repositories without the pre-commit framework.

`install` / `uninstall` manage the scripts; `run-contracts` (hidden) is what the pre-commit hooks call
to test only the contracts whose contract or data files changed.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import glob
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from mlgate.cli.common import output_options
from mlgate.errors import GateError

if TYPE_CHECKING:
    from mlgate.config.load import LoadedConfig
    from mlgate.results import Report, Result

HOOK_CHOICES = ("pre-commit", "pre-push")


@click.group()
def hooks() -> None:
    """Plain git hooks (pre-commit, pre-push) for repositories that do not use the pre-commit framework."""


_hook_option = click.option(
    "--hook",
    "names",
    multiple=True,
    type=click.Choice(HOOK_CHOICES),
    help="Only this hook (repeatable) [default: both].",
)


@hooks.command()
@_hook_option
def install(names: tuple[str, ...]) -> None:
    """Install mlgate's git hooks into this repository (honours core.hooksPath).

    pre-commit lints staged contracts and mlgate.yaml and tests the contracts whose files are staged;
    pre-push runs `mlgate check`. An existing hook is kept as `<hook>.local` and runs first.
    """
    from mlgate.hookinstall import HOOK_NAMES
    from mlgate.hookinstall import install as install_hooks

    for change in install_hooks(names or HOOK_NAMES):
        click.echo(f"mlgate: {change.describe()}")


@hooks.command()
@_hook_option
def uninstall(names: tuple[str, ...]) -> None:
    """Remove mlgate's git hooks and restore the hooks they replaced."""
    from mlgate.hookinstall import HOOK_NAMES
    from mlgate.hookinstall import uninstall as uninstall_hooks

    for change in uninstall_hooks(names or HOOK_NAMES):
        click.echo(f"mlgate: {change.describe()}")


@hooks.command("run-contracts", hidden=True)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="mlgate.yaml")
@click.option("--samples", type=click.IntRange(min=0), default=5, show_default=True)
@output_options
def run_contracts(
    files: tuple[Path, ...],
    config_path: Path | None,
    samples: int,
    reports: tuple[str, ...],
    fail_on: str,
    verbose: int,
    quiet: bool,
) -> None:
    """Test the contracts whose contract or data files are among FILES (what the hooks pass)."""
    from mlgate.cli.common import finish

    report = _contracts_report(files, config_path=config_path, samples=samples)
    if report is None:
        return  # nothing changed that a contract covers: stay silent, as pre-commit hooks do
    finish(report, reports=reports, fail_on=fail_on, verbose=verbose, quiet=quiet)


@hooks.command("lint-config", hidden=True)
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
def lint_config(files: tuple[Path, ...]) -> None:
    """`mlgate config lint` on each of FILES (pre-commit passes several at once; it takes one).

    A pyproject.toml without a [tool.mlgate] table is not mlgate's: it is passed over.
    """
    from mlgate.cli.config import lint
    from mlgate.config.pyproject import has_tool_mlgate

    worst = 0
    for file in files:
        if file.name == "pyproject.toml":
            try:
                if not has_tool_mlgate(file.read_text(encoding="utf-8")):
                    continue
            except (OSError, UnicodeDecodeError):
                pass  # config lint says what is wrong with the file
        try:
            lint.main(["--", str(file)], prog_name="mlgate config lint", standalone_mode=False)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
        except GateError as exc:
            click.echo(f"mlgate: error: {exc.format()}", err=True)
            code = 2
        except click.ClickException as exc:
            exc.show()
            code = 2
        worst = max(worst, code)
    raise SystemExit(worst)


# --- which contracts a set of changed files touches -------------------------------------------------


class _Planned:
    """One contract to run: the file, and how the config asked for it."""

    def __init__(self, contract: Path, data: str | None, server: str | None, schema: str | None) -> None:
        self.contract = contract
        self.data = data
        self.server = server
        self.schema = schema


def _contracts_report(files: Iterable[Path], *, config_path: Path | None, samples: int) -> Report | None:
    from mlgate.config.load import ConfigNotFound, discover_config, find_and_load

    changed = {_absolute(f) for f in files}
    if not changed:
        return None
    if config_path is None:
        try:
            config_path = discover_config()
        except ConfigNotFound:
            config_path = None  # no mlgate.yaml: a changed contract is tested against its own servers
    if config_path is None:
        planned = [
            _Planned(path, None, None, None)
            for path in sorted(changed)
            if path.name.endswith((".odcs.yaml", ".odcs.yml")) and path.is_file()
        ]
        return _run(planned, None, samples) if planned else None
    loaded = find_and_load(config_path)
    everything = loaded.path in changed  # a changed config may point contracts at other data
    planned = []
    for entry in loaded.config.contracts:
        for contract in _expand(entry.contract, loaded.base_dir):
            if not contract.is_file():
                continue
            data_specs = [entry.data] if entry.data else _server_paths(contract)
            bases = [loaded.base_dir] if entry.data else [contract.parent, loaded.base_dir]
            touched = (
                everything
                or _absolute(contract) in changed
                or any(_matches(f, spec, base) for f in changed for spec in data_specs for base in bases)
            )
            if touched:
                planned.append(_Planned(contract, entry.data, entry.server, entry.schema_name))
    return _run(planned, loaded, samples) if planned else None


def _run(planned: list[_Planned], loaded: LoadedConfig | None, samples: int) -> Report:
    from mlgate.config.load import display_path
    from mlgate.context import GateContext
    from mlgate.contracts.gate import run_contract
    from mlgate.results import Report

    base_dir = loaded.base_dir if loaded is not None else Path.cwd()
    # Run from the config's directory, as `mlgate check` is meant to: a contract's server path is
    # relative to the contract, and the gate resolves relative paths from the config's directory.
    os.chdir(base_dir)
    report = Report(meta={"config": loaded.display if loaded else None, "gates": ["contracts"]})
    with GateContext(base_dir=base_dir, samples=samples) as ctx:
        for item in planned:
            shown = Path(display_path(item.contract))
            try:
                # Absolute: the gate resolves a relative path from the config's directory, not from here.
                report.extend(
                    run_contract(
                        item.contract.resolve(), ctx, data=item.data, server=item.server, schema=item.schema
                    )
                )
            except GateError as exc:
                report.results.append(_error_result(str(shown), exc))
    if loaded is not None and loaded.config.waivers:
        from mlgate.waivers import apply_waivers

        # Waive as `mlgate check` would; findings about the waivers themselves belong to config lint.
        apply_waivers(
            report.results,
            loaded.config.waivers,
            locate=lambda index: loaded.source(("waivers", index)),
            today=dt.datetime.now(dt.UTC).date(),
            only="contracts",
        )
    return report


def _error_result(target: str, exc: GateError) -> Result:
    from mlgate.results import Result, Source, Status

    return Result(
        id=f"contracts:error:{target}",
        kind="error",
        status=Status.ERROR,
        target=target,
        message=exc.message + (f" (fix: {exc.hint})" if exc.hint else ""),
        gate="contracts",
        source=Source(exc.file, exc.line, exc.column) if exc.file else Source(target),
    )


def _server_paths(contract: Path) -> list[str]:
    """Local data paths named by the contract's `servers` (where it reads data when no `data:` is set)."""
    from mlgate.contracts.document import load_contract

    try:
        servers = load_contract(contract).raw.get("servers")
    except GateError:
        return []  # the lint hook reports an unreadable contract; the gate run will too
    found = []
    for server in servers if isinstance(servers, list) else []:
        if isinstance(server, dict):
            found += [v for k, v in server.items() if k in ("path", "location") and isinstance(v, str)]
    return found


def _matches(changed: Path, spec: str, base_dir: Path) -> bool:
    from mlgate.gitio import is_git_spec

    if is_git_spec(spec) or "://" in spec:
        return False  # committed or remote data does not change with the working tree
    pattern = _absolute(base_dir / Path(spec).expanduser())
    text = str(pattern)
    if glob.has_magic(text):
        return fnmatch.fnmatchcase(str(changed), text)
    return changed == pattern or pattern in changed.parents


def _expand(spec: str, base_dir: Path) -> list[Path]:
    from mlgate.config.paths import expand

    return expand(spec, base_dir)


def _absolute(path: Path) -> Path:
    return path.resolve()
