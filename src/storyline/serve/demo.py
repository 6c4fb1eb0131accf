"""`storyline demo`: ingest the bundled corpus and print a readable summary of what was found."""

from __future__ import annotations

from importlib import resources

from rich.console import Console
from rich.table import Table

from storyline.batch.run import ingest
from storyline.config import Settings
from storyline.ingest import read_inputs
from storyline.link.figure_series import Report, figure_series
from storyline.serve.progress import progress, stderr
from storyline.store import open_store
from storyline.store.base import Store

# the summary is meant to be read: wide enough for names and titles even when piped
HUMAN_TOLLS = {"killed", "injured", "displaced", "missing", "detained"}
out = Console(stderr=True, width=max(stderr.width, 110), highlight=False)


def demo_corpus_path() -> str:
    return str(resources.files("storyline.demo").joinpath("corpus.jsonl"))


def run_demo(db: str) -> None:
    settings = Settings.from_env(db=db)
    store = open_store(db)
    try:
        with progress() as bar:
            task = bar.add_task("ingesting the demo corpus", total=None)
            report = ingest(read_inputs([demo_corpus_path()]), store, settings, tick=lambda n: bar.advance(task, n))
        out.print(f"{len(report.added)} articles added, {len(report.skipped)} already stored -> {db}\n")
        print_summary(store)
    finally:
        store.close()
    out.print(
        "\nExplore further:\n"
        f"  .venv/bin/storyline serve --db {db}      # browse it at http://127.0.0.1:8000\n"
        f"  .venv/bin/storyline stories --db {db}\n"
        f"  .venv/bin/storyline figures --metric killed --db {db}\n"
        f"  .venv/bin/storyline search \"ceasefire\" --db {db}\n"
        f"  .venv/bin/storyline export --format csv -o demo.csv --db {db}"
    )


def print_summary(store: Store) -> None:
    for table in (_outlets(store), _stories(store), _speakers(store), _copies(store), _disagreements(store)):
        out.print(table)


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _outlets(store: Store) -> Table:
    table = _table("Articles by outlet", "outlet", "articles", "first", "last", "dates inferred")
    for r in store.rows("SELECT outlet, count(*) n, min(published) a, max(published) b, "
                        "sum(published_basis = 'inferred') inf FROM documents GROUP BY outlet ORDER BY n DESC, outlet"):
        table.add_row(r["outlet"] or "?", str(r["n"]), r["a"] or "", r["b"] or "", str(r["inf"] or ""))
    return table


def _stories(store: Store) -> Table:
    table = _table("Same-event stories covered by several outlets", "story", "articles", "outlets", "dates", "headline")
    for r in store.rows("SELECT story, count(*) n, count(DISTINCT outlet) o, min(published) a, max(published) b, "
                        "min(title) t FROM documents WHERE story IS NOT NULL GROUP BY story HAVING n > 1 "
                        "ORDER BY a LIMIT 15"):
        dates = r["a"] if r["a"] == r["b"] else f"{r['a']}..{r['b']}"
        table.add_row(r["story"], str(r["n"]), str(r["o"]), dates or "", _short(r["t"] or "", 60))
    return table


def _speakers(store: Store) -> Table:
    table = _table("Most quoted", "speaker", "quotes", "articles", "for example")
    for r in store.rows("SELECT speaker, count(*) n, count(DISTINCT doc_id) d, max(text) t FROM quotes "
                        "WHERE speaker IS NOT NULL GROUP BY speaker ORDER BY n DESC, speaker LIMIT 10"):
        table.add_row(r["speaker"], str(r["n"]), str(r["d"]), _short(r["t"], 70))
    return table


def _copies(store: Store) -> Table:
    table = _table("Syndicated copies", "copy", "of original", "similarity")
    for r in store.rows("SELECT src, dst, score FROM links WHERE kind = 'copy_of' ORDER BY src"):
        table.add_row(r["src"], r["dst"], f"{r['score']:.2f}" if r["score"] is not None else "")
    return table


def _disagreements(store: Store) -> Table:
    table = _table("Where sources disagree on a figure", "metric", "as of", "one source says", "another says")
    for series in figure_series(store):
        if series.metric not in HUMAN_TOLLS:
            continue
        for a, b in series.disagreements[:3]:
            table.add_row(series.metric, a.as_of or "", _claim(a), _claim(b))
    return table


def _claim(r: Report) -> str:
    qualifier = f"{r.qualifier} " if r.qualifier not in (None, "exact") else ""
    source = f", citing {r.source}" if r.source else ""
    return f"{qualifier}{r.value:,.0f} ({r.outlet or '?'}{source})"


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
