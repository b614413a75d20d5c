"""Formats: strict JSON, bounded reading and atomic writing, tables, JSON Schema.

* :mod:`~sociaaldomein.io.serialization` - one strict cattrs converter and stable JSON;
* :mod:`~sociaaldomein.io.files` - the caseload JSON file, read within bounds and written
  atomically;
* :mod:`~sociaaldomein.io.tables` - the flat caseload format (CSV, Parquet);
* :mod:`~sociaaldomein.io.schema` - JSON Schema of the input formats;
* :mod:`~sociaaldomein.io.istandaarden` - iWmo / iJw messages.
"""

from sociaaldomein.io.files import (
    CASELOAD_FORMAT,
    CaseloadFile,
    atomic_write,
    read_caseload,
    write_caseload,
)
from sociaaldomein.io.schema import caseload_schema
from sociaaldomein.io.serialization import dumps, loads, structure, unstructure
from sociaaldomein.io.tables import caseload_from_rows, caseload_to_rows, read_csv_rows, write_csv

__all__ = [
    "CASELOAD_FORMAT",
    "CaseloadFile",
    "atomic_write",
    "caseload_from_rows",
    "caseload_schema",
    "caseload_to_rows",
    "dumps",
    "loads",
    "read_caseload",
    "read_csv_rows",
    "structure",
    "unstructure",
    "write_caseload",
    "write_csv",
]
