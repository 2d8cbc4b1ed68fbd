"""Agenda: a user's returns by Data Retorno in week and month views, and one day's list."""
