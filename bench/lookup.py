"""The parties' side of the bench data set that the Consulta searches: trade names, CPF/CNPJ,
mobiles, accented business words, their folded keys, and what sellers type to find them."""

import random

from app.parties.lookup import search_terms
from app.search_keys import name_key

BUSINESSES = ["Padaria", "Açougue", "Farmácia", "Mercearia", "Distribuidora", "Comércio de Peças",
              "Auto Elétrica", "Construções", "Papelaria", "Lanchonete", "Oficina", "Ótica",
              "Materiais Elétricos", "Supermercado", "Confecções", "Transportes"]


def enrich(party: dict, rng: random.Random) -> None:
    """Give a generated party what real ones have: a business word, a trade name, a CPF or
    CNPJ, often a mobile; then its folded name key."""
    first_word = party["name"].split()[0]
    party["name"] = f"{rng.choice(BUSINESSES)} {party['name']}"
    party["trade_name"] = f"{first_word} {rng.choice(BUSINESSES).split()[0]}"
    party["document"] = "".join(str(rng.randint(0, 9)) for _ in range(rng.choice((11, 14))))
    party["mobile"] = (f"(11) 9{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
                       if rng.random() < 0.5 else "")
    party["name_key"] = name_key(party["name"], party["trade_name"])


def term_rows(parties: list[dict]) -> list[dict]:
    return [{"party_id": party["id"], "term": term} for party in parties
            for term in search_terms(party["name"], party["trade_name"], party["phone"],
                                     party["mobile"])]


def _masked_cnpj(number: str) -> str:
    return f"{number[:2]}.{number[2:5]}.{number[5:8]}/{number[8:12]}-{number[12:]}"


def typed_queries(parties: list[dict], rng: random.Random) -> list[dict]:
    """What a seller types in the F3 code field, each with the kind chosen on the screen: name
    prefixes, a word without its accents, two words, the trade name, CPF digits, a masked
    CNPJ, a phone with and without its area code, a code, and very common words."""
    queries = []
    for _ in range(4):
        party = rng.choice(parties)
        name_words = party["name"].split()
        own = name_words[-3]  # the first generated word ("Padaria Mariso Luca Ltda" → Mariso)
        cnpj = next(p for p in (rng.choice(parties) for _ in range(50))
                    if len(p["document"]) == 14)["document"]
        cpf = next(p for p in (rng.choice(parties) for _ in range(50))
                   if len(p["document"]) == 11)["document"]
        phone = party["phone"]
        queries += [
            {"q": own[:3].lower(), "kind": party["kind"]},
            {"q": own.lower(), "kind": party["kind"]},
            {"q": f"{name_words[0][:4]} {own[:4]}".lower(), "kind": party["kind"]},
            {"q": "acougue" if "Açougue" in party["name"] else "farmacia", "kind": "customer"},
            {"q": party["trade_name"], "kind": party["kind"]},
            {"q": cpf, "kind": "customer"},
            {"q": _masked_cnpj(cnpj), "kind": "customer"},
            {"q": phone, "kind": party["kind"]},
            {"q": phone[5:], "kind": ""},
            {"q": str(party["code"]), "kind": party["kind"]},
            {"q": "m", "kind": "customer"},
            {"q": "ltda", "kind": ""},
        ]
    return queries
