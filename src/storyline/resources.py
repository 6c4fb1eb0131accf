"""Word lists and tables shipped in ``storyline/data``: one loader, cached, read on first use."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


def _data_text(name: str) -> str:
    return resources.files("storyline.data").joinpath(name).read_text(encoding="utf-8")


@cache
def word_list(name: str) -> tuple[str, ...]:
    """Lines of ``data/<name>.txt``, without blanks and ``#`` comments, in file order."""
    lines = (line.split("#", 1)[0].strip() for line in _data_text(f"{name}.txt").splitlines())
    return tuple(line for line in lines if line)


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``data/<name>.tsv`` (tab-separated, first row names the columns, ``#`` comments)."""
    rows = [line for line in _data_text(f"{name}.tsv").splitlines() if line and not line.startswith("#")]
    return tuple(dict(row) for row in csv.DictReader(rows, delimiter="\t"))
