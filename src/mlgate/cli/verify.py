"""`mlgate verify RECORD`: prove that what ships is what passed."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command()
@click.argument("record", type=click.Path(dir_okay=False, path_type=Path))
def verify(record: Path) -> None:
    """Re-hash the inputs of a release record and re-run its gate.

    Exit 0 when every input and the verdict are identical, 1 when an input changed (or vanished) or
    the verdict differs (each difference is listed), 2 when the record cannot be read.
    """
    from mlgate.record.verify import read_record, verify_record

    data = read_record(record)
    outcome = verify_record(data)
    for note in outcome.notes:
        click.echo(f"note: {note}")
    if outcome.identical:
        click.echo(
            f"mlgate verify: identical — {outcome.checked_inputs} input(s) unchanged, "
            f"verdict {outcome.verdict} as recorded ({data.get('created_at', '?')})"
        )
        if outcome.verdict not in ("pass", "warn"):
            # Identical, but to a closed gate: a release job must not read exit 0 as "ship it".
            click.echo(
                f"note: the recorded verdict is {outcome.verdict}: this record proves the gate did NOT pass"
            )
        sys.exit(0)
    click.echo(f"mlgate verify: DIFFERENT from the record written {data.get('created_at', '?')}:")
    for line in outcome.differences:
        click.echo(f"  {line}")
    sys.exit(1)
