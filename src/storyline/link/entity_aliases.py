"""The user's alias file: names that are one entity, entities that are two, and external ids.

YAML (a list of entries, or ``entities:`` holding one) or CSV (a header row; lists separated by
``|``). Each entry:

    name      the canonical name                        Ismail Haniyeh
    aliases   other names it goes by (merges them)      Haniya | Abu al-Abed
    type      PERSON, ORG, GPE, ... (optional)          PERSON
    qid       an external id, e.g. a Wikidata QID       Q1341426
    context   other entities (people, organisations, places) at least one of which the article
              must name for the entry to apply (optional); two entries sharing an alias with
              different contexts split one name into two people

Editing the file and linking again re-maps entities without extracting anything again.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError
from storyline.link.entity_keys import fold, kind_of

FIELDS = ("name", "aliases", "type", "qid", "context")
TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PLACE"})


@dataclass(frozen=True, slots=True)
class AliasEntry:
    name: str
    aliases: tuple[str, ...] = ()
    type: str | None = None
    qid: str | None = None
    context: tuple[str, ...] = ()

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(fold(n) for n in (self.name, *self.aliases))

    def fits(self, type_: str) -> bool:
        return self.type is None or kind_of(self.type) == kind_of(type_)


@dataclass(frozen=True)
class AliasTable:
    entries: tuple[AliasEntry, ...] = ()

    def candidates(self, names: Iterable[str], type_: str) -> list[AliasEntry]:
        return [self.entries[i] for i in self.matching(names, type_)]

    def matching(self, names: Iterable[str], type_: str) -> list[int]:
        """Positions of the entries that fit the type and name one of ``names``, in file order."""
        found = {i for n in names for i in self._by_key.get(fold(n), ())}
        return sorted(i for i in found if self.entries[i].fits(type_))

    @cached_property
    def _by_key(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = defaultdict(list)
        for i, entry in enumerate(self.entries):
            for key in entry.keys:
                out[key].append(i)
        return out

    @cached_property
    def fingerprint(self) -> str:
        """Changes whenever an entry does: a store linked with another file must be linked again in full."""
        return hashlib.sha1(repr(self.entries).encode()).hexdigest()


def load_aliases(path: str | Path) -> AliasTable:
    """Read a YAML or CSV alias file; a malformed one raises :class:`ConfigError` naming the entry."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the alias file ({exc})") from exc
    raw = _csv_rows(text) if path.suffix.lower() == ".csv" else _yaml_rows(text, path)
    return AliasTable(tuple(_entry(row, f"{path}: entry {n}") for n, row in enumerate(raw, 1)))


def _yaml_rows(text: str, path: Path) -> list[Any]:
    import yaml

    try:
        data = yaml.safe_load(text) or []
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc})") from exc
    if isinstance(data, Mapping):
        data = data.get("entities", [])
    if not isinstance(data, list):
        raise ConfigError(f"{path}: expected a list of entries (or 'entities:' holding one)")
    return data


def _csv_rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text))
    return [{k.strip().lower(): (v or "").strip() for k, v in row.items() if k} for row in reader]


def _entry(row: Any, where: str) -> AliasEntry:
    if not isinstance(row, Mapping):
        raise ConfigError(f"{where}: expected a mapping with at least 'name'")
    unknown = set(row) - set(FIELDS) - {"wikidata", "id"}
    if unknown:
        raise ConfigError(f"{where}: unknown field(s) {sorted(unknown)}; use {', '.join(FIELDS)}")
    name = str(row.get("name") or "").strip()
    if not name:
        raise ConfigError(f"{where}: 'name' is missing")
    type_ = str(row.get("type") or "").strip().upper() or None
    if type_ is not None and type_ not in TYPES:
        raise ConfigError(f"{where}: type {type_!r} is not one of {', '.join(sorted(TYPES))}")
    qid = str(row.get("qid") or row.get("wikidata") or row.get("id") or "").strip() or None
    return AliasEntry(name, _list(row.get("aliases")), type_, qid, _list(row.get("context")))


def _list(value: Any) -> tuple[str, ...]:
    items = value.split("|") if isinstance(value, str) else value or []
    return tuple(s for s in (str(v).strip() for v in items) if s)
