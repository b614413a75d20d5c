"""Optional integrations, imported only on request."""
