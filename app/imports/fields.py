"""What a file's columns can become in Retorno, and guessing that from their names."""

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..search_keys import fold

CONTACT_SLOTS = 10
CONTACT_PARTS = {"name": (_l("Contact %(n)s name"), ("nome",)),
                 "role": (_l("Contact %(n)s role"), ("cargo", "funcao")),
                 "phone": (_l("Contact %(n)s phone"), ("telefone", "fone", "tel")),
                 "email": (_l("Contact %(n)s e-mail"), ("e mail", "email"))}


@dataclass(frozen=True)
class ImportField:
    key: str
    label: object  # a lazy string
    aliases: tuple[str, ...] = ()  # folded header names (lower case, no accents or punctuation)


def header_key(header: str) -> str:
    """A header as compared: "Razão Social" → "razao social", "CNPJ/CPF" → "cnpj cpf"."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(header)))


def _contact_fields() -> list[ImportField]:
    found = []
    for n in range(1, CONTACT_SLOTS + 1):
        for part, (label, words) in CONTACT_PARTS.items():
            aliases = {f"contato {n} {word}" for word in words}
            aliases |= {f"contact {n} {part}", f"{words[0]} contato {n}"}
            if n == 1:
                aliases |= {f"contato {word}" for word in words} | {f"{word} contato"
                                                                     for word in words}
                aliases |= {f"{word} do contato" for word in words}
                if part == "name":
                    aliases |= {"contato", "contato nome"}
                elif part == "role":
                    aliases |= set(words)
            found.append(ImportField(f"contact{n}_{part}", _LabelN(label, n),
                                     tuple(sorted(aliases))))
    return found


class _LabelN:
    """A numbered lazy label ("Contact 2 name"), translated when shown."""

    def __init__(self, label, n: int):
        self.label, self.n = label, n

    def __str__(self) -> str:
        return str(self.label) % {"n": self.n}


PARTY_FIELDS = [
    ImportField("code", _l("Code"), ("codigo", "cod", "code", "cod cliente", "cod fornecedor",
                                     "codigo cliente", "codigo do cliente", "codigo fornecedor",
                                     "codigo do fornecedor", "cd", "id")),
    ImportField("name", _l("Name"), ("nome", "razao social", "nome razao social",
                                     "razao social nome", "name", "cliente", "fornecedor",
                                     "nome completo", "nome do cliente")),
    ImportField("trade_name", _l("Trade name"), ("fantasia", "nome fantasia", "trade name",
                                                 "apelido")),
    ImportField("document", _l("CPF/CNPJ"), ("cpf cnpj", "cnpj cpf", "cnpj", "cpf", "documento",
                                             "cpf ou cnpj", "cnpj ou cpf")),
    ImportField("state_registration", _l("State registration (IE)"),
                ("ie", "inscricao estadual", "insc estadual", "inscricao estadual ie",
                 "state registration ie", "state registration", "rg ie", "inscr estadual")),
    ImportField("phone", _l("Phone"), ("fone", "telefone", "tel", "fone 1", "telefone 1",
                                       "phone", "fone comercial", "telefone comercial")),
    ImportField("mobile", _l("Mobile"), ("celular", "cel", "fone 2", "telefone 2", "whatsapp",
                                         "mobile")),
    ImportField("email", _l("E-mail"), ("email", "e mail", "correio eletronico")),
    ImportField("address", _l("Address"), ("endereco", "logradouro", "rua", "address")),
    ImportField("city", _l("City"), ("cidade", "municipio", "city")),
    ImportField("state", _l("State"), ("uf", "estado", "state")),
    ImportField("postal_code", _l("Postal code"), ("cep", "postal code")),
    ImportField("notes", _l("Notes"), ("observacoes", "observacao", "obs", "notes")),
    ImportField("active", _l("Active"), ("ativo", "active", "situacao", "status")),
    *_contact_fields(),
]

FOLLOW_UP_FIELDS = [
    ImportField("party_code", _l("Customer or supplier code"),
                ("codigo", "cod", "cod cliente", "codigo cliente", "codigo do cliente",
                 "cliente", "customer or supplier code", "cod fornecedor")),
    ImportField("contacted_at", _l("Contact date"), ("data contato", "data do contato", "data",
                                                     "contato em", "contact date")),
    ImportField("return_date", _l("Return date"), ("retorno", "data retorno",
                                                   "data de retorno", "data do retorno",
                                                   "proximo contato", "return date")),
    ImportField("type", _l("Type"), ("tipo", "tipo de follow up", "tipo follow up", "type")),
    ImportField("status", _l("Situation"), ("situacao", "status", "situation")),
    ImportField("notes", _l("Text"), ("texto", "observacoes", "observacao", "obs",
                                      "historico", "descricao", "text", "notes")),
    ImportField("responsible", _l("Responsible (login)"),
                ("responsavel", "vendedor", "usuario", "responsible login", "responsible")),
]

TARGETS = {"parties": PARTY_FIELDS, "followups": FOLLOW_UP_FIELDS}
REQUIRED_FIELDS = {"parties": ("name",),
                   "followups": ("party_code", "contacted_at", "return_date", "notes")}


def field_labels(target: str) -> dict[str, object]:
    return {field.key: field.label for field in TARGETS[target]}


def guess_mapping(headers: list[str], target: str,
                  saved: dict[str, str] | None = None) -> list[str]:
    """For each column, the Retorno field it becomes ("" = left out): a mapping saved for
    this header name first, then the field whose common names include it; each field once."""
    fields = TARGETS[target]
    known = {field.key for field in fields}
    by_alias = {alias: field.key for field in reversed(fields) for alias in field.aliases}
    by_alias.update({header_key(str(field.label)): field.key for field in fields})
    taken: set[str] = set()
    chosen = []
    for header in headers:
        key = header_key(header)
        field = (saved or {}).get(key)
        if field != "" and field not in known:  # "": the admin left this column out
            field = by_alias.get(key, "")
        if field in taken:
            field = ""
        taken.add(field)
        chosen.append(field)
    return chosen
