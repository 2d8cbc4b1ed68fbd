"""Backups (admins): the list, a backup now, restore, delete; and bringing back deleted entries."""
