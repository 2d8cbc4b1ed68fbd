"""Importing customers, suppliers and follow-up history from another system's files."""
