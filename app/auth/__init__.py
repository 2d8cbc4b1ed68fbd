"""Sign-in, sign-out and the first-run administrator."""
