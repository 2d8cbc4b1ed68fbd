"""What the entry form carries, already parsed: shared by the services and the recurrence rule."""

from dataclasses import dataclass
from datetime import date, datetime, time


@dataclass
class EntryData:
    """One entry's fields (contacted_at is wall-clock in the zone; return_time too, optional)."""

    contacted_at: datetime
    return_date: date
    type_id: int
    status: str
    notes: str
    complaints: str = ""
    internal_comment: str = ""
    return_time: time | None = None
    repeat_every: int | None = None  # with repeat_unit: a recurring return (None: once)
    repeat_unit: str | None = None
