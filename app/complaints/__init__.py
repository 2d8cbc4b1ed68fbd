"""Reclamações as records: opened from an entry's text, followed to resolution, reported."""
