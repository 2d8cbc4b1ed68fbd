"""Return alerts: the login prompt, the in-page notice and the desktop notifier (F7, F8)."""
