"""Configurações Gerais."""
