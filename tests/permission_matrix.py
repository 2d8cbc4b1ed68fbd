"""The permission matrix's world and table: four users, and for every route of the URL map the
status each of them gets on seller A's records.

Users: an administrator; sellers A and B, created with the defaults of Cadastro de Usuários (no
"see other users'", no delete); a user with every permission off.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.followups.services import soft_delete_entry
from app.models import Complaint, FollowUpEntry, User
from app.permissions import PERMISSION_FLAGS
from app.settings.services import business_today

from .conftest import br
from .sales_helpers import doc_form, line

USERS = ("admin", "a", "b", "nothing")
LOGINS = {"admin": "admin", "a": "vendas.a", "b": "vendas.b", "nothing": "nada"}
TEXTS = ("notes", "complaints", "internal_comment")


def secret(owner: str, n: int, what: str) -> str:
    return f"SEGREDO{owner.upper()}{n}{what.replace('_', '').upper()}"


def build_world(app, factory, admin) -> dict:
    """Entries and documents of each user (texts are markers), one entry deleted, a spare party."""
    users = {"admin": admin, "a": factory.user(LOGINS["a"]), "b": factory.user(LOGINS["b"]),
             "nothing": factory.user(LOGINS["nothing"], **dict.fromkeys(PERMISSION_FLAGS, False))}
    with app.app_context():
        today = business_today()
    shared, own, spare = (factory.party(name) for name in (
        "Cliente Comum", "Cliente da Vendedora", "Cliente Sem Vínculo"))
    markers: dict[str, list[str]] = {"admin": [], "a": [], "b": [], "deleted": []}
    records: dict[str, object] = {}
    follow_up = None
    for n in range(3):  # the administrator's follow-up: overdue, today, tomorrow
        texts = {f: secret("admin", n, f) for f in TEXTS}
        entry = factory.entry(shared, admin, return_date=today + timedelta(days=n - 1),
                              follow_up=follow_up, **texts)
        records.setdefault("entry_admin0", entry)
        follow_up = entry.follow_up
        markers["admin"] += texts.values()
    for owner in ("a", "b"):
        for n, party in enumerate((shared, own)):
            texts = {f: secret(owner, n, f) for f in TEXTS}
            records[f"entry_{owner}{n}"] = factory.entry(party, users[owner], return_date=today,
                                                         **texts)
            markers[owner] += texts.values()
    texts = {f: secret("deleted", 0, f) for f in TEXTS}
    gone = factory.entry(own, users["a"], return_date=today, **texts)
    markers["deleted"] += texts.values()
    with app.app_context():
        soft_delete_entry(db.session.get(FollowUpEntry, gone.id), db.session.get(User, admin.id))
        db.session.commit()
    for owner in ("admin", "a", "b"):
        for kind in ("quote", "order"):
            note = secret(owner, 0, kind)
            document = factory.document(kind, shared, users[owner], notes=note,
                                        follow_up=records[f"entry_{owner}0"].follow_up)
            records[f"{kind}_{owner}"] = document
            markers[owner] += [note, f'/documents/{document.id}"']
    records["product"] = factory.product()
    records["complaint_a0"] = factory.scalar(select(Complaint.id).where(
        Complaint.entry_id == records["entry_a0"].id))
    return {"users": users, "markers": markers, "records": records, "today": today,
            "shared": shared, "own": own, "spare": spare, "gone": gone,
            "type_id": factory.type_id()}


@dataclass(frozen=True)
class Row:
    endpoint: str
    method: str
    url: str
    expected: dict[str, int]  # user → status code
    form: dict = field(default_factory=dict)


def _row(endpoint: str, method: str, url: str, admin: int, a: int, b: int, nothing: int,
         form: dict | None = None) -> Row:
    expected = dict(zip(USERS, (admin, a, b, nothing), strict=True))
    return Row(endpoint, method, url, expected, form or {})


def entry_form(world: dict, **changes) -> dict:
    data = {"contacted_at": br(world["today"]) + " 09:00", "return_date": br(world["today"]),
            "type_id": str(world["type_id"]), "status": "open", "notes": "Forjado"}
    data.update(changes)
    return data


def rows(world: dict) -> list[Row]:
    """Every (endpoint, method) of the URL map once, ids pointing at seller A's records.

    POSTs carry valid forms, so a missing gate would change the database; logout comes last.
    """
    r, users = world["records"], world["users"]
    a_id = users["a"].id
    entry, quote, order = r["entry_a0"], r["quote_a"], r["order_a"]
    fu, party, spare, product = entry.follow_up_id, world["shared"], world["spare"], r["product"]
    code = party.code
    document_form = doc_form(code, [line("Alterado", "2", "10")], salesperson_id=a_id,
                             version="1", status="open")
    party_form = {"name": "Nome Forjado", "active": "y", "version": "1"}
    product_form = {"code": "FORJADO", "description": "Forjado", "unit": "UN", "price": "1,00",
                    "active": "y", "version": "1"}
    user_form = {"name": "Forjada", "login": "forjada", "password": "segredo-123",
                 "confirm": "segredo-123", "active": "y", "alert_on_login": "y",
                 "can_see_all_sales": "y", "can_see_all_followups": "y"}
    return [
        _row("static", "GET", "/static/retorno.css", 200, 200, 200, 200),
        _row("main.index", "GET", "/", 302, 302, 302, 200),
        _row("main.after_login", "GET", "/after-login", 200, 200, 200, 302),
        _row("main.after_login", "POST", "/after-login", 302, 302, 302, 302),
        _row("main.set_language", "POST", "/language", 302, 302, 302, 302, {"language": "pt_BR"}),
        _row("auth.login", "GET", "/login", 302, 302, 302, 302),
        _row("auth.login", "POST", "/login", 302, 302, 302, 302),
        _row("auth.first_run", "GET", "/first-run", 404, 404, 404, 404),
        _row("auth.first_run", "POST", "/first-run", 404, 404, 404, 404,
             {"login": "intruso", "name": "Intruso", "password": "x" * 12, "confirm": "x" * 12}),
        _row("alerts.due", "GET", "/alerts/due", 200, 200, 200, 200),
        _row("alerts.mute", "POST", "/alerts/mute", 302, 302, 302, 302),
        # Follow Up
        _row("followups.index", "GET", "/followups/", 200, 200, 200, 403),
        _row("followups.export", "GET", "/followups/export.csv", 200, 200, 200, 403),
        _row("followups.start", "GET", "/followups/new", 200, 200, 200, 403),
        _row("followups.start", "POST", "/followups/new", 302, 302, 302, 403,
             {"kind": "customer", "code": str(code)}),
        _row("followups.new_entry", "GET", f"/followups/new/entry?party={party.id}",
             200, 200, 200, 403),
        _row("followups.new_entry", "POST", f"/followups/new/entry?party={party.id}",
             302, 302, 302, 403, entry_form(world)),
        _row("followups.show", "GET", f"/followups/{fu}", 200, 200, 404, 403),
        # Handing a follow-up to seller B needs "see other users'": A's choice is not offered.
        _row("followups.show", "POST", f"/followups/{fu}", 302, 422, 404, 403,
             {"responsible_id": str(users["b"].id)}),
        _row("followups.add", "GET", f"/followups/{fu}/entries/new", 200, 200, 404, 403),
        _row("followups.add", "POST", f"/followups/{fu}/entries/new", 302, 302, 404, 403,
             entry_form(world)),
        _row("followups.entry", "GET", f"/entries/{entry.id}", 200, 200, 404, 403),
        _row("followups.entry", "POST", f"/entries/{entry.id}", 302, 302, 404, 403,
             entry_form(world, version=str(entry.version))),
        _row("alerts.snooze", "POST", f"/alerts/snooze/{entry.id}", 302, 302, 404, 404),
        _row("followups.reschedule_entry", "GET", f"/entries/{entry.id}/reschedule",
             200, 200, 404, 403),
        _row("followups.reschedule_entry", "POST", f"/entries/{entry.id}/reschedule",
             302, 302, 404, 403, {"step": "week"}),
        # entry_a0 does not repeat: the service refuses, the page says so (no change either way).
        _row("followups.stop_repeating_entry", "POST", f"/entries/{entry.id}/stop-repeating",
             302, 302, 404, 403),
        _row("followups.calendar_file", "GET", "/followups/agenda.ics", 200, 200, 200, 403),
        # Reclamações: seller A's complaint (opened from the text of A's entry), before the
        # entry is deleted
        _row("complaints.show", "GET", f"/complaints/{r['complaint_a0']}", 200, 200, 404, 403),
        _row("complaints.show", "POST", f"/complaints/{r['complaint_a0']}", 302, 302, 404, 403,
             {"status": "progress", "responsible_id": str(a_id), "deadline": "31/12/2099",
              "resolution": "Forjado", "version": "1"}),
        _row("complaints.report", "GET", "/complaints/report", 200, 200, 200, 403),
        _row("complaints.export", "GET", "/complaints/report.csv", 200, 200, 200, 403),
        _row("followups.delete_entry", "POST", f"/entries/{entry.id}/delete", 302, 403, 403, 403),
        _row("automation.silent_customers", "GET", "/customers/without-contact",
             200, 200, 200, 403),
        _row("settings.suggested_return_date", "GET",
             f"/followup-types/{world['type_id']}/return-date", 200, 200, 200, 403),
        # Painel and Agenda: each shows only what the user may see (another's agenda: one's own)
        _row("dashboard.index", "GET", "/painel", 200, 200, 200, 403),
        _row("agenda.index", "GET", f"/agenda/?view=month&user={users['admin'].id}",
             200, 200, 200, 403),
        _row("agenda.day", "GET", f"/agenda/day/{world['today'].isoformat()}?user={a_id}",
             200, 200, 200, 403),
        # Clientes e Fornecedores
        _row("parties.index", "GET", "/parties/customers", 200, 200, 200, 403),
        _row("parties.lookup", "GET", f"/parties/lookup?kind=customer&code={code}",
             200, 200, 200, 403),
        _row("parties.create", "GET", "/parties/customers/new", 200, 200, 200, 403),
        _row("parties.create", "POST", "/parties/customers/new", 302, 302, 302, 403,
             {"name": "Cliente Forjado", "active": "y"}),
        _row("parties.edit", "GET", f"/parties/{party.id}", 200, 200, 200, 403),
        _row("parties.edit", "POST", f"/parties/{party.id}", 302, 302, 302, 403, party_form),
        _row("parties.delete", "POST", f"/parties/{spare.id}/delete", 302, 403, 403, 403),
        _row("privacy.party", "GET", f"/privacy/parties/{party.id}", 200, 403, 403, 403),
        _row("privacy.export", "POST", f"/privacy/parties/{party.id}/export.json",
             200, 403, 403, 403),
        # A wrong code: refused beside the field, nothing erased (the real erasure: test_privacy).
        _row("privacy.anonymise", "POST", f"/privacy/parties/{party.id}/anonymise",
             422, 403, 403, 403, {"code": "0"}),
        # Orçamento, Pedido de Venda, Venda
        _row("sales.quotes", "GET", "/documents/quotes/", 200, 200, 200, 403),
        _row("sales.orders", "GET", "/documents/orders/", 200, 200, 200, 403),
        _row("sales.sales", "GET", "/documents/sales/", 200, 200, 200, 403),
        _row("sales.index", "GET", "/documents/quotes/", 200, 200, 200, 403),
        _row("sales.create", "GET", "/documents/quotes/new", 200, 200, 200, 403),
        _row("sales.create", "POST", "/documents/quotes/new", 302, 302, 422, 403, document_form),
        _row("sales.edit", "GET", f"/documents/{quote.id}", 200, 200, 404, 403),
        _row("sales.edit", "POST", f"/documents/{quote.id}", 302, 302, 404, 403, document_form),
        _row("sales.convert", "POST", f"/documents/{quote.id}/convert", 302, 302, 404, 403),
        _row("sales.cancel", "POST", f"/documents/{order.id}/cancel", 302, 302, 404, 403),
        # Produtos
        _row("catalog.index", "GET", "/products/", 200, 200, 200, 403),
        _row("catalog.lookup", "GET", f"/products/lookup?code={product.code}", 200, 200, 200, 403),
        _row("catalog.lookup_matches", "GET", "/products/lookup/matches?q=forno",
             200, 200, 200, 403),
        _row("catalog.lookup_grid", "GET", "/products/lookup/grid?q=forno", 200, 200, 200, 403),
        _row("parties.lookup_matches", "GET", "/parties/lookup/matches?kind=customer&q=cli",
             200, 200, 200, 403),
        _row("parties.lookup_grid", "GET", "/parties/lookup/grid?kind=customer&q=cli",
             200, 200, 200, 403),
        _row("catalog.create", "GET", "/products/new", 200, 200, 200, 403),
        _row("catalog.create", "POST", "/products/new", 302, 302, 302, 403, product_form),
        _row("catalog.edit", "GET", f"/products/{product.id}", 200, 200, 200, 403),
        _row("catalog.edit", "POST", f"/products/{product.id}", 302, 302, 302, 403,
             dict(product_form, code=product.code)),
        # Administrators only
        _row("settings.index", "GET", "/settings/", 200, 403, 403, 403),
        _row("settings.document_types", "POST", "/settings/document-types", 302, 403, 403, 403,
             {"quote": "0", "order": "0", "sale": "0"}),
        _row("settings.index", "POST", "/settings/", 302, 403, 403, 403,
             {"alerts_enabled": "", "time_zone": "America/Sao_Paulo", "state": "",
              "session_idle_hours": "8"}),
        _row("settings.new_type", "POST", "/settings/types/new", 302, 403, 403, 403,
             {"type-name": "Forjado", "type-default_delay_days": "3", "type-active": "y"}),
        _row("settings.edit_type", "GET", f"/settings/types/{world['type_id']}",
             200, 403, 403, 403),
        _row("settings.edit_type", "POST", f"/settings/types/{world['type_id']}",
             302, 403, 403, 403, {"name": "Forjado 2", "default_delay_days": "3", "active": "y"}),
        _row("settings.move", "POST", f"/settings/types/{world['type_id']}/move",
             302, 403, 403, 403, {"direction": "down"}),
        _row("settings.new_holiday", "POST", "/settings/holidays/new", 302, 403, 403, 403,
             {"holiday-day": "25/12/2031", "holiday-name": "Forjado"}),
        _row("settings.delete_holiday", "POST", "/settings/holidays/999/delete",
             404, 403, 403, 403),
        _row("automation.rules", "GET", "/settings/rules", 200, 403, 403, 403),
        _row("automation.rules", "POST", "/settings/rules", 302, 403, 403, 403,
             {"after_sale-delay_days": "7", "open_quote-delay_days": "7",
              "no_contact-delay_days": "90", "complaint_response_days": "5"}),
        _row("users.index", "GET", "/users/", 200, 403, 403, 403),
        _row("users.new", "GET", "/users/new", 200, 403, 403, 403),
        _row("users.new", "POST", "/users/new", 302, 403, 403, 403, user_form),
        _row("users.edit", "GET", f"/users/{a_id}", 200, 403, 403, 403),
        _row("users.edit", "POST", f"/users/{a_id}", 302, 403, 403, 403,
             dict(user_form, login=users["a"].login)),
        _row("users.password", "POST", f"/users/{a_id}/password", 302, 403, 403, 403,
             {"password": "outra-senha-1", "confirm": "outra-senha-1"}),
        _row("users.unlock", "POST", f"/users/{a_id}/unlock", 302, 403, 403, 403),
        _row("auth.own_password", "GET", "/account/password", 200, 200, 200, 200),
        _row("auth.own_password", "POST", "/account/password", 422, 422, 422, 422,
             {"current_password": "not-the-one-1", "password": "outra-senha-1",
              "confirm": "outra-senha-1"}),
        # Everyone's own page; writing the login entry is the desktop app's alone (not here).
        _row("preferences.index", "GET", "/account/preferences", 200, 200, 200, 200),
        _row("preferences.index", "POST", "/account/preferences", 422, 422, 422, 422,
             {"start_with_system": "y"}),
        _row("backups.index", "GET", "/admin/backups", 200, 403, 403, 403),
        # Cadastros → Importar (administrators only)
        _row("imports.index", "GET", "/imports/", 200, 403, 403, 403),
        _row("imports.index", "POST", "/imports/", 422, 403, 403, 403,
             {"target": "parties", "kind": "customer"}),
        _row("imports.columns", "GET", "/imports/nenhum/columns", 404, 403, 403, 403),
        _row("imports.columns", "POST", "/imports/nenhum/columns", 404, 403, 403, 403),
        _row("imports.show", "GET", "/imports/nenhum", 404, 403, 403, 403),
        _row("imports.run", "POST", "/imports/nenhum/run", 404, 403, 403, 403, {"run": "1"}),
        _row("imports.job", "GET", "/imports/jobs/nenhum", 404, 403, 403, 403),
        _row("imports.progress", "GET", "/imports/jobs/nenhum/progress", 404, 403, 403, 403),
        _row("imports.export_csv", "GET", "/imports/export/customers.csv", 200, 403, 403, 403),
        _row("imports.export_xlsx", "GET", "/imports/export/customers.xlsx",
             200, 403, 403, 403),
        _row("backups.backup_now", "POST", "/admin/backups", 302, 403, 403, 403),
        _row("backups.restore", "GET", "/admin/backups/nenhum.sqlite3/restore",
             404, 403, 403, 403),
        _row("backups.restore", "POST", "/admin/backups/nenhum.sqlite3/restore",
             404, 403, 403, 403),
        _row("backups.delete", "GET", "/admin/backups/nenhum.sqlite3/delete", 404, 403, 403, 403),
        _row("backups.delete", "POST", "/admin/backups/nenhum.sqlite3/delete",
             404, 403, 403, 403),
        _row("backups.deleted_entries", "GET", "/admin/deleted-entries", 200, 403, 403, 403),
        _row("backups.restore_deleted_entry", "POST",
             f"/admin/deleted-entries/{world['gone'].id}/restore", 302, 403, 403, 403),
        _row("auth.logout", "POST", "/logout", 302, 302, 302, 302),
    ]
