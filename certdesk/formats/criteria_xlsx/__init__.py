"""A framework as an Excel workbook, for certification bodies that author in Excel.

The layout is documented in docs/criteria-xlsx.md; a framework written and read
back is identical (same content hash).
"""

from certdesk.formats.criteria_xlsx.reader import read_workbook
from certdesk.formats.criteria_xlsx.writer import write_workbook

__all__ = ["read_workbook", "write_workbook"]
