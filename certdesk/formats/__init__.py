"""Readers and writers of files; they take and return domain objects."""
