"""`mlgate schema`: the JSON Schema of mlgate.yaml (or of the JSON report), for editors and CI."""

from __future__ import annotations

import json

import click


@click.command()
@click.option(
    "--report",
    "of_report",
    is_flag=True,
    help="Print the JSON Schema of the JSON report instead of the config's.",
)
def schema(of_report: bool) -> None:
    """Print the JSON Schema of mlgate.yaml (generated from the config models)."""
    if of_report:
        from mlgate.schemas import read_schema

        click.echo(json.dumps(read_schema("report"), indent=2, ensure_ascii=False))
        return
    from mlgate.config.model import config_json_schema

    click.echo(json.dumps(config_json_schema(), indent=2, ensure_ascii=False))
