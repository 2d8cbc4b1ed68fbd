"""Brazil's 27 states (UF) and its time zones, named the way people in Brazil name them."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

# The 27 UFs by code, named as the holidays package names them (a test compares them). Written
# out: reading them from that package imported every country's calendar at start (~140 ms).
STATES = {
    "AC": "Acre", "AL": "Alagoas", "AM": "Amazonas", "AP": "Amapá", "BA": "Bahia",
    "CE": "Ceará", "DF": "Distrito Federal", "ES": "Espírito Santo", "GO": "Goiás",
    "MA": "Maranhão", "MG": "Minas Gerais", "MS": "Mato Grosso do Sul", "MT": "Mato Grosso",
    "PA": "Pará", "PB": "Paraíba", "PE": "Pernambuco", "PI": "Piauí", "PR": "Paraná",
    "RJ": "Rio de Janeiro", "RN": "Rio Grande do Norte", "RO": "Rondônia", "RR": "Roraima",
    "RS": "Rio Grande do Sul", "SC": "Santa Catarina", "SE": "Sergipe", "SP": "São Paulo",
    "TO": "Tocantins",
}

# Brazil's IANA zones, most used first: the name people know each by, and where it is used.
ZONES = {
    "America/Sao_Paulo": ("Brasília", "SP, RJ, MG, ES, PR, SC, RS, GO, DF"),
    "America/Bahia": ("Bahia", "BA"),
    "America/Fortaleza": ("Fortaleza", "CE, RN, PB, MA, PI"),
    "America/Recife": ("Recife", "PE"),
    "America/Maceio": ("Maceió", "AL, SE"),
    "America/Belem": ("Belém", _l("eastern PA, AP")),
    "America/Santarem": ("Santarém", _l("western PA")),
    "America/Araguaina": ("Araguaína", "TO"),
    "America/Campo_Grande": ("Campo Grande", "MS"),
    "America/Cuiaba": ("Cuiabá", "MT"),
    "America/Manaus": ("Amazonas", "Manaus"),
    "America/Porto_Velho": ("Porto Velho", "RO"),
    "America/Boa_Vista": ("Boa Vista", "RR"),
    "America/Eirunepe": ("Eirunepé", _l("western AM")),
    "America/Rio_Branco": ("Acre", "AC"),
    "America/Noronha": ("Fernando de Noronha", "PE"),
}


def zone_label(name: str, at: datetime) -> str:
    """A zone as people read it: "Brasília · UTC−3 · SP, RJ…"; other zones by their IANA name."""
    if name not in ZONES:
        return name
    hours = int(ZoneInfo(name).utcoffset(at).total_seconds() // 3600)
    offset = f"UTC{hours:+d}".replace("-", "\u2212")  # a real minus sign
    place, where = ZONES[name]
    return f"{place} · {offset} · {where}"
