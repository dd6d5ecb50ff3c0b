"""Headquarters' services on both backends."""

from tests.support.backends import hq_backend

__all__ = ["hq_backend"]
