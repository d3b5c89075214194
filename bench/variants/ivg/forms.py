"""Text forms and scans of a rendered plan (filled in below)."""
