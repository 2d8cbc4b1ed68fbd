"""`retorno import parties|followups`: exit codes 0 imported, 1 rows refused, 2 bad file."""

import json
from datetime import date, timedelta

from sqlalchemy import func, select

from app.cli import main
from app.models import DONE, OPEN, FollowUpEntry, Party

from .imports_helpers import write_csv


def invoke(app, *args):
    return app.test_cli_runner().invoke(main, ["import", *args, "--data-dir",
                                               app.config["DATA_DIR"]])


def count(factory, model) -> int:
    return factory.scalar(select(func.count(model.id)))


def test_a_good_file_imports_and_exits_0(app, factory, tmp_path):
    path = write_csv(tmp_path / "c.csv", [["Cód.", "Razão Social"], ["9", "Nove Ltda"]])
    result = invoke(app, "parties", str(path), "--kind", "supplier")
    assert result.exit_code == 0, result.output
    assert "1 rows: 1 were created" in result.output
    assert factory.scalar(select(Party.name).where(Party.kind == "supplier",
                                                   Party.code == 9)) == "Nove Ltda"


def test_a_dry_run_writes_nothing(app, factory, tmp_path):
    path = write_csv(tmp_path / "c.csv", [["Cód.", "Razão Social"], ["9", "Nove Ltda"]])
    result = invoke(app, "parties", str(path), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "1 would be created" in result.output
    assert count(factory, Party) == 0


def test_refused_rows_exit_1_and_nothing_is_imported_unless_skipped(app, factory, tmp_path):
    path = write_csv(tmp_path / "c.csv", [["Cód.", "Razão Social", "CPF"], ["1", "Um", ""],
                                          ["2", "Dois", "123.456.789-00"]])
    result = invoke(app, "parties", str(path))
    assert result.exit_code == 1
    assert "row 3: " in result.output
    assert count(factory, Party) == 0
    result = invoke(app, "parties", str(path), "--skip-refused")
    assert result.exit_code == 1
    assert count(factory, Party) == 1


def test_a_bad_file_exits_2(app, factory, tmp_path):
    (tmp_path / "vazio.csv").write_bytes(b"")
    result = invoke(app, "parties", str(tmp_path / "vazio.csv"))
    assert result.exit_code == 2
    assert "vazio" in result.output


def test_a_mapping_file_names_the_columns(app, factory, tmp_path):
    path = write_csv(tmp_path / "c.csv", [["X", "Y"], ["33", "Trinta e Três"]])
    mapping = tmp_path / "mapa.json"
    mapping.write_text(json.dumps({"X": "code", "Y": "name"}))
    result = invoke(app, "parties", str(path), "--mapping", str(mapping))
    assert result.exit_code == 0, result.output
    assert factory.scalar(select(Party.code)) == 33


def test_follow_up_history_imports_by_party_code(app, factory, admin, tmp_path):
    factory.party("Cliente Antigo")  # code 1
    today = date.today()
    rows = [["Cód. Cliente", "Data Contato", "Retorno", "Tipo", "Situação", "Texto"],
            ["1", "02/01/2020 14:30", "10/01/2020", "", "", "Ligou pedindo orçamento"],
            ["1", "03/01/2020", (today + timedelta(days=30)).strftime("%d/%m/%Y"), "", "",
             "Retornar na safra"],
            ["99", "03/01/2020", "04/01/2020", "", "", "Cliente que não existe"]]
    path = write_csv(tmp_path / "historico.csv", rows)
    result = invoke(app, "followups", str(path))
    assert result.exit_code == 1
    assert "row 4: " in result.output
    assert count(factory, FollowUpEntry) == 0
    result = invoke(app, "followups", str(path), "--skip-refused")
    entries = factory.scalars(select(FollowUpEntry).order_by(FollowUpEntry.contacted_at))
    assert [(e.status, e.notes) for e in entries] == [
        (DONE, "Ligou pedindo orçamento"), (OPEN, "Retornar na safra")]
    assert entries[0].contacted_at.hour == 17  # 14:30 in São Paulo is 17:30 UTC


def test_importing_the_same_history_twice_never_doubles_it(app, factory, admin, tmp_path):
    factory.party("Cliente Antigo")  # code 1
    rows = [["Cód. Cliente", "Data Contato", "Retorno", "Texto"],
            ["1", "02/01/2020 14:30", "10/01/2020", "Ligou pedindo orçamento"],
            ["1", "02/01/2020 14:30", "10/01/2020", "Ligou pedindo orçamento"],  # repeated
            ["1", "05/01/2020 09:00", "12/01/2020", "Mandou a tabela"]]
    path = write_csv(tmp_path / "historico.csv", rows)
    first = invoke(app, "followups", str(path))
    assert first.exit_code == 0, first.output
    assert count(factory, FollowUpEntry) == 2

    rows.append(["1", "06/01/2020 10:00", "13/01/2020", "Fechou o pedido"])
    again = invoke(app, "followups", str(write_csv(tmp_path / "historico.csv", rows)))
    assert again.exit_code == 0, again.output
    assert "1 were created" in again.output
    assert "3 unchanged" in again.output
    notes = factory.scalars(select(FollowUpEntry.notes).order_by(FollowUpEntry.contacted_at))
    assert notes == ["Ligou pedindo orçamento", "Mandou a tabela", "Fechou o pedido"]
