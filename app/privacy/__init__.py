"""LGPD per party (admins): export everything held about a customer or supplier, or erase it."""
