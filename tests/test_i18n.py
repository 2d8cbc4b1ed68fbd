"""Language: pt-BR by default with the manual's words, English per user, dates dd/mm/aaaa."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_message_has_its_pt_br_text_and_the_catalog_is_compiled():
    result = subprocess.run([sys.executable, "tools/i18n_check.py"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pt_br_is_the_default(signed_in):
    page = signed_in.get("/followups/").get_data(as_text=True)
    assert 'lang="pt-BR"' in page
    for word in ("Incluir", "Data Retorno", "Tipo de Follow Up", "Situação", "Pesquisar", "Sair"):
        assert word in page


def test_a_user_can_switch_to_english_and_back(signed_in):
    response = signed_in.post("/language", {"language": "en", "next": "/followups/"})
    assert response.status_code == 302 and response.location.endswith("/followups/")
    page = signed_in.get("/followups/").get_data(as_text=True)
    assert 'lang="en"' in page and "Return date" in page and ">Add</a>" in page
    signed_in.post("/language", {"language": "pt_BR", "next": "/followups/"})
    assert "Data Retorno" in signed_in.get("/followups/").get_data(as_text=True)


def test_an_unknown_language_is_ignored(signed_in):
    signed_in.post("/language", {"language": "xx", "next": "/followups/"})
    assert 'lang="pt-BR"' in signed_in.get("/followups/").get_data(as_text=True)


def test_every_form_field_has_a_label_for_it(signed_in, factory):
    import re

    party = factory.party()
    for url in ("/followups/new", f"/followups/new/entry?party={party.id}",
                "/parties/customers/new", f"/parties/{party.id}", "/followups/"):
        page = signed_in.get(url).get_data(as_text=True)
        fields = re.findall(r'<(?:input|select|textarea)[^>]*>', page)
        ids = {re.search(r'\sid="([^"]+)"', f).group(1) for f in fields
               if ' id="' in f and 'type="hidden"' not in f}
        labelled = set(re.findall(r'<label[^>]*\sfor="([^"]+)"', page))
        assert ids and ids - labelled == set(), url


def test_a_page_keeps_its_catalog_yet_a_forced_language_still_switches_it(app):
    """Templates find the catalogue once per request (speed); force_locale (the notifier's
    text in each user's language) must still switch it, and switch it back after."""
    from flask import render_template_string

    from app.i18n import force_locale

    words = "{{ _('Open') }}, {{ _('Reschedule') }}"
    with app.test_request_context("/"):
        assert render_template_string(words) == "Aberto, Adiar"
        with force_locale("en"):
            assert render_template_string(words) == "Open, Reschedule"
        assert render_template_string(words) == "Aberto, Adiar"


def test_the_app_forces_a_language_only_through_its_own_force_locale():
    # Flask-Babel's own would leave the templates' kept catalogue in the old language.
    offenders = [str(path.relative_to(ROOT)) for path in (ROOT / "app").rglob("*.py")
                 if "from flask_babel import force_locale" in path.read_text(encoding="utf-8")]
    assert offenders == []
