"""Accounts, bearer tokens, sign-in throttling and the scope rules of the four roles."""
