"""Workbooks for people: the gap workbook and the self-assessment questionnaire."""
