"""The home page, the after-login step and the language switch."""
