"""Backups (admins): the list, a backup now, restore; and bringing back deleted entries."""
