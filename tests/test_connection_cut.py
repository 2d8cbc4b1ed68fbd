"""A PostgreSQL connection cut between a request's work and its end (a restart, an
administrator's kill): the answer already made still goes out, and the next request gets a
new connection. Runs in the suite's PostgreSQL pass.

Found by the restart test under load: the request's closing ROLLBACK met the dead connection,
the error left Flask from its teardown, and waitress answered a bare 500 of its own.
"""

import pytest
from sqlalchemy import text

from app.extensions import db

from .conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("postgres_only")


def test_a_connection_cut_after_the_page_is_made_still_answers(app, web, admin):
    armed = []

    @app.after_request
    def cut_this_requests_connection(response):
        if armed:
            armed.clear()
            # The pid of the connection holding this request's (reading) transaction.
            pid = db.session.scalar(text("SELECT pg_backend_pid()"))
            with db.engine.connect() as other:
                assert other.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        return response

    web.login(admin.login, PASSWORD)
    armed.append(True)
    page = web.get("/followups/")
    assert armed == []  # the connection was cut
    assert page.status_code == 200
    assert "Follow Up" in page.text
    # The pool hands out a live connection next time.
    again = web.get("/followups/")
    assert again.status_code == 200
    assert "Follow Up" in again.text
