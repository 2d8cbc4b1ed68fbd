"""A sign-in flood through a real server does not break, or slow down, another user's saves."""

from datetime import date, timedelta

import pytest

from app.extensions import db
from bench.signin_flood import flood

from .conftest import PASSWORD
from .live_server import running

SECONDS = 8


@pytest.mark.slow
def test_a_sign_in_flood_leaves_another_users_saves_fast_and_whole(app, factory):
    factory.user("enxurrada")
    seller = factory.user("vendas")
    party = factory.party("Padaria Pão Quente")
    entry = factory.entry(party, seller, return_date=date.today() + timedelta(days=1))
    type_id = factory.type_id()
    with app.app_context():
        db.engine.dispose()  # the server process owns the database from here
    # The test's own database (its SQLite file, or its PostgreSQL copy in that pass).
    with running("serve", "--port", "0", "--data-dir", app.config["DATA_DIR"],
                 "--database-url", app.config["SQLALCHEMY_DATABASE_URI"]) as server:
        result = flood(server.client().connection.port, flood_login="enxurrada",
                       saver_login="vendas", password=PASSWORD,
                       follow_up_id=entry.follow_up_id, type_id=type_id, seconds=SECONDS)
    assert result["server_errors"] == [], server.output[-3000:]
    assert result["saves"] >= 20 and result["saves_stored"] == result["saves"]
    assert result["accepted"] >= 1 and result["refused"] >= 1  # the flood did run, and was limited
    assert result["save_p95_ms"] < 200, result
