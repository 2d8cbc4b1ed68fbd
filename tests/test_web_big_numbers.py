"""Numbers beyond 64 bits in URLs and lookups: not found, never a crash."""

import pytest

NOT_FOUND = "Esta página ou registro não existe, ou você não tem permissão para vê-lo."
HUGE = "99999999999999999999"


@pytest.mark.parametrize("url", [
    f"/followups/?page={HUGE}", f"/followups/?type={HUGE}", f"/entries/{HUGE}",
    f"/followups/new/entry?party={HUGE}",
])
def test_numbers_beyond_64_bits_answer_not_found(signed_in, url):
    response = signed_in.get(url)
    assert response.status_code == 404
    assert f"<p>{NOT_FOUND}</p>" in response.get_data(as_text=True)


def test_a_code_beyond_64_bits_is_looked_up_like_any_unknown_code(signed_in):
    # The start screen's code field fetches this as JSON and shows data.message beside it.
    response = signed_in.get(f"/parties/lookup?kind=customer&code={HUGE}",
                             headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json() == {"found": False, "message": "Nenhum cliente com este código."}
