"""Cadastro de Usuários: accounts, alert options and Follow Up permissions (admins only)."""
