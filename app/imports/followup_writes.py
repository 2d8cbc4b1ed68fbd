"""Writing checked follow-up history: one follow-up per party and responsible, bulk entries."""

from sqlalchemy import insert

from .. import audit
from ..clock import now_utc
from ..extensions import db
from ..models import DONE, FollowUp, FollowUpEntry, User
from .followups import FollowUpPlan
from .parties import Progress, quiet
from .report import ImportRefused

BATCH = 5000


def apply_followups(plan: FollowUpPlan, *, by: User | None, skip_refused: bool,
                    progress: Progress = quiet) -> None:
    """Write the plan in the caller's transaction (the caller commits), or refuse it whole."""
    report = plan.report
    if report.refused and not skip_refused:
        raise ImportRefused(report)
    now = now_utc()
    heads = sorted({(entry.party_id, entry.responsible_id) for entry in plan.entries})
    creator = by.id if by else None
    follow_up_ids = {}
    if heads:
        rows = [{"party_id": party_id, "responsible_id": user_id,
                 "created_by_id": creator or user_id, "created_at": now, "updated_at": now,
                 "version": 1} for party_id, user_id in heads]
        table = FollowUp.__table__
        ids = db.session.execute(insert(table).returning(table.c.id,
                                                         sort_by_parameter_order=True),
                                 rows).scalars().all()
        follow_up_ids = dict(zip(heads, ids, strict=True))
    total = len(plan.entries)
    for start in range(0, total, BATCH):
        batch = plan.entries[start:start + BATCH]
        db.session.execute(insert(FollowUpEntry.__table__), [{
            "follow_up_id": follow_up_ids[(entry.party_id, entry.responsible_id)],
            "party_id": entry.party_id, "responsible_id": entry.responsible_id,
            "type_id": entry.type_id, "contacted_at": entry.contacted_at,
            "return_date": entry.return_date, "status": entry.status, "notes": entry.notes,
            "complaints": "", "internal_comment": "", "created_by_id": creator or
            entry.responsible_id, "created_at": now, "updated_at": now,
            "done_by_id": entry.responsible_id if entry.status == DONE else None,
            "done_at": entry.contacted_at if entry.status == DONE else None,
            "reschedule_count": 0, "version": 1} for entry in batch])
        progress("write", start + len(batch), total)
    audit.record("import", 0, "import", {
        "file": [None, report.file_name], "kind": [None, "followups"],
        **{action: [None, count] for action, count in report.counts.items()}}, by=by)
    report.applied = True
