"""The one place that writes (and reads) parley's Parquet tables.

Layout: ``<output_dir>/<table>/part-00000.parquet``, zstd, cast to the declared schema. Writes are
atomic: the file is staged in ``<output_dir>/.staging/`` under a name that does not end in
``.parquet`` (DuckDB's and Polars' globs include hidden files) and moved into place with
``os.replace``, so a crash never leaves a partial table.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from parley.schema import SCHEMAS

STAGING_DIR = ".staging"
PART_NAME = "part-00000.parquet"


class UnknownTableError(KeyError):
    """A table name that parley does not declare."""


def schema_for(table: str) -> pa.Schema:
    try:
        return SCHEMAS[table]
    except KeyError:
        raise UnknownTableError(
            f"no table named {table!r}; parley's tables are {sorted(SCHEMAS)}"
        ) from None


def to_arrow(table: str, rows: Iterable[Mapping[str, Any]]) -> pa.Table:
    """Rows as an Arrow table in the table's declared schema (raises if a row does not fit)."""
    return pa.Table.from_pylist(list(rows), schema=schema_for(table))


def table_dir(output_dir: Path, table: str) -> Path:
    return Path(output_dir) / table


def write_table(output_dir: Path, table: str, data: pa.Table | Iterable[Mapping[str, Any]]) -> Path:
    """Replace `table` under `output_dir` atomically; return the written Parquet file."""
    schema = schema_for(table)
    arrow = data if isinstance(data, pa.Table) else to_arrow(table, data)
    arrow = arrow.select(schema.names).cast(schema)
    output_dir = Path(output_dir)
    staging = output_dir / STAGING_DIR
    staging.mkdir(parents=True, exist_ok=True)
    target_dir = table_dir(output_dir, table)
    target_dir.mkdir(parents=True, exist_ok=True)
    tmp = staging / f"{table}-{uuid.uuid4().hex}.tmp"
    try:
        pq.write_table(arrow, tmp, compression="zstd")
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        target = target_dir / PART_NAME
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    for stale in target_dir.glob("*.parquet"):
        if stale.name != PART_NAME:
            stale.unlink(missing_ok=True)
    return target


def read_table(
    output_dir: Path,
    table: str,
    columns: Sequence[str] | None = None,
    doc_ids: Collection[str] | None = None,
) -> pa.Table:
    """Read a table written by `write_table`, in its declared schema; optionally only some
    columns and the rows of some documents (pushed down into the Parquet reader)."""
    path = table_dir(output_dir, table)
    files = sorted(path.glob("*.parquet"))
    if not files:
        raise FileNotFoundError(
            f"table {table!r} not found under {output_dir}; run `parley run --output {output_dir}` first"
        )
    schema = schema_for(table)
    filters = None if doc_ids is None else [("doc_id", "in", sorted(doc_ids))]
    if filters is not None and not doc_ids:
        return schema.empty_table().select(list(columns or schema.names))
    return pa.concat_tables(
        pq.read_table(f, schema=schema, columns=list(columns) if columns else None, filters=filters)
        for f in files
    )


def table_row_counts(output_dir: Path) -> dict[str, int | None]:
    """Row count of every declared table under `output_dir` (None where it has not been written)."""
    counts: dict[str, int | None] = {}
    for table in SCHEMAS:
        files = sorted(table_dir(output_dir, table).glob("*.parquet"))
        counts[table] = sum(pq.ParquetFile(f).metadata.num_rows for f in files) if files else None
    return counts
