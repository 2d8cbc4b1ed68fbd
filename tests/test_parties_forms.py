"""The party form across errors and refusals: the opened version is kept, refusals explain."""

from datetime import date

from app.extensions import db
from app.models import Party

from .pages import field_error, flashes, input_value

STALE_MESSAGE = ("error", "Outra pessoa alterou este registro enquanto você editava. Seus valores "
                          "estão abaixo; confira e salve novamente.")
IN_USE_MESSAGE = ("error", "Este registro não pode ser excluído: Follow Ups ou documentos de venda "
                           "o utilizam. Desmarque Ativo e salve para inativá-lo.")


def test_a_party_form_keeps_the_opened_version_across_an_error(signed_in, factory, app):
    party = factory.party("Original")
    opened = party.version
    with app.app_context():  # someone else saves meanwhile
        db.session.get(Party, party.id).city = "Campinas"
        db.session.commit()
    form = {"name": "Meu nome", "trade_name": "", "document": "123", "phone": "", "mobile": "",
            "email": "", "address": "", "city": "", "state": "", "postal_code": "", "notes": "",
            "active": "y", "version": str(opened)}
    first = signed_in.post(f"/parties/{party.id}", form)
    assert first.status_code == 422
    page = first.get_data(as_text=True)
    assert field_error(page, "document") == "CPF/CNPJ inválido: confira os dígitos."
    assert (input_value(page, "version"), input_value(page, "name")) == (str(opened), "Meu nome")
    second = signed_in.post(f"/parties/{party.id}", {**form, "document": ""})
    assert second.status_code == 409
    page = second.get_data(as_text=True)
    assert flashes(page) == [STALE_MESSAGE]
    assert input_value(page, "name") == "Meu nome"  # what the user typed is kept
    stored = factory.get(Party, party.id)
    assert (stored.name, stored.city) == ("Original", "Campinas")


def test_the_delete_refusal_explains_without_counting(signed_in, factory, admin):
    party = factory.party()
    factory.entry(party, admin, return_date=date(2030, 1, 1))
    response = signed_in.post(f"/parties/{party.id}/delete", {})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/parties/{party.id}"
    page = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert flashes(page) == [IN_USE_MESSAGE]  # the whole message: no count of records in it
    assert factory.get(Party, party.id) is not None
