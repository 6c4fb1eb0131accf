"""Ingest: files, directories, JSONL corpora and stdin -> :class:`~storyline.model.RawInput`."""

from storyline.ingest.sources import read_inputs

__all__ = ["read_inputs"]
