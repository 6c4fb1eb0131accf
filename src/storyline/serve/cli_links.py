"""`storyline stories | story ID | timeline ENTITY | figures`: what the link stage found, as text."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from storyline.link.figure_series import Series, figure_series
from storyline.serve.cli_common import DbOption, fail, open_db
from storyline.serve.progress import stderr


def _open(db: str | None) -> Any:
    return open_db(db)[0]


def _copies(store: Any) -> dict[str, str]:
    return {r["src"]: r["dst"] for r in store.rows("SELECT src, dst FROM links WHERE kind = 'copy_of'")}


def stories(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="At most this many stories, largest first.")] = 50,
) -> None:
    """Same-event stories: articles, outlets, dates, storyline and a title for each."""
    store = _open(db)
    rows = store.rows(
        "SELECT d.story, count(*) AS n, count(DISTINCT d.outlet) AS outlets, min(d.published) AS first, "
        "max(d.published) AS last, min(d.title) AS title, "
        "(SELECT l.dst FROM links l WHERE l.kind = 'in_storyline' AND l.src = d.story) AS storyline "
        "FROM documents d WHERE d.story IS NOT NULL GROUP BY d.story "
        "ORDER BY n DESC, first, d.story LIMIT ?", [limit])
    store.close()
    for r in rows:
        typer.echo(f"{r['story']}\t{r['n']} articles, {r['outlets']} outlets\t{r['first'] or '?'}..{r['last'] or '?'}"
                   f"\t{r['storyline'] or '-'}\t{r['title'] or ''}")
    if not rows:
        stderr.print("no stories yet: ingest some articles first")


def story(
    story_id: Annotated[str, typer.Argument(help="Story id (see `storyline stories`).")],
    db: DbOption = None,
) -> None:
    """The timeline of one story: its articles by date, copies marked with their original."""
    store = _open(db)
    rows = store.rows("SELECT id, published, outlet, title FROM documents WHERE story = ? "
                      "ORDER BY published IS NULL, published, id", [story_id])
    copies = _copies(store)
    line = store.rows("SELECT dst FROM links WHERE kind = 'in_storyline' AND src = ?", [story_id])
    store.close()
    if not rows:
        fail(f"no story with id {story_id!r}", 1)
    if line:
        typer.echo(f"storyline {line[0]['dst']}")
    for r in rows:
        mark = f"\tcopy of {copies[r['id']]}" if r["id"] in copies else ""
        typer.echo(f"{r['published'] or '----------'}\t{r['outlet'] or ''}\t{r['id']}\t{r['title'] or ''}{mark}")


def timeline(
    entity: Annotated[str, typer.Argument(help="An entity id (per article or across articles), or a name.")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="At most this many stories.")] = 200,
) -> None:
    """Stories that mention an entity, in time order, with how many articles name it."""
    store = _open(db)
    rows = store.rows(
        "SELECT d.story, min(d.published) AS first, count(DISTINCT d.id) AS n, min(d.title) AS title "
        "FROM documents d JOIN mentions m ON m.doc_id = d.id JOIN entities e ON e.id = m.entity_id "
        "WHERE (e.id = ? OR lower(e.name) = lower(?) OR m.doc_id || '#' || m.entity_id IN "
        "(SELECT src FROM links WHERE kind = 'entity' AND dst = ?)) AND d.story IS NOT NULL "  # ids across articles
        "GROUP BY d.story ORDER BY first IS NULL, first, d.story LIMIT ?", [entity, entity, entity, limit])
    store.close()
    for r in rows:
        typer.echo(f"{r['first'] or '----------'}\t{r['story']}\t{r['n']} articles\t{r['title'] or ''}")
    if not rows:
        stderr.print(f"no stories mention {entity!r}")


def figures(
    db: DbOption = None,
    metric: Annotated[Optional[str], typer.Option(help="Only this metric (killed, injured, displaced, ...).")] = None,
    subject: Annotated[Optional[str], typer.Option(help="Only series whose subject or place contains this.")] = None,
    flagged: Annotated[bool, typer.Option("--flagged", help="Only series with a disagreement or revision.")] = False,
) -> None:
    """Figure series: each value by as-of date with who reported it first; disagreements and revisions."""
    store = _open(db)
    series = figure_series(store, metric=metric, subject=subject)
    store.close()
    shown = [s for s in series if not flagged or s.disagreements or s.revisions]
    for s in shown:
        _print_series(s)
    if not shown:
        stderr.print("no figure series match")


def _print_series(s: Series) -> None:
    about = ", ".join(x for x in (s.subject, s.place) if x) or "-"
    typer.echo(f"{s.metric} ({s.unit or 'count'}) — {about} — {s.group}")
    for p in s.points:
        value = f"{p.qualifier + ' ' if p.qualifier and p.qualifier != 'exact' else ''}{p.value:,g}"
        others = [o for o in p.outlets if o != p.first.outlet]
        also = f" (also {', '.join(others)})" if others else ""
        typer.echo(f"  {p.as_of or '----------'}  {value:>18}  first {p.first.outlet or '?'} [{p.first.doc_id}]{also}")
    for a, b in s.disagreements:
        typer.echo(f"  ! disagree on {a.as_of}: {a.outlet} {a.text!r} vs {b.outlet} {b.text!r}")
    for a, b in s.revisions:
        typer.echo(f"  ↓ revised: {a.outlet} {a.text!r} ({a.as_of}) then {b.outlet} {b.text!r} ({b.as_of})")
