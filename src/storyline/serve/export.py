"""Export stored Documents: JSONL as in the contract, CSV and Parquet one row per document."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError
from storyline.model import Document

FLAT_COLUMNS = ("id", "title", "outlet", "published", "published_basis", "byline", "dateline_place",
                "story", "quotes", "figures", "entities", "body")


def flat_row(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id, "title": doc.title, "outlet": doc.outlet, "published": doc.published.date,
        "published_basis": doc.published.basis, "byline": "; ".join(doc.byline),
        "dateline_place": doc.dateline.place if doc.dateline else None, "story": doc.story,
        "quotes": len(doc.quotes), "figures": len(doc.figures), "entities": len(doc.entities), "body": doc.body,
    }


def write_export(docs: Iterable[Document], format: str, output: Path | None) -> None:
    if format == "jsonl":
        _write_text("".join(json.dumps(d.to_dict(), ensure_ascii=False) + "\n" for d in docs), output)
    elif format == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=FLAT_COLUMNS)
        writer.writeheader()
        writer.writerows(flat_row(d) for d in docs)
        _write_text(buf.getvalue(), output)
    elif format == "parquet":
        if output is None:
            raise ConfigError("parquet export needs -o FILE")
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = [flat_row(d) | {"document": json.dumps(d.to_dict(), ensure_ascii=False)} for d in docs]
        pq.write_table(pa.Table.from_pylist(rows), output)
    else:
        raise ConfigError(f"--format must be jsonl, csv or parquet, not {format!r}")


def _write_text(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
