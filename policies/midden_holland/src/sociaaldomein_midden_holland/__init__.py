"""Region policy (being written)."""
