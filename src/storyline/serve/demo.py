"""`storyline demo`: ingest the bundled corpus and print a readable summary of what was found."""

from __future__ import annotations

from importlib import resources

from rich.table import Table

from storyline.batch.run import ingest
from storyline.config import Settings
from storyline.ingest import read_inputs
from storyline.serve.progress import progress, stderr
from storyline.store import open_store
from storyline.store.base import Store


def demo_corpus_path() -> str:
    return str(resources.files("storyline.demo").joinpath("corpus.jsonl"))


def run_demo(db: str) -> None:
    settings = Settings.from_env(db=db)
    store = open_store(db)
    try:
        with progress() as bar:
            task = bar.add_task("ingesting the demo corpus", total=None)
            report = ingest(read_inputs([demo_corpus_path()]), store, settings, tick=lambda n: bar.advance(task, n))
        stderr.print(f"{len(report.added)} articles added, {len(report.skipped)} already stored -> {db}")
        print_summary(store)
    finally:
        store.close()
    stderr.print(
        "\nExplore further:\n"
        f"  .venv/bin/storyline serve --db {db}      # browse it at http://127.0.0.1:8000\n"
        f"  .venv/bin/storyline stories --db {db}\n"
        f"  .venv/bin/storyline figures --metric killed --db {db}\n"
        f"  .venv/bin/storyline search \"ceasefire\" --db {db}\n"
        f"  .venv/bin/storyline export --format csv -o demo.csv --db {db}"
    )


def print_summary(store: Store) -> None:
    table = Table(title="Articles by outlet")
    table.add_column("outlet")
    table.add_column("articles", justify="right")
    table.add_column("first")
    table.add_column("last")
    for row in store.rows("SELECT outlet, count(*) n, min(published) a, max(published) b FROM documents "
                          "GROUP BY outlet ORDER BY n DESC"):
        table.add_row(row["outlet"] or "?", str(row["n"]), row["a"] or "", row["b"] or "")
    stderr.print(table)
    speakers = Table(title="Most quoted")
    speakers.add_column("speaker")
    speakers.add_column("quotes", justify="right")
    speakers.add_column("for example")
    for row in store.rows("SELECT speaker, count(*) n, min(text) t FROM quotes WHERE speaker IS NOT NULL "
                          "GROUP BY speaker ORDER BY n DESC LIMIT 8"):
        speakers.add_row(row["speaker"], str(row["n"]), _short(row["t"]))
    stderr.print(speakers)
    figures = Table(title="Figures reported")
    for col in ("as of", "metric", "value", "subject", "source", "outlet"):
        figures.add_column(col)
    for row in store.rows("SELECT f.as_of, f.metric, f.qualifier, f.value, f.subject, f.source, d.outlet "
                          "FROM figures f JOIN documents d ON d.id = f.doc_id "
                          "WHERE f.metric IN ('killed', 'injured', 'displaced') ORDER BY f.as_of LIMIT 15"):
        value = f"{row['qualifier'] + ' ' if row['qualifier'] else ''}{row['value']:,.0f}"
        figures.add_row(row["as_of"] or "", row["metric"], value, row["subject"] or "", row["source"] or "",
                        row["outlet"] or "")
    stderr.print(figures)


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
