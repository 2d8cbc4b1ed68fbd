"""Cadastro de Clientes e Fornecedores."""
