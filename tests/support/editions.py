"""The bundled frameworks written to the second edition's standard (issue 15): their
wording rules and decision properties are tested. A 1.1.0 file joins as it is written."""

SECOND_EDITION = ("privacy-impact",)
