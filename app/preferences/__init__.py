"""Minhas preferências: what each user sets for himself (today: start Retorno with the system)."""
