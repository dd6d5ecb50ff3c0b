"""Use cases: the only layer the user interfaces call."""
