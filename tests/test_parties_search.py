"""Searching customers with what users paste: a number too long to be a code is still text."""


def test_a_long_number_in_the_search_is_searched_not_crashed(signed_in, factory):
    key = "3" * 44  # an NF-e access key pasted into the search
    factory.party(f"NF {key}")
    factory.party("Padaria")
    response = signed_in.get(f"/parties/customers?q={key}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    found = {name for name in (f"NF {key}", "Padaria") if f">{name}</a>" in page}
    assert found == {f"NF {key}"}
