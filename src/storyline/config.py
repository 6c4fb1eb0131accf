"""Settings declared as data: each has a name, a default and a help line.

Built once (``Settings.from_env``) and passed down; nothing reads the environment elsewhere.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError

ENV_PREFIX = "STORYLINE_"


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    db: str = _setting("storyline.db", "SQLite file path, or a postgresql:// URL")
    batch_size: int = _setting(32, "articles per spaCy batch and per store transaction")
    processes: int = _setting(1, "worker processes for extraction (1 = in-process)")
    engine: str = _setting("local", "local (this machine, `processes` workers) or dask (Dask distributed)")
    scheduler: str | None = _setting(None, "Dask scheduler address (tcp://host:8786); none starts a local cluster")
    max_input_bytes: int = _setting(20_000_000, "inputs larger than this are refused")
    max_body_chars: int = _setting(200_000, "longer bodies are refused as not an article")
    api_token: str | None = _setting(None, "token required by POST /documents (none: posting disabled)")
    host: str = _setting("127.0.0.1", "address `storyline serve` listens on")
    port: int = _setting(8000, "port `storyline serve` listens on")
    aliases: str | None = _setting(None, "YAML/CSV file of entity aliases used when linking")

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then STORYLINE_* variables, then explicit overrides (CLI flags)."""
        env = dict(os.environ if env is None else env)
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is not None:
                values[f.name] = _convert(f.name, raw, f.default)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    @classmethod
    def describe(cls) -> list[tuple[str, Any, str]]:
        return [(f.name, f.default, f.metadata["help"]) for f in dataclasses.fields(cls)]

    @property
    def db_path(self) -> Path:
        return Path(self.db)


def _convert(name: str, raw: str, default: Any) -> Any:
    try:
        if isinstance(default, bool):
            return raw.lower() in {"1", "true", "yes"}
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
    except ValueError as exc:
        raise ConfigError(f"{ENV_PREFIX}{name.upper()}={raw!r}: {exc}") from exc
    return raw
