"""Held-out plan generator for iub: see ../README.md."""
