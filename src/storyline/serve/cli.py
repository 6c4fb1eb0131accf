"""The ``storyline`` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from storyline.errors import InputError, StorylineError
from storyline.ingest import read_inputs
from storyline.model import Document
from storyline.serve.cli_common import DbOption
from storyline.serve.cli_common import fail as _fail
from storyline.serve.cli_common import open_db as _open
from storyline.serve.cli_common import settings as _settings
from storyline.serve.progress import progress, stderr

app = typer.Typer(
    help="Turn news articles into an evidence-linked record: who said what, what happened, where, when, how many.",
    no_args_is_help=True, add_completion=False, rich_markup_mode=None,
)

Inputs = Annotated[list[str], typer.Argument(help="Files (.txt wire copy, .html, .jsonl corpus), directories, or - for stdin.")]
Engine = Annotated[str, typer.Option(help="local (this machine) or dask (Dask distributed).")]
Processes = Annotated[int, typer.Option(help="Worker processes (local pool, or local Dask workers).")]
Scheduler = Annotated[Optional[str], typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.")]
def _report_errors(errors: list[InputError]) -> None:
    for err in errors:
        stderr.print(f"error: {err}", style="red", highlight=False, markup=False)


@app.command()
def extract(
    inputs: Inputs,
    published: Annotated[Optional[str], typer.Option(help="Publication date (YYYY-MM-DD) for inputs that give none.")] = None,
    format: Annotated[str, typer.Option("--format", help="jsonl (one Document a line) or json (one array).")] = "jsonl",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    engine: Engine = "local",
    processes: Processes = 1,
    scheduler: Scheduler = None,
    stories: Annotated[bool, typer.Option(
        "--stories/--no-stories",
        help="Group the corpus's articles into same-event stories (the 'story' field), as ingest would.")] = True,
) -> None:
    """Extract Documents and print them; stores nothing (stories are linked in a temporary store)."""
    from storyline.batch.corpus_stories import with_stories
    from storyline.batch.run import extract as run_extract

    if format not in ("jsonl", "json"):
        _fail(f"--format must be jsonl or json, not {format!r}")
    settings = _settings(engine=engine, processes=processes, scheduler=scheduler)
    items = _with_published(read_inputs(inputs, max_bytes=settings.max_input_bytes), published)
    errors: list[InputError] = []
    docs: list[dict[str, object]] = []
    with progress() as bar:
        task = bar.add_task("extracting", total=None)
        results = run_extract(items, settings, tick=lambda n: bar.advance(task, n))
        for result in with_stories(results, settings.batch_size) if stories else results:
            if isinstance(result, InputError):
                errors.append(result)
            else:
                docs.append(result.to_dict())
    text = _dump(docs, format)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    _report_errors(errors)
    if errors:
        raise typer.Exit(1)


def _dump(docs: list[dict[str, object]], format: str) -> str:
    if format == "json":
        return json.dumps(docs, ensure_ascii=False, indent=1) + "\n"
    return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)


def _with_published(items, published: str | None):  # type: ignore[no-untyped-def]
    import dataclasses

    from storyline.model import RawInput

    for item in items:
        if published and isinstance(item, RawInput) and not item.published:
            item = dataclasses.replace(item, published=published)
        yield item


@app.command()
def ingest(
    inputs: Inputs,
    db: DbOption = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date (YYYY-MM-DD) for inputs that give none.")] = None,
    engine: Engine = "local",
    processes: Processes = 1,
    scheduler: Scheduler = None,
) -> None:
    """Extract and store articles; re-ingesting the same article changes nothing."""
    from storyline.batch.run import ingest as run_ingest

    store, settings = _open(db, engine=engine, processes=processes, scheduler=scheduler)
    items = _with_published(read_inputs(inputs, max_bytes=settings.max_input_bytes), published)
    try:
        with progress() as bar:
            task = bar.add_task("ingesting", total=None)
            report = run_ingest(items, store, settings, tick=lambda n: bar.advance(task, n))
    except StorylineError as err:
        _fail(str(err), 1)
        raise
    finally:
        store.close()
    _report_errors(report.errors)
    stderr.print(
        f"{len(report.added)} added, {len(report.updated)} updated, {len(report.skipped)} already stored, "
        f"{len(report.errors)} failed -> {settings.db}", highlight=False)
    if report.errors:
        raise typer.Exit(1)


@app.command()
def show(doc_id: Annotated[str, typer.Argument(help="Document id.")], db: DbOption = None) -> None:
    """Print one stored Document as JSON."""
    store, _ = _open(db)
    doc = store.get(doc_id)
    store.close()
    if doc is None:
        _fail(f"no document with id {doc_id!r}", 1)
        return
    sys.stdout.write(json.dumps(doc.to_dict(), ensure_ascii=False, indent=1) + "\n")


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Words to find in titles and bodies.")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="At most this many hits.")] = 20,
) -> None:
    """Full-text search over stored articles."""
    store, _ = _open(db)
    hits = store.search(text, limit=limit)
    store.close()
    for hit in hits:
        typer.echo(f"{hit.id}\t{hit.published or '----------'}\t{hit.outlet or ''}\t{hit.snippet}")
    if not hits:
        stderr.print("no matches")


@app.command()
def stats(db: DbOption = None, as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False) -> None:
    """Counts of what the store holds."""
    store, _ = _open(db)
    numbers = store.stats()
    store.close()
    if as_json:
        typer.echo(json.dumps(numbers))
        return
    for key, value in numbers.items():
        typer.echo(f"{key:16s} {value}")


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")] = "jsonl",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Output file (stdout for jsonl/csv).")] = None,
    db: DbOption = None,
) -> None:
    """Export stored Documents (jsonl: as in the contract; csv/parquet: one row per document)."""
    from storyline.serve.export import write_export

    store, _ = _open(db)
    try:
        write_export(store.documents(), format, output)
    except StorylineError as err:
        _fail(str(err))
    finally:
        store.close()


@app.command()
def relink(
    db: DbOption = None,
    aliases: Annotated[Optional[str], typer.Option(help="YAML or CSV alias file: name, aliases, type, qid, context.")] = None,
) -> None:
    """Recompute entity identities across articles (after editing the alias file); no re-extraction."""
    from storyline.batch.run import relink as run_relink

    store, settings = _open(db, aliases=aliases)
    try:
        report = run_relink(store, settings)
    except StorylineError as err:
        _fail(str(err), 1)
        raise
    finally:
        store.close()
    stderr.print(f"{report.clusters} clusters -> {report.entities} entities ({report.remapped} merged by context or alias)")


@app.command()
def demo(db: Annotated[str, typer.Option("--db", help="Where to build the demo store.")] = "demo.db") -> None:
    """Ingest the bundled demo corpus and print what storyline found in it."""
    from storyline.serve.demo import run_demo

    run_demo(db)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[Optional[str], typer.Option(help="Address to listen on [default: 127.0.0.1].")] = None,
    port: Annotated[Optional[int], typer.Option(help="Port to listen on [default: 8000].")] = None,
) -> None:
    """Browse the store in a web browser; the same data as a JSON API (docs at /api/docs)."""
    from storyline.errors import MissingExtraError

    try:
        from storyline.serve.api import run_server
    except ImportError as exc:
        raise MissingExtraError("storyline serve", "server") from exc
    store, settings = _open(db, host=host, port=port)
    run_server(store, settings)


@app.command()
def bench(
    articles: Annotated[int, typer.Option(help="How many articles to process (the demo corpus, repeated).")] = 2000,
    processes: Annotated[int, typer.Option(help="Worker processes for both passes.")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Throughput and peak memory of the whole pipeline, beside a bare spaCy pass."""
    from storyline.batch.bench import run_bench

    result = run_bench(articles=articles, processes=processes)
    if as_json:
        typer.echo(json.dumps(result))
    else:
        for key, value in result.items():
            typer.echo(f"{key:24s} {value}")


def _doc_line(doc: Document) -> str:
    return f"{doc.id}\t{doc.published.date or '----------'}\t{doc.outlet or ''}\t{doc.title or ''}"


from storyline.serve import cli_links  # noqa: E402  (across articles: stories, timelines, figure series)

app.command()(cli_links.stories)
app.command()(cli_links.story)
app.command()(cli_links.timeline)
app.command()(cli_links.figures)


def main() -> None:
    try:
        app()
    except StorylineError as err:
        stderr.print(f"error: {err}", style="red", highlight=False, markup=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
