"""`vaplan schema`: write the JSON Schemas of the plan files for editors.

Registered on vaplan.cli.app's app when vaplan.cli.main imports this module.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from vaplan.cli.app import app, fail
from vaplan.findings import printable


@app.command()
def schema(
    output: Path = typer.Option(Path("schemas"), "--output", "-o", metavar="FOLDER",
                                help="The folder to write the schemas to."),
    plan: Optional[Path] = typer.Option(
        None, "--plan", metavar="PLAN",
        help="Also accept the disciplines this plan adds under `checks.disciplines`."),
    force: bool = typer.Option(False, "--force", help="Replace schema files that exist."),
) -> None:
    """Write a JSON Schema for each plan file, so an editor can complete and underline as you
    type.

    One schema per file: committee.schema.json, agreements.schema.json and so on. Point a file
    at its schema with a first line such as
    `# yaml-language-server: $schema=schemas/committee.schema.json`."""
    from vaplan.atomic import check_writable, why
    from vaplan.cli.options import plan_files, write_report
    from vaplan.export.schema import dumps, plan_schemas

    schemas = plan_schemas(_plan_disciplines(plan) if plan else ())
    protect = plan_files([plan]) if plan else []
    for name in schemas:  # all or none: check every file before writing the first
        try:
            check_writable(output / name, overwrite=force, protect=protect)
        except OSError as err:
            fail(f"cannot write {output / name}: {why(err)}")
    for name, body in schemas.items():
        try:
            write_report(output / name, dumps(body), force=force, protect=protect)
        except OSError as err:
            fail(f"cannot write {output / name}: {why(err)}")
        typer.echo(printable(f"wrote {output / name}"), err=True)


def _plan_disciplines(plan: Path) -> list[str]:
    from vaplan.load.planfile import PlanFileError, read_plan_file
    from vaplan.load.yamlload import load_yaml

    try:  # the plan's own file: never a FIFO, a device or a link out of the plan
        loaded = load_yaml(read_plan_file(plan, "vaplan.yaml"))
    except PlanFileError as err:
        fail(f"cannot read {plan / 'vaplan.yaml'}: {err}")
    except OSError as err:
        fail(f"cannot read {plan / 'vaplan.yaml'}: {err.strerror or err}")
    if not loaded.readable:
        fail(f"{plan / 'vaplan.yaml'} has errors; `vaplan check {plan}` shows them")
    data = loaded.data
    checks = data.get("checks") if isinstance(data, dict) else None
    extra = checks.get("disciplines") if isinstance(checks, dict) else None
    return [d for d in extra if isinstance(d, str)] if isinstance(extra, list) else []
