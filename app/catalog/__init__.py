"""Cadastro de Produtos: the catalog that sales document lines pick products from."""
