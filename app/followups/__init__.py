"""Processos → Follow Up."""
