"""`retorno import parties|followups FILE`: the import from a terminal, with a progress bar.

Exit codes: 0 imported (or a clean dry run), 1 rows refused, 2 the file or mapping is unusable.
"""

import json
from pathlib import Path

import click
from flask import Flask

from ..extensions import db
from ..i18n import force_locale
from ..models import CUSTOMER, PARTY_KINDS
from .fields import TARGETS
from .mappings import clean_mapping, mapping_for
from .parties import MappingError
from .reading import BadFile, Table, read_table
from .report import REFUSED, ImportRefused, Report
from .running import run_import

SHOWN_PROBLEMS = 50


class Bar:
    """A terminal progress bar per phase (checking the rows, then writing them)."""

    def __init__(self):
        self.bar, self.phase, self.shown = None, None, 0

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase != self.phase:
            self.close()
            label = "checking rows" if phase == "check" else "writing"
            self.bar = click.progressbar(length=max(total, 1), label=label, file=None)
            self.bar.__enter__()
            self.phase, self.shown = phase, 0
        step = min(done, total) - self.shown
        if step > 0:
            self.bar.update(step)
            self.shown += step

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _mapping(table: Table, target: str, mapping_file: Path | None) -> list[str]:
    if mapping_file is None:
        return mapping_for(table.headers, target)
    try:
        given = json.loads(mapping_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise click.ClickException(f"{mapping_file}: not a JSON mapping ({error})") from error
    return clean_mapping([given.get(header, "") for header in table.headers], target)


def _print(report: Report, dry_run: bool) -> None:
    counts = report.counts
    for outcome in report.refused[:SHOWN_PROBLEMS]:
        click.echo(f"row {outcome.row}: " + "; ".join(outcome.problems), err=True)
    if len(report.refused) > SHOWN_PROBLEMS:
        click.echo(f"… and {len(report.refused) - SHOWN_PROBLEMS} more refused rows", err=True)
    verb = "would be" if dry_run or not report.applied else "were"
    click.echo(f"{report.rows} rows: {counts['create']} {verb} created, {counts['update']} "
               f"{verb} updated, {counts['unchanged']} unchanged, {counts[REFUSED]} refused.")
    if not dry_run and not report.applied:
        click.echo("Nothing was imported: correct the rows above, or use --skip-refused.",
                   err=True)


def import_command(app: Flask, target: str, file: Path, kind: str, dry_run: bool,
                   skip_refused: bool, mapping_file: Path | None) -> None:
    """Run one import for the CLI and exit with its code."""
    bar = Bar()
    with app.app_context(), force_locale(app.config["BABEL_DEFAULT_LOCALE"]):
        try:
            table = read_table(file)
            mapping = _mapping(table, target, mapping_file)
            chosen = [f"{header} → {key}" for header, key in zip(table.headers, mapping,
                                                                  strict=True) if key]
            click.echo("columns: " + ", ".join(chosen))
            report = run_import(table, mapping, target=target, kind=kind, file_name=file.name,
                                by=None, dry_run=dry_run, skip_refused=skip_refused,
                                progress=bar)
        except (BadFile, MappingError) as error:
            bar.close()
            click.echo(f"{file}: {error.message}", err=True)
            raise click.exceptions.Exit(2) from error
        except ImportRefused as refused:
            bar.close()
            db.session.rollback()
            report = refused.report
        bar.close()
        _print(report, dry_run)
    raise click.exceptions.Exit(1 if report.refused else 0)


def add_import_commands(group: click.Group, build_app, app_options) -> None:
    """Add `import parties` and `import followups` to the `retorno` command."""

    @group.group("import")
    def import_group() -> None:
        """Import customers, suppliers or follow-up history from a CSV or XLSX file."""

    options = [
        click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path)),
        click.option("--kind", type=click.Choice(PARTY_KINDS), default=CUSTOMER,
                     show_default=True, help="Customers or suppliers."),
        click.option("--dry-run", is_flag=True, help="Check and report; write nothing."),
        click.option("--skip-refused", is_flag=True,
                     help="Import the good rows even when others are refused."),
        click.option("--mapping", "mapping_file",
                     type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="JSON {file column: Retorno field} (default: saved, then guessed). "
                          "Fields: " + ", ".join(f.key for f in TARGETS["parties"][:14])),
    ]

    def command(target: str):
        def run(data_dir, database_url, file, kind, dry_run, skip_refused, mapping_file):
            app = build_app(data_dir, database_url, BACKUP_THREAD=False)
            import_command(app, target, file, kind, dry_run, skip_refused, mapping_file)

        for option in reversed(options):
            run = option(run)
        return app_options(run)

    import_group.command("parties", help="Import customers or suppliers (codes kept).")(
        command("parties"))
    import_group.command("followups", help="Import follow-up history (by party code).")(
        command("followups"))
