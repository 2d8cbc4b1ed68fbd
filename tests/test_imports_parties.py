"""Importing customers and suppliers: encodings, delimiters, headers, matching, codes, all or
nothing, and the export read back unchanged."""

import pytest
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.imports.fields import guess_mapping
from app.imports.mappings import mapping_for, save_mapping
from app.models import AuditEvent, Party
from bench.imports import write_file

from .imports_helpers import PARTY_HEADER, parties_as_stored, run, write_csv, write_xlsx

ACUCAR = ["7", "Açúcar & Cia. Ltda", "Açúcar", "11.222.333/0001-81", "(11) 3456-7890",
          "São João", "SP", "compras@acucar.com.br", "Maria", "Compras"]
SAO_JOAO = ["12", "Mercearia São João", "", "529.982.247-25", "11 98765-4321", "Santos", "sp",
            "", "", ""]


def stored(app, kind="customer"):
    with app.app_context():
        return {party.code: party for party in db.session.scalars(
            select(Party).where(Party.kind == kind).options(selectinload(Party.contacts)))}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_each_encoding_and_delimiter_keeps_the_accents(app, tmp_path, encoding, delimiter):
    path = write_csv(tmp_path / "clientes.csv", [PARTY_HEADER, ACUCAR, SAO_JOAO],
                     encoding=encoding, delimiter=delimiter)
    report = run(app, path)
    assert report.counts == {"create": 2, "update": 0, "unchanged": 0, "refused": 0}
    parties = stored(app)
    assert parties[7].name == "Açúcar & Cia. Ltda"
    assert parties[7].city == "São João"
    assert parties[7].document == "11222333000181"
    assert parties[12].phone == "(11) 98765-4321"
    assert parties[12].state == "SP"
    assert [contact.name for contact in parties[7].contacts] == ["Maria"]


def test_a_windows_1252_file_reads_as_windows_1252(app, tmp_path):
    path = tmp_path / "erp.csv"
    path.write_bytes("Código;Razão Social;Cidade\r\n1;Açúcar & Cia. Ltda;São João\r\n"
                     .encode("cp1252"))
    run(app, path)
    assert (stored(app)[1].name, stored(app)[1].city) == ("Açúcar & Cia. Ltda", "São João")


def test_an_xlsx_file_is_read_by_its_values_and_a_formula_is_refused(app, tmp_path):
    path = write_xlsx(tmp_path / "clientes.xlsx", [
        ["Código", "Nome", "CPF/CNPJ"], [3, "Loja Três", "52998224725"],
        [4, '=HYPERLINK("http://x","Loja Quatro")', ""]])
    report = run(app, path)
    assert [outcome.action for outcome in report.outcomes] == ["create", "refused"]
    assert "=HYPERLINK" in report.refused[0].problems[0]
    assert stored(app) == {}  # refused whole: nothing written


@pytest.mark.parametrize(("header", "field"), [
    ("Razão Social", "name"), ("Fone", "phone"), ("CNPJ/CPF", "document"), ("Cód.", "code"),
    ("Nome Fantasia", "trade_name"), ("Inscrição Estadual", "state_registration"),
    ("E-mail", "email"), ("Município", "city"), ("UF", "state"), ("CEP", "postal_code"),
    ("Obs", "notes"), ("Celular", "mobile"), ("Endereço", "address"), ("Contato", "contact1_name"),
    ("Telefone do contato", "contact1_phone"), ("Contato 2 E-mail", "contact2_email"),
    ("Coluna estranha", "")])
def test_headers_are_guessed_from_their_usual_names(app, header, field):
    with app.test_request_context():
        assert guess_mapping([header], "parties") == [field]


def test_a_field_is_guessed_for_one_column_only(app):
    with app.test_request_context():
        assert guess_mapping(["Telefone", "Fone"], "parties") == ["phone", ""]


def test_dry_run_reports_what_the_import_then_does(app, tmp_path):
    path = write_csv(tmp_path / "c.csv", [PARTY_HEADER, ACUCAR, SAO_JOAO,
                                          ["", "Sem Nome Nenhum", "", "123", "", "", "", "",
                                           "", ""]])
    dry = run(app, path, dry_run=True)
    assert stored(app) == {}
    real = run(app, path, skip_refused=True)
    assert [(o.row, o.action, o.code) for o in dry.outcomes] == \
        [(o.row, o.action, o.code) for o in real.outcomes]
    assert dry.counts == {"create": 2, "update": 0, "unchanged": 0, "refused": 1}
    assert "CPF/CNPJ" in dry.refused[0].problems[0]
    assert sorted(stored(app)) == [7, 12]


def test_same_code_or_same_document_updates_never_duplicates(app, tmp_path, factory):
    factory.party("Açúcar Antigo", document="11222333000181")  # code 1, same CNPJ
    factory.party("Mercearia Velha")  # code 2
    rows = [PARTY_HEADER, ["", "Açúcar & Cia. Ltda"] + ACUCAR[2:],
            ["2", "Mercearia Nova", "", "", "", "", "", "", "", ""]]
    report = run(app, write_csv(tmp_path / "c.csv", rows))
    assert [(o.action, o.code) for o in report.outcomes] == [("update", 1), ("update", 2)]
    parties = stored(app)
    assert sorted(parties) == [1, 2]
    assert (parties[1].name, parties[2].name) == ("Açúcar & Cia. Ltda", "Mercearia Nova")
    assert parties[2].version == 2


def test_codes_are_kept_and_new_parties_follow_the_largest(app, tmp_path, factory):
    factory.party("Já Cadastrado")  # code 1
    rows = [["Código", "Nome"], ["500", "Quinhentos"], ["", "Sem Código"], ["40", "Quarenta"]]
    report = run(app, write_csv(tmp_path / "c.csv", rows))
    assert [o.code for o in report.outcomes] == [500, 501, 40]
    assert sorted(stored(app)) == [1, 40, 500, 501]


def test_a_code_of_the_other_kind_and_repeated_codes_are_refused_with_nothing_written(
        app, tmp_path, factory):
    factory.party("Fornecedor Sete", kind="supplier")  # supplier code 1
    rows = [["Código", "Nome", "CPF/CNPJ"], ["1", "Cliente Um", ""], ["5", "Cinco", ""],
            ["5", "Cinco de Novo", ""], ["6", "Seis", "52998224725"],
            ["8", "Oito", "529.982.247-25"]]
    report = run(app, write_csv(tmp_path / "c.csv", rows))
    assert [o.action for o in report.outcomes] == ["refused"] * 5
    with app.test_request_context():
        expected = str(_l("Code %(code)s is a supplier's: a customer cannot have it.", code=1))
    assert report.refused[0].problems == [expected]
    assert stored(app) == {}


def test_a_failure_in_the_last_row_leaves_nothing_half_imported(app, tmp_path):
    rows = [["Código", "Nome", "CPF/CNPJ"]] + [[str(n), f"Cliente {n}", ""]
                                               for n in range(1, 3000)]
    rows.append(["3000", "Cliente Ruim", "111.111.111-11"])
    report = run(app, write_csv(tmp_path / "c.csv", rows))
    assert report.counts["refused"] == 1 and report.refused[0].row == 3001
    assert not report.applied
    with app.app_context():
        assert db.session.scalar(select(func.count(Party.id))) == 0
        assert db.session.scalar(select(func.count(AuditEvent.id))) == 0


def test_the_audit_records_the_import(app, tmp_path, admin):
    run(app, write_csv(tmp_path / "antigo.csv", [PARTY_HEADER, ACUCAR]), by_id=admin.id)
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.entity == "import")).one()
        assert event.user_id == admin.id
        assert event.changes["file"] == [None, "antigo.csv"]
        assert event.changes["create"] == [None, 1]


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(app, tmp_path, factory, signed_in, extension):
    factory.party("Açúcar & Cia. Ltda", trade_name="=Doce", document="11222333000181",
                  state_registration="123.456.789.110",
                  phone="(11) 3456-7890", mobile="(11) 98765-4321", email="a@acucar.com.br",
                  address="Rua A, 1", city="São João", state="SP", postal_code="01234-000",
                  notes="Linha 1\nLinha 2", contacts=[
                      {"name": "Maria", "role": "Compras", "phone": "(11) 3333-4444",
                       "email": "maria@acucar.com.br"}, {"name": "José"}])
    factory.party("Inativo", active=False)
    factory.party("Fornecedor", kind="supplier")
    before = parties_as_stored(app)
    response = signed_in.get(f"/imports/export/customers.{extension}")
    assert response.status_code == 200
    path = tmp_path / f"export.{extension}"
    path.write_bytes(response.data)
    report = run(app, path)
    assert report.counts == {"create": 0, "update": 0, "unchanged": 2, "refused": 0}
    assert parties_as_stored(app) == before


def test_the_state_registration_typed_in_the_cadastro_is_kept(app, signed_in, factory):
    response = signed_in.post("/parties/customers/new", {
        "name": "Loja com IE", "state_registration": " ISENTO ", "active": "y"})
    assert response.status_code == 302
    assert factory.scalar(select(Party.state_registration)) == "ISENTO"


@pytest.mark.slow
def test_100k_rows_with_a_failure_in_row_99_999_import_nothing(app, tmp_path):
    path = tmp_path / "cem-mil.csv"
    write_file(path, 100_000)
    lines = path.read_bytes().split(b"\r\n")
    lines[99_998] = lines[99_998].replace(b"Loja 99998", b"=HYPERLINK(1)")  # file row 99,999
    path.write_bytes(b"\r\n".join(lines))
    report = run(app, path)
    assert report.rows == 100_000
    assert [o.row for o in report.refused] == [99_999]
    with app.app_context():
        assert db.session.scalar(select(func.count(Party.id))) == 0
    report = run(app, path, skip_refused=True)
    assert report.counts["create"] == 99_999
    with app.app_context():
        assert db.session.scalar(select(func.count(Party.id))) == 99_999


def test_a_saved_mapping_is_chosen_for_the_next_file_with_those_columns(app):
    with app.test_request_context():
        assert mapping_for(["Sujeito", "Cidade"], "parties") == ["", "city"]
        save_mapping("parties", ["Sujeito", "Cidade"], ["name", ""])
        db.session.commit()
        assert mapping_for(["Cidade", "SUJEITO"], "parties") == ["", "name"]
