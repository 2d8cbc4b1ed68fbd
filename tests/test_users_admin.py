"""F2 Cadastro de Usuários: create, edit, deactivate, reset a password, alert options."""

import pytest
from sqlalchemy import select

from app.models import User

from .conftest import PASSWORD

NEW = {"name": "Maria Souza", "login": "maria", "password": "segredo-123", "confirm": "segredo-123",
       "active": "y", "alert_on_login": "y", "alert_periodic": "y", "alert_every_minutes": "20",
       "can_access_followups": "y", "can_add_followups": "y"}


def user(factory, login: str) -> User:
    return factory.scalar(select(User).where(User.login == login))


def test_only_administrators_reach_the_users(web, factory, admin):
    factory.user("vendas")
    web.login("vendas")
    assert web.get("/users/").status_code == 403
    assert web.get(f"/users/{admin.id}").status_code == 403
    assert web.post("/users/new", NEW).status_code == 403
    assert web.post(f"/users/{admin.id}", {"name": "X", "login": "admin"}).status_code == 403
    assert web.post(f"/users/{admin.id}/password", {"password": "x" * 9, "confirm": "x" * 9}
                    ).status_code == 403
    assert user(factory, "maria") is None
    assert factory.get(User, admin.id).name == "Admin"


def test_an_admin_creates_a_user_with_alert_options_and_permissions(signed_in, factory, web):
    page = signed_in.get("/users/new").get_data(as_text=True)
    for label in ("Avisar ao entrar no sistema", "Avisar a cada N minutos", "Acessar o Follow Up",
                  "Ver Follow Ups de outros usuários", "Baixar"):
        assert f">{label}</label>" in page
    response = signed_in.post("/users/new", NEW)
    assert response.status_code == 302
    maria = user(factory, "maria")
    assert (maria.name, maria.alert_on_login, maria.alert_every_minutes) == (
        "Maria Souza", True, 20)
    assert (maria.can_access_followups, maria.can_add_followups, maria.can_edit_followups,
            maria.can_mark_done_followups, maria.can_delete_followups,
            maria.can_see_all_followups) == (True, True, False, False, False, False)
    listing = signed_in.get("/users/").get_data(as_text=True)
    assert "Maria Souza" in listing and "a cada 20 min" in listing
    signed_in.logout()
    assert web.login("maria", "segredo-123").status_code == 302


def test_periodic_alert_off_stores_no_interval(signed_in, factory):
    data = dict(NEW)
    del data["alert_periodic"]
    data["alert_every_minutes"] = ""
    assert signed_in.post("/users/new", data).status_code == 302
    assert user(factory, "maria").alert_every_minutes is None


INTERVAL = "Digite um número de minutos de 10 a 60."


@pytest.mark.parametrize("changes, field, message", [
    ({"alert_every_minutes": "9"}, "alert_every_minutes", INTERVAL),
    ({"alert_every_minutes": "61"}, "alert_every_minutes", INTERVAL),
    ({"alert_every_minutes": ""}, "alert_every_minutes", INTERVAL),
    ({"name": ""}, "name", "Digite o nome do usuário."),
    ({"login": ""}, "login", "Digite o nome de usuário usado para entrar."),
    ({"login": "maria souza"}, "login", "Use só letras minúsculas"),
    ({"login": "ADMIN"}, "login", "Este nome de usuário já está em uso."),
    ({"password": "curta", "confirm": "curta"}, "password", "A senha precisa de pelo menos 8"),
    ({"confirm": "outra-coisa"}, "confirm", "differ"),
])
def test_bad_input_is_refused_beside_the_field_with_typed_values_kept(signed_in, factory, changes,
                                                                      field, message):
    data = dict(NEW, **changes)
    response = signed_in.post("/users/new", data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    if message != "differ":
        assert message in page
    assert f'id="{field}-msg"' in page
    if "name" not in changes:
        assert 'value="Maria Souza"' in page
    if "alert_every_minutes" in changes and changes["alert_every_minutes"]:
        assert f'value="{changes["alert_every_minutes"]}"' in page
    assert user(factory, "maria") is None or "login" in changes and changes["login"] == "ADMIN"


def test_editing_keeps_typed_values_on_error_and_saves_when_right(signed_in, factory):
    vendas = factory.user("vendas")
    bad = signed_in.post(f"/users/{vendas.id}", {"name": "Vendedor Novo", "login": "vendas",
                                                 "active": "y", "alert_periodic": "y",
                                                 "alert_every_minutes": "61"})
    assert bad.status_code == 422
    assert 'value="Vendedor Novo"' in bad.get_data(as_text=True)
    good = signed_in.post(f"/users/{vendas.id}", {"name": "Vendedor Novo", "login": "vendas",
                                                  "active": "y", "alert_periodic": "y",
                                                  "alert_every_minutes": "60",
                                                  "can_see_all_followups": "y"})
    assert good.status_code == 302
    vendas = factory.get(User, vendas.id)
    assert (vendas.name, vendas.alert_every_minutes, vendas.can_see_all_followups,
            vendas.alert_on_login, vendas.can_access_followups) == (
        "Vendedor Novo", 60, True, False, False)


def test_deactivating_a_user_ends_his_sessions(app, signed_in, factory):
    factory.user("vendas")
    other = app.test_client()
    from .conftest import Browser

    seller = Browser(other)
    seller.login("vendas")
    assert seller.get("/followups/").status_code == 200
    vendas = user(factory, "vendas")
    signed_in.post(f"/users/{vendas.id}", {"name": "Vendas", "login": "vendas",
                                           "alert_on_login": "y"})
    assert factory.get(User, vendas.id).active is False
    assert seller.get("/followups/").status_code == 302  # back to the sign-in page
    assert Browser(app.test_client()).login("vendas").status_code == 422


def test_a_password_reset_ends_the_old_sessions(app, signed_in, factory):
    from .conftest import Browser

    factory.user("vendas")
    seller = Browser(app.test_client())
    seller.login("vendas")
    vendas = user(factory, "vendas")
    short = signed_in.post(f"/users/{vendas.id}/password", {"password": "abc", "confirm": "abc"})
    assert short.status_code == 422
    assert "A senha precisa de pelo menos 8 caracteres." in short.get_data(as_text=True)
    response = signed_in.post(f"/users/{vendas.id}/password",
                              {"password": "nova-senha-1", "confirm": "nova-senha-1"})
    assert response.status_code == 302
    assert seller.get("/followups/").status_code == 302
    assert Browser(app.test_client()).login("vendas", PASSWORD).status_code == 422
    assert Browser(app.test_client()).login("vendas", "nova-senha-1").status_code == 302
    assert signed_in.get("/users/").status_code == 200  # the admin's own session goes on


def test_an_admin_cannot_lock_himself_out(signed_in, factory, admin):
    no_admin = signed_in.post(f"/users/{admin.id}", {"name": "Admin", "login": "admin",
                                                     "active": "y"})
    assert no_admin.status_code == 422
    assert "Você não pode tirar os seus próprios direitos de administrador." in no_admin.get_data(
        as_text=True)
    inactive = signed_in.post(f"/users/{admin.id}", {"name": "Admin", "login": "admin",
                                                     "is_admin": "y"})
    assert "Você não pode desativar a sua própria conta." in inactive.get_data(as_text=True)
    assert factory.get(User, admin.id).is_admin and factory.get(User, admin.id).active


def test_permissions_are_grouped_per_area_and_saved(signed_in, factory):
    page = signed_in.get("/users/new").get_data(as_text=True)
    legends = [legend for legend in ("Follow Up", "Clientes e Fornecedores",
                                     "Orçamento, Pedido, Venda", "Produtos")
               if f"<legend>{legend}</legend>" in page]
    assert len(legends) == 4
    for label in ("Acessar Clientes e Fornecedores", "Acessar Orçamentos, Pedidos e Vendas",
                  "Ver Orçamentos, Pedidos e Vendas de outros usuários", "Acessar Produtos",
                  "Incluir e alterar"):
        assert f">{label}</label>" in page
    data = dict(NEW, can_access_parties="y", can_delete_parties="y", can_access_sales="y",
                can_add_sales="y", can_see_all_sales="y", can_access_products="y")
    assert signed_in.post("/users/new", data).status_code == 302
    maria = user(factory, "maria")
    assert (maria.can_access_parties, maria.can_add_parties, maria.can_edit_parties,
            maria.can_delete_parties) == (True, False, False, True)
    assert (maria.can_access_sales, maria.can_add_sales, maria.can_edit_sales,
            maria.can_cancel_sales, maria.can_see_all_sales) == (True, True, False, False, True)
    assert (maria.can_access_products, maria.can_edit_products) == (True, False)
    listing = signed_in.get("/users/").get_data(as_text=True)
    row = listing[listing.index("Maria Souza"):]
    row = row[:row.index("</tr>")]
    assert "Clientes e Fornecedores:</span> <span class=\"perm\">Excluir</span>" in row
    assert "Produtos:</span> <span class=\"perm\">só consulta</span>" in row
