"""The pure domain: frameworks, answers, scoring and decisions.

Plain Python only: no Qt, no SQL, no file formats. Functions return codes and
numbers, never prose, so every layer above can word them in the user's language.
"""
