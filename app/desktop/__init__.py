"""The desktop app: a local waitress server shown in a pywebview window, one per data folder."""
