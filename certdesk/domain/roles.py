"""Who a database and a key belong to."""

from __future__ import annotations

from enum import StrEnum


class DatabaseRole(StrEnum):
    """A field laptop (assessor or supplier) or headquarters."""

    FIELD = "field"
    HQ = "hq"


class KeyRole(StrEnum):
    """What headquarters' trust store lets a public key sign."""

    ASSESSOR = "assessor"
    SUPPLIER = "supplier"
