"""Reclamações as records: opened from the entry's tab with a deadline in business days, updated
on their own page (bad deadlines refused beside the field), untouched by closing the entry, seen
only by whom the follow-up's rules allow, and counted for the Painel and the alert."""

from datetime import date

import pytest
import time_machine
from flask import render_template
from sqlalchemy import select

from app.alerts.services import due_summary, notification_text
from app.complaints.queries import (
    complaints_per_month,
    count_overdue_complaints,
    first_overdue_complaints,
)
from app.extensions import db
from app.models import Complaint, User

from .alerts_helpers import configure, sp
from .conftest import br
from .rules_helpers import add_company_holiday, error_beside, typed_value

THURSDAY = sp(2026, 11, 19, 10, 0)  # Friday 20/11 is Consciência Negra, a national holiday


def entry_form(factory, **changes) -> dict:
    data = {"contacted_at": "19/11/2026 09:30", "return_date": "26/11/2026",
            "type_id": str(factory.type_id()), "status": "open", "notes": "Ligou reclamando",
            "complaints": "O forno chegou com a porta amassada."}
    data.update(changes)
    return data


def complaints_of(factory) -> list[Complaint]:
    return factory.scalars(select(Complaint).order_by(Complaint.id))


@pytest.fixture
def party(app, factory):
    configure(app)
    return factory.party("Padaria Reclamona")


def typed_complaint(web, factory, party) -> Complaint:
    response = web.post(f"/followups/new/entry?party={party.id}", entry_form(factory))
    assert response.status_code == 302
    [complaint] = complaints_of(factory)
    return complaint


def test_text_in_the_complaints_tab_opens_one_with_a_business_day_deadline(party, web, factory,
                                                                            admin, app):
    add_company_holiday(app, date(2026, 11, 24))
    with time_machine.travel(THURSDAY, tick=False):
        web.login("admin")
        complaint = typed_complaint(web, factory, party)
        # Fri 20 holiday; Mon 23, (Tue 24 company holiday), Wed 25, Thu 26, Fri 27, Mon 30.
        assert (complaint.opened_on, complaint.deadline) == (date(2026, 11, 19),
                                                             date(2026, 11, 30))
        assert (complaint.status, complaint.responsible_id) == ("open", admin.id)
        entry_page = web.get(f"/entries/{complaint.entry_id}").get_data(as_text=True)
        assert f'href="/complaints/{complaint.id}"' in entry_page
        page = web.get(f"/complaints/{complaint.id}").get_data(as_text=True)
        assert "O forno chegou com a porta amassada." in page
        # Saving the entry again (the text changed) opens no second complaint.
        saved = web.post(f"/entries/{complaint.entry_id}", entry_form(
            factory, complaints="O forno chegou com a porta amassada. E sem manual.",
            version="1"))
        assert saved.status_code == 302
    assert [c.id for c in complaints_of(factory)] == [complaint.id]


def test_an_entry_without_complaint_text_opens_none(party, web, factory, admin):
    with time_machine.travel(THURSDAY, tick=False):
        web.login("admin")
        web.post(f"/followups/new/entry?party={party.id}", entry_form(factory, complaints="  "))
    assert complaints_of(factory) == []


def test_the_deadline_setting_counts_business_days(party, web, factory, admin):
    with time_machine.travel(THURSDAY, tick=False):
        web.login("admin")
        form = {"complaint_response_days": "2", "after_sale-delay_days": "7",
                "open_quote-delay_days": "7", "no_contact-delay_days": "90"}
        assert web.post("/settings/rules", form).status_code == 302
        complaint = typed_complaint(web, factory, party)
    assert complaint.deadline == date(2026, 11, 24)  # Fri 20 holiday, Mon 23, Tue 24


@pytest.mark.parametrize("deadline,field,message", [
    ("18/11/2026", "deadline",
     "O prazo de resposta não pode ser antes do dia em que a reclamação foi aberta."),
    ("31/11/2026", "deadline", "31/11/2026 não existe."),
    ("", "deadline", "Digite a data."),
])
def test_a_bad_deadline_is_refused_beside_the_field_and_kept(party, web, factory, admin,
                                                             deadline, field, message):
    with time_machine.travel(THURSDAY, tick=False):
        web.login("admin")
        complaint = typed_complaint(web, factory, party)
        response = web.post(f"/complaints/{complaint.id}", {
            "status": "progress", "responsible_id": str(admin.id), "deadline": deadline,
            "resolution": "Vamos trocar a porta", "version": "1"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert error_beside(page, field) == message
    assert typed_value(page, "deadline") == deadline
    assert "Vamos trocar a porta" in page
    assert factory.get(Complaint, complaint.id).status == "open"


def test_resolving_needs_the_resolution_and_closing_the_entry_keeps_it(party, web, factory,
                                                                       admin):
    with time_machine.travel(THURSDAY, tick=False):
        web.login("admin")
        complaint = typed_complaint(web, factory, party)
        entry_id = complaint.entry_id
        closed = web.post(f"/entries/{entry_id}", entry_form(factory, status="done",
                                                             version="1"))
        assert closed.status_code == 302
        assert factory.get(Complaint, complaint.id).status == "open"
        refused = web.post(f"/complaints/{complaint.id}", {
            "status": "resolved", "responsible_id": str(admin.id), "deadline": "30/11/2026",
            "resolution": "", "version": "1"})
        assert error_beside(refused.get_data(as_text=True), "resolution") == \
            "Conte como a reclamação foi resolvida."
        saved = web.post(f"/complaints/{complaint.id}", {
            "status": "resolved", "responsible_id": str(admin.id), "deadline": "30/11/2026",
            "resolution": "Porta trocada.", "version": "1"}, follow_redirects=True)
    assert "Reclamação salva." in saved.get_data(as_text=True)
    assert "<strong>Situação</strong>: Aberta → Resolvida" in saved.get_data(as_text=True)
    resolved = factory.get(Complaint, complaint.id)
    assert (resolved.status, resolved.resolution, resolved.resolved_on) == (
        "resolved", "Porta trocada.", date(2026, 11, 19))


def test_a_seller_sees_only_complaints_of_their_own_follow_ups(party, web, factory, admin):
    factory.user("vendas.a")
    factory.user("vendas.b")
    with time_machine.travel(THURSDAY, tick=False):
        web.login("vendas.a")
        complaint = typed_complaint(web, factory, party)
        assert web.get(f"/complaints/{complaint.id}").status_code == 200
        web.logout()
        web.login("vendas.b")
        assert web.get(f"/complaints/{complaint.id}").status_code == 404
        assert "Padaria Reclamona" not in web.get("/complaints/report").get_data(as_text=True)


def test_overdue_complaints_are_counted_and_named_in_the_alert(party, web, factory, admin, app):
    with time_machine.travel(THURSDAY, tick=False):
        web.login("admin")
        typed_complaint(web, factory, party)
    with app.app_context():
        user = db.session.get(User, admin.id)
        assert count_overdue_complaints(user, date(2026, 11, 27)) == 0
        assert count_overdue_complaints(user, date(2026, 11, 28)) == 1
        summary = due_summary(user, date(2026, 12, 1))
        title, body = notification_text(summary)
    assert "1 reclamação atrasada" in title


def test_complaints_per_month_counts_twelve_months_with_empty_ones(party, web, factory, admin,
                                                                   app):
    with time_machine.travel(THURSDAY, tick=False):
        web.login("admin")
        typed_complaint(web, factory, party)
    with app.app_context():
        months = complaints_per_month(db.session.get(User, admin.id), date(2026, 11, 19), 12)
    assert len(months) == 12
    assert months[0] == (date(2025, 12, 1), 0)
    assert months[-1] == (date(2026, 11, 1), 1)
    assert sum(n for _month, n in months) == 1


def test_the_complaints_page_shows_today_as_br_dates(party, web, factory, admin):
    with time_machine.travel(THURSDAY, tick=False):
        web.login("admin")
        complaint = typed_complaint(web, factory, party)
        page = web.get(f"/complaints/{complaint.id}").get_data(as_text=True)
    assert br(date(2026, 11, 27)) in page


def test_the_painel_partial_lists_overdue_complaints(party, web, factory, admin, app):
    with time_machine.travel(THURSDAY, tick=False):
        web.login("admin")
        complaint = typed_complaint(web, factory, party)
    with app.test_request_context():
        user = db.session.get(User, admin.id)
        html = render_template("complaints/_overdue_panel.html",
                               overdue_complaints=first_overdue_complaints(user,
                                                                           date(2026, 12, 1)),
                               overdue_complaints_count=count_overdue_complaints(
                                   user, date(2026, 12, 1)))
        empty = render_template("complaints/_overdue_panel.html", overdue_complaints=[],
                                overdue_complaints_count=0)
    assert f'href="/complaints/{complaint.id}">Padaria Reclamona</a>' in html
    assert "27/11/2026" in html
    assert "Nenhuma reclamação passou do prazo de resposta." in empty
