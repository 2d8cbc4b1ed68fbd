"""No N+1: the number of SQL statements per page does not grow with the rows shown."""

from datetime import date

import pytest
from sqlalchemy import event

from app.extensions import db


def statements_for(web, app, url: str) -> int:
    count = 0

    def counter(*_args):
        nonlocal count
        count += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", counter)
    try:
        assert web.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    return count


@pytest.mark.parametrize("url", ["/followups/", "/followups/?status=all", "/parties/customers",
                                 "/painel", "/agenda/?view=month&day=2030-01-01",
                                 "/agenda/day/2030-01-01"])
def test_list_pages_run_a_fixed_number_of_statements(signed_in, app, factory, admin, url):
    def add(n: int) -> None:
        for i in range(n):
            party = factory.party(f"Cliente {i}", phone="(11) 3456-7890")
            factory.entry(party, admin, return_date=date(2030, 1, 1 + i % 28))

    add(2)
    few = statements_for(signed_in, app, url)
    add(12)
    many = statements_for(signed_in, app, url)
    assert many == few, f"{url}: {few} statements for 2 rows, {many} for 14"
