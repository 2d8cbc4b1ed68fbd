"""What an import did, or would do, row by row."""

from collections import Counter
from dataclasses import dataclass, field

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"
REFUSED = "refused"
ACTIONS = (CREATE, UPDATE, UNCHANGED, REFUSED)


@dataclass(slots=True)
class RowOutcome:
    """One row of the file: what becomes of it, and why not when refused."""

    row: int
    action: str
    code: int | None = None
    name: str = ""
    problems: list[str] = field(default_factory=list)


@dataclass
class Report:
    """The dry run's (or the import's) report: every row's outcome and the totals."""

    file_name: str
    target: str  # "parties" or "followups"
    kind: str
    outcomes: list[RowOutcome] = field(default_factory=list)
    applied: bool = False  # False: a dry run, or an import refused whole

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(outcome.action for outcome in self.outcomes)
        return {action: found.get(action, 0) for action in ACTIONS}

    @property
    def refused(self) -> list[RowOutcome]:
        return [outcome for outcome in self.outcomes if outcome.action == REFUSED]

    @property
    def rows(self) -> int:
        return len(self.outcomes)


class ImportRefused(Exception):
    """Rows were refused and the import was asked to be all or nothing: nothing was written."""

    def __init__(self, report: Report):
        super().__init__(f"{len(report.refused)} rows refused")
        self.report = report
