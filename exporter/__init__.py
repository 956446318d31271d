"""Turns stored progress into therapist summaries (PDF, CSV, JSON). Knows nothing of pygame."""
