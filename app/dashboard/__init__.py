"""Painel: the page after sign-in — today's, overdue and coming returns, and two charts."""
