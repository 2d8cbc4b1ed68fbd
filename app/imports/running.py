"""One import from start to end: the dry run, then (unless asked not to) the writing, all or
nothing in one transaction. Shared by the pages' background job and the CLI."""

from ..extensions import db
from ..models import User
from .followup_writes import apply_followups
from .followups import plan_followups
from .parties import Progress, plan_parties, quiet
from .party_writes import apply_parties
from .reading import Table
from .report import Report

PLANNERS = {"parties": (plan_parties, apply_parties),
            "followups": (plan_followups, apply_followups)}


def run_import(table: Table, mapping: list[str], *, target: str, kind: str, file_name: str,
               by: User | None, dry_run: bool, skip_refused: bool,
               progress: Progress = quiet) -> Report:
    """Check the file; write it unless dry_run. Raises ImportRefused (nothing written) when
    rows were refused and skip_refused is off."""
    plan_rows, apply = PLANNERS[target]
    if target == "followups":
        plan = plan_followups(table, mapping, kind, file_name, progress, responsible=by)
    else:
        plan = plan_rows(table, mapping, kind, file_name, progress)
    if dry_run:
        return plan.report
    try:
        apply(plan, by=by, skip_refused=skip_refused, progress=progress)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return plan.report
