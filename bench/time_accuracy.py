"""Time values: ours beside dateparser on the same expressions, same run.

    .venv/bin/python bench/time_accuracy.py [--gold DIR ...] [--json]

Expressions: every gold time expression of ../shared/data/dev-gold and tests/gold/articles (with
its article's publication date), and those of our own sentences in tests/test_time_resolve.py.
Ours reads each article (one spaCy parse, not timed) and resolves every expression in context;
dateparser gets each expression alone with the publication date as RELATIVE_BASE and
PREFER_DATES_FROM="past" (its news setting). Its answer is written at the granularity of the gold
value (day, month, year, ISO week, clock time), which favours it: it cannot say "2019-W45" itself.
Prints value accuracy and the CPU milliseconds per expression of both, and our time stage's cost
per article beside the spaCy parse it reads.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storyline.annotate.nlp import load_pipeline  # noqa: E402
from storyline.annotate.parsed import ParsedArticle  # noqa: E402
from storyline.annotate.timexes import extract_time  # noqa: E402
from storyline.model import Published, Timex  # noqa: E402

GOLD_DIRS = [ROOT.parent / "shared" / "data" / "dev-gold", ROOT / "tests" / "gold" / "articles"]


@dataclass(frozen=True)
class Case:
    text: str  # the article or sentence
    published: str
    expression: str
    value: str


def load_cases(gold_dirs: list[Path]) -> list[Case]:
    cases = []
    for folder in gold_dirs:
        for path in sorted(folder.glob("*.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            if "raw_text" in gold and gold.get("published"):
                cases += [Case(gold["raw_text"], gold["published"], t["text"], t["value"]) for t in gold.get("timexes") or []]
    from tests.test_time_resolve import CASES

    cases += [Case(text, pub, expr, value) for text, pub, expected in CASES for expr, value in expected.items()]
    return cases


def norm(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").split()).strip(" .,;:")


PARSE: dict[str, float] = {}


def ours(cases: list[Case]) -> tuple[list[str | None], float]:
    nlp = load_pipeline()
    texts = sorted({c.text for c in cases})
    nlp("warm up")
    start = time.process_time()
    docs = dict(zip(texts, nlp.pipe(texts), strict=True))
    PARSE["seconds"], PARSE["texts"] = time.process_time() - start, len(texts)
    found: dict[tuple[str, str], list[Timex]] = {}
    start = time.process_time()
    for c in cases:
        key = (c.text, c.published)
        if key not in found:
            _, found[key] = extract_time(ParsedArticle(doc=docs[c.text]), Published(c.published, "given"))
    elapsed = time.process_time() - start
    PARSE["time_stage"], PARSE["runs"] = elapsed, len(found)
    return [_our_value(found[(c.text, c.published)], c) for c in cases], elapsed


def _our_value(timexes: list[Timex], c: Case) -> str | None:
    want = norm(c.expression)
    exact = [t for t in timexes if norm(t.text) == want]
    near = [t for t in timexes if want in norm(t.text) or norm(t.text) in want]
    values = [t.value for t in exact or near]
    return c.value if c.value in values else (values[0] if values else None)


def theirs(cases: list[Case]) -> tuple[list[str | None], float]:
    import dateparser

    warnings.simplefilter("ignore")
    dateparser.parse("Monday")  # load its language data outside the timing
    out, start = [], time.process_time()
    for c in cases:
        base = dt.datetime.fromisoformat(c.published)
        parsed = dateparser.parse(c.expression, languages=["en"],
                                  settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})
        out.append(at_granularity(parsed, c.value) if parsed else None)
    return out, time.process_time() - start


def at_granularity(parsed: dt.datetime, gold: str) -> str | None:
    """dateparser's answer written the way the gold value is (it only ever gives a datetime)."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", gold):
        return parsed.strftime("%Y-%m-%dT%H:%M")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", gold):
        return parsed.date().isoformat()
    if re.fullmatch(r"\d{4}-\d{2}", gold):
        return parsed.strftime("%Y-%m")
    if re.fullmatch(r"\d{4}", gold):
        return str(parsed.year)
    if re.fullmatch(r"\d{4}-W\d{2}", gold):
        year, week, _ = parsed.isocalendar()
        return f"{year}-W{week:02d}"
    return None  # seasons, decades, weekends: no datetime says those


def report(cases: list[Case]) -> dict[str, Any]:
    mine, my_time = ours(cases)
    other, other_time = theirs(cases)
    n = len(cases)

    def summary(values: list[str | None], seconds: float) -> dict[str, Any]:
        right = sum(v == c.value for v, c in zip(values, cases, strict=True))
        return {"accuracy": round(right / n, 3), "right": right, "ms_per_expression": round(1000 * seconds / n, 3)}

    per_text = {"time_stage_ms_per_text": round(1000 * PARSE["time_stage"] / PARSE["runs"], 2),
                "spacy_parse_ms_per_text": round(1000 * PARSE["seconds"] / PARSE["texts"], 2)}
    wrong = [(c.expression, c.published, c.value, v) for v, c in zip(mine, cases, strict=True) if v != c.value]
    return {"expressions": n, "storyline": summary(mine, my_time) | per_text, "dateparser": summary(other, other_time),
            "storyline_wrong": wrong}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, action="append", help="a folder of gold *.json (default: dev and team gold)")
    parser.add_argument("--json", action="store_true", help="print the numbers as one JSON object")
    args = parser.parse_args(argv)
    cases = load_cases([d for d in (args.gold or GOLD_DIRS) if d.exists()])
    result = report(cases)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"{result['expressions']} expressions")
    for name in ("storyline", "dateparser"):
        r = result[name]
        print(f"  {name:11s} value accuracy {r['accuracy']:.3f} ({r['right']})   {r['ms_per_expression']:.3f} ms per expression")
    r = result["storyline"]
    print(f"  our time stage {r['time_stage_ms_per_text']} ms per text,"
          f" beside {r['spacy_parse_ms_per_text']} ms for its spaCy parse")
    for wrong in result["storyline_wrong"]:
        print("  ours wrong:", wrong)
    return 0


if __name__ == "__main__":
    sys.exit(main())
