"""Cadastros → Importar in the browser's path: upload, columns, preview, dry run, import."""

import io
import re

from sqlalchemy import func, select

from app.models import FollowUpEntry, ImportMapping, Party

from .imports_helpers import write_csv
from .waiting import wait_until

ROWS = [["Cód.", "Razão Social", "CNPJ/CPF", "Coisa"], ["7", "Açúcar & Cia. Ltda",
                                                         "11.222.333/0001-81", "x"],
        ["8", "Mercearia", "123", "y"]]


def upload(web, path, **fields):
    data = {"target": "parties", "kind": "customer",
            "file": (io.BytesIO(path.read_bytes()), path.name), **fields}
    return web.post("/imports/", data, content_type="multipart/form-data")


def finished_job(web, response) -> str:
    assert response.status_code == 302
    page = response.headers["Location"]
    progress = page + "/progress"
    wait_until(lambda: web.get(progress).get_json()["finished"], what="the import job")
    return web.get(page).get_data(as_text=True)


def count(page: str, action: str) -> int:
    return int(re.search(rf'data-count="{action}">(\d+)<', page).group(1))


def test_upload_columns_preview_dry_run_and_import(signed_in, factory, tmp_path):
    path = write_csv(tmp_path / "clientes.csv", ROWS)
    response = upload(signed_in, path)
    assert response.status_code == 302
    columns_url = response.headers["Location"]
    page = signed_in.get(columns_url).get_data(as_text=True)
    assert '<option selected value="name">' in page  # Razão Social, guessed
    form = {"columns-0": "code", "columns-1": "name", "columns-2": "document",
            "columns-3": "", "save_mapping": "y"}
    response = signed_in.post(columns_url, form)
    assert response.status_code == 302
    preview = signed_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Açúcar &amp; Cia. Ltda" in preview
    assert "11.222.333/0001-81" in preview
    token = columns_url.split("/")[2]
    report = finished_job(signed_in, signed_in.post(f"/imports/{token}/run",
                                                    {"dry_run": "1"}))
    assert (count(report, "create"), count(report, "refused")) == (1, 1)
    assert factory.scalar(select(func.count(Party.id))) == 0
    report = finished_job(signed_in, signed_in.post(f"/imports/{token}/run", {"run": "1"}))
    assert factory.scalar(select(func.count(Party.id))) == 0  # refused whole
    report = finished_job(signed_in, signed_in.post(f"/imports/{token}/run",
                                                    {"run": "1", "skip_refused": "y"}))
    assert count(report, "create") == 1
    assert factory.scalar(select(Party.name).where(Party.code == 7)) == "Açúcar & Cia. Ltda"
    saved = factory.scalar(select(ImportMapping.columns))
    assert saved["razao social"] == "name"


def test_a_field_chosen_twice_is_refused_beside_the_column(signed_in, tmp_path):
    response = upload(signed_in, write_csv(tmp_path / "c.csv", ROWS))
    columns_url = response.headers["Location"]
    response = signed_in.post(columns_url, {"columns-0": "name", "columns-1": "name"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert re.search(r'<tr class="has-error">\s*<td><label for="columns-1">', page)


def test_a_bad_file_is_refused_beside_the_field(signed_in, tmp_path):
    (tmp_path / "vazio.csv").write_bytes(b"")
    response = upload(signed_in, tmp_path / "vazio.csv")
    assert response.status_code == 422


def test_an_upload_over_the_limit_gets_413_with_the_limit(app, signed_in, tmp_path):
    app.config["IMPORT_MAX_BYTES"] = 1024 * 1024
    path = tmp_path / "grande.csv"
    path.write_bytes(b"Nome\r\n" + b"x" * (2 * 1024 * 1024))
    response = upload(signed_in, path)
    assert response.status_code == 413
    assert "1 MB" in response.get_data(as_text=True)


def test_follow_up_history_through_the_pages(signed_in, factory, admin, tmp_path):
    factory.party("Cliente Antigo")  # code 1
    path = write_csv(tmp_path / "historico.csv", [
        ["Cód. Cliente", "Data Contato", "Retorno", "Texto"],
        ["1", "02/01/2020 14:30", "10/01/2020", "Ligou pedindo orçamento"],
        ["1", "03/01/2020", "02/01/2020", "Retorno antes do contato"]])
    response = upload(signed_in, path, target="followups")
    columns_url = response.headers["Location"]
    page = signed_in.get(columns_url).get_data(as_text=True)
    assert '<option selected value="party_code">' in page
    response = signed_in.post(columns_url, {"columns-0": "party_code",
                                            "columns-1": "contacted_at",
                                            "columns-2": "return_date", "columns-3": "notes"})
    token = columns_url.split("/")[2]
    report = finished_job(signed_in, signed_in.post(f"/imports/{token}/run", {"dry_run": "1"}))
    assert (count(report, "create"), count(report, "refused")) == (1, 1)
    report = finished_job(signed_in, signed_in.post(f"/imports/{token}/run",
                                                    {"run": "1", "skip_refused": "y"}))
    assert count(report, "create") == 1
    entries = factory.scalars(select(FollowUpEntry))
    assert [(entry.notes, entry.status, entry.responsible_id) for entry in entries] == [
        ("Ligou pedindo orçamento", "done", admin.id)]
