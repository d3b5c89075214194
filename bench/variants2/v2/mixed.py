"""Mixed, web and odd plans (filled in below)."""

MIXED: dict = {}
