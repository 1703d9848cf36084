"""The `mlgate` command line. Subcommands are imported only when invoked, so `--help` stays fast."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from mlgate import __version__
from mlgate.errors import EXIT_NOT_EVALUATED, GateError

# name -> "module:attribute"; each module keeps heavy imports (duckdb, numpy, pandas...) inside functions.
SUBCOMMANDS: dict[str, str] = {
    "check": "mlgate.cli.check:check",
    "contract": "mlgate.cli.contract:contract",
    "metrics": "mlgate.cli.metrics:metrics",
    "drift": "mlgate.cli.drift:drift",
    "config": "mlgate.cli.config:config",
    "init": "mlgate.cli.init:init",
    "schema": "mlgate.cli.schema:schema",
    "verify": "mlgate.cli.verify:verify",
    "github": "mlgate.cli.github:github",
    "hooks": "mlgate.cli.hooks:hooks",
}


class LazyGroup(click.Group):
    def __init__(self, *args: Any, lazy_subcommands: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_subcommands = lazy_subcommands or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        available = [name for name, target in self.lazy_subcommands.items() if _module_exists(target)]
        return sorted({*super().list_commands(ctx), *available})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self.lazy_subcommands.get(cmd_name)
        if target is None or not _module_exists(target):
            return super().get_command(ctx, cmd_name)
        module_name, _, attribute = target.partition(":")
        command: click.Command = getattr(importlib.import_module(module_name), attribute)
        return command


def _module_exists(target: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(target.partition(":")[0]) is not None


@click.group(
    cls=LazyGroup,
    lazy_subcommands=SUBCOMMANDS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, "--version", "-V", prog_name="mlgate")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors (for bug reports).")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """mlgate — the merge gate for ML repositories: data contracts, model metrics, drift.

    Exit codes: 0 the gate passed, 1 the gate is closed (a check failed), 2 the gate could not be
    evaluated (bad config, contract or input; the message names the file, line and fix).
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def main() -> None:
    debug = "--debug" in sys.argv[1:]
    try:
        cli.main(standalone_mode=False, prog_name="mlgate")
    except GateError as exc:
        if debug:
            raise
        click.echo(f"mlgate: error: {exc.format()}", err=True)
        sys.exit(EXIT_NOT_EVALUATED)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("mlgate: aborted", err=True)
        sys.exit(EXIT_NOT_EVALUATED)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_NOT_EVALUATED)
    except KeyboardInterrupt:
        click.echo("mlgate: interrupted", err=True)
        sys.exit(EXIT_NOT_EVALUATED)
    except Exception as exc:
        if debug:
            raise
        click.echo(
            f"mlgate: internal error: {type(exc).__name__}: {exc}\n"
            "  this is a bug in mlgate; rerun with --debug for the traceback and report it",
            err=True,
        )
        sys.exit(EXIT_NOT_EVALUATED)
    sys.exit(0)
