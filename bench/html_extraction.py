"""Body extraction from HTML: our cleaning beside plain trafilatura on the same pages, same run.

    .venv/bin/python bench/html_extraction.py [--data ../shared/data/html-dev] [--worst 5] [--json]

Reads ``html/*.html.gz`` and ``ground-truth.json`` from the data folder (the scrapinghub
article-extraction-benchmark pages), scores both systems with that folder's ``score_extraction.py``
(word 4-gram shingles, corpus precision/recall/F1) and prints both F1s, and the pages per second of
our cleaning alone (decompressed pages in memory, metadata and wire cleaning included).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from storyline.clean.html import EXTRACTION, clean_html
from storyline.errors import InputError

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "html-dev"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--worst", type=int, default=0, help="also list the N pages our cleaning scores worst on")
    parser.add_argument("--json", action="store_true", help="print the numbers as one JSON object")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").exists():
        print(f"no benchmark pages at {args.data}", file=sys.stderr)
        return 2
    scorer = _load_scorer(args.data / "score_extraction.py")
    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = load_pages(args.data / "html")
    ours, ours_rate = run(pages, storyline_body)
    plain, plain_rate = run(pages, trafilatura_body)
    report = {
        "pages": len(pages),
        "storyline": _metrics(scorer, truth, ours) | {"pages_per_s": round(ours_rate, 1)},
        "trafilatura": _metrics(scorer, truth, plain) | {"pages_per_s": round(plain_rate, 1)},
        "trafilatura_options": EXTRACTION,
    }
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        _print(report)
    if args.worst:
        _print_worst(scorer, truth, ours, args.worst)
    return 0


def load_pages(folder: Path) -> dict[str, str]:
    return {
        path.name.split(".")[0]: gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        for path in sorted(folder.glob("*.html.gz"))
    }


def storyline_body(html: str) -> str:
    try:
        return clean_html(html).body
    except InputError:
        return ""


def trafilatura_body(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False) or ""


def run(pages: dict[str, str], extract: Callable[[str], str]) -> tuple[dict[str, dict[str, str]], float]:
    extract(next(iter(pages.values())))  # imports and word lists load outside the timing
    start = time.perf_counter()
    out = {key: {"articleBody": extract(html)} for key, html in pages.items()}
    return out, len(pages) / (time.perf_counter() - start)


def _load_scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _metrics(scorer: ModuleType, truth: dict[str, Any], pred: dict[str, Any]) -> dict[str, float]:
    m, _ = scorer.score(truth, pred, n_bootstrap=0)
    return {k: round(m[k], 4) for k in ("f1", "precision", "recall", "accuracy")}


def _print(report: dict[str, Any]) -> None:
    print(f"{report['pages']} pages")
    print(f"{'system':<14}{'F1':>8}{'precision':>11}{'recall':>8}{'pages/s':>9}")
    for name in ("storyline", "trafilatura"):
        m = report[name]
        print(f"{name:<14}{m['f1']:>8.4f}{m['precision']:>11.4f}{m['recall']:>8.4f}{m['pages_per_s']:>9.1f}")


def _print_worst(scorer: ModuleType, truth: dict[str, Any], pred: dict[str, Any], n: int) -> None:
    _, items = scorer.score(truth, pred, n_bootstrap=0)
    for key, _tf, precision, recall, _acc in sorted(items, key=lambda i: min(i[2], i[3]))[:n]:
        print(f"  {key[:16]}  precision {precision:.3f}  recall {recall:.3f}")


if __name__ == "__main__":
    sys.exit(main())
