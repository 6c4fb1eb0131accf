"""Bring the store's cross-article links up to date after an ingest: stories, copies, storylines.

Incremental: only articles without a story are linked (a re-ingested, changed article comes back
without one). Each is profiled once (tf-idf terms, title-and-lead embedding, MinHash signature),
indexed in the ``link_*`` tables, and compared only with what blocking finds: articles sharing a
heavy term within the date window, or an LSH band. The stories they come near are re-clustered
with them (:mod:`storyline.link.stories`): articles linked before may move to another story, and a
story may merge into another; both are written with the chunk's rows, and a merged story's
storyline and related-story links go (the story that absorbed it finds its own). A changed
article's old rows and term counts go out in the same write that puts its new ones in.

Link never imports the store: it works through :class:`LinkTarget`, which every store satisfies
(the tables it keeps are in :mod:`storyline.link.index`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from storyline.link import index as ix
from storyline.link import stories as st
from storyline.link import storylines as sl
from storyline.link import syndication as syn
from storyline.link.index import LinkTarget
from storyline.link.terms import blocking_keys, keep, term_counts

Embed = Callable[[list[str]], NDArray[np.float32]]
CHUNK = 500  # articles linked together; each chunk sees the index the previous one wrote
INDEXED = 40  # heaviest terms of an article put in the blocking index
QUERIED = 12  # heaviest shared terms of a new article looked up in it
LEAD_WORDS = 60
# idf is weighed as if the store held at least this many articles: in a store of a few dozen, the words
# of the one topic they share would weigh nothing and its two events' names everything
PRIOR_DOCUMENTS = 300


@dataclass
class LinkReport:
    stories: int = 0  # new articles given a story
    syndicated: int = 0  # copy_of links added
    storylines: int = 0  # stories placed in a storyline
    moved: int = 0  # articles linked before that a new article moved to another story
    linked: list[str] = field(default_factory=list)


@dataclass
class _Article:
    profile: st.Profile
    copyable: syn.Copyable
    keys: list[str]  # indexed
    counts: dict[str, int]

    def queries(self) -> list[str]:
        """Its heaviest terms that some other article has too: what blocking looks up."""
        terms = self.profile.terms
        return sorted(terms, key=lambda t: (-terms[t], t))[:QUERIED]


def link_store(store: LinkTarget, *, embed: Embed | None = None) -> LinkReport:
    """Link every article that has no story yet; returns what changed."""
    report = LinkReport()
    for chunk in _unlinked(store):
        # undated articles go after the dated ones: with no date window to keep them out, they may
        # join a dated story but must not shape it (move its articles, merge it with another)
        for part in ([r for r in chunk if r["published"]], [r for r in chunk if not r["published"]]):
            if part:
                _link_chunk(store, part, embed or _default_embed, report, dated=bool(part[0]["published"]))
    return report


def _default_embed(texts: list[str]) -> NDArray[np.float32]:
    from storyline.link.embed import default_embedder

    return default_embedder().embed(texts)


def _unlinked(store: LinkTarget) -> Iterator[list[dict[str, Any]]]:
    while rows := store.rows(
        "SELECT id, title, outlet, published, body, doc_json FROM documents WHERE story IS NULL "
        "ORDER BY published IS NULL, published, id LIMIT ?", [CHUNK]):
        yield rows


def _link_chunk(store: LinkTarget, rows: list[dict[str, Any]], embed: Embed, report: LinkReport, *,
                dated: bool) -> None:
    articles, weights, total = _profile(store, rows, embed, ix.find_stale(store, [r["id"] for r in rows]))
    candidates = _candidate_stories(store, articles, weights)
    whole = frozenset() if dated else frozenset(s.id for s in candidates.values() if any(m.day is not None for m in s.members))
    decided = _unused_ids(store, _assign(articles, candidates, whole), candidates, weights.stale)
    assigned = {a.profile.id: decided.stories[a.profile.id] for a in articles}
    moved = {d: s for d, s in decided.stories.items() if d not in assigned}
    copies = _copies(store, articles, assigned, _members_after(candidates, decided.stories), weights.stale)
    _follow_originals(store, assigned, moved, decided.merged, copies)
    merged = {d: s for d, s in _merged_articles(store, decided.merged, weights.stale).items() if d not in moved}
    _save(store, articles, assigned, copies, weights, total, _restory(moved | merged, decided.merged))
    weights.stale = ix.Stale()  # the write swapped them out: from here on the stored rows and counts are current
    store.set_stories(dict[str, str | None](assigned | moved | merged))
    report.stories += len(articles)
    report.syndicated += len(copies)
    report.linked += [a.profile.id for a in articles]
    report.moved += len(moved) + len(merged)
    after = _members_after(candidates, decided.stories | assigned, [a.profile for a in articles])
    changed = set(assigned.values()) | set(moved.values()) | set(decided.merged.values()) | _left(candidates, moved)
    report.storylines += _update_storylines(store, _touched(after, changed), weights)


# profiles --------------------------------------------------------------------------------------
def _profile(store: LinkTarget, rows: list[dict[str, Any]], embed: Embed,
             stale: ix.Stale) -> tuple[list[_Article], ix.Weights, int]:
    """The chunk's articles profiled, the weights they were weighed with, and the store's new total."""
    docs = [json.loads(r["doc_json"]) for r in rows]
    counts = [keep(term_counts(_text(r), [e["name"] for e in d.get("entities") or ()]))
              for r, d in zip(rows, docs, strict=True)]
    df, total, chunk = ix.document_frequencies(store, counts, stale)
    # keys are chosen as the index stood before this chunk: else the first report of an event
    # would index only the words no other report in the chunk shares
    before = {t: n - chunk[t] for t, n in df.items()}
    weights = ix.Weights(store, df, max(total, PRIOR_DOCUMENTS), stale)
    vectors = embed([_lead(r) for r in rows])
    seq = int(store.get_state("link_seq") or 0)
    out = []
    for n, (row, doc, count) in enumerate(zip(rows, docs, counts, strict=True)):
        day = _day(row["published"])
        names = [c.get("agency") for c in doc.get("credits") or ()] + [(doc.get("dateline") or {}).get("agency")]
        copyable = syn.Copyable(row["id"], syn.outlet_key(row["outlet"]), syn.credited(row["outlet"], names), day,
                                seq + n + 1, syn.signature(row["body"]))
        keys = blocking_keys(count, before, total - len(rows), INDEXED)
        out.append(_Article(weights.profile(row["id"], day, vectors[n], count), copyable, keys, count))
    return out, weights, total


def _text(row: dict[str, Any]) -> str:
    """Title and body: cleaning takes the headline out of the body, and it names the event best."""
    title = (row["title"] or "").strip()
    return row["body"] if not title or row["body"].startswith(title) else f"{title}\n{row['body']}"


def _lead(row: dict[str, Any]) -> str:
    title = (row["title"] or "").strip()
    body = row["body"].strip()
    words = body.removeprefix(title).split()[:LEAD_WORDS] if title else body.split()[:LEAD_WORDS]
    return (f"{title}. " if title else "") + " ".join(words)


def _day(published: str | None) -> int | None:
    try:
        return dt.date.fromisoformat(published[:10]).toordinal() if published else None
    except ValueError:
        return None


# stories ---------------------------------------------------------------------------------------
def _candidate_stories(store: LinkTarget, articles: list[_Article], weights: ix.Weights) -> dict[str, st.Story]:
    """Existing stories that some new article comes close to, with their latest members."""
    found: dict[str, set[str]] = {}
    for article in articles:
        for key in article.queries():
            for r in ix.postings(store, key, article.profile.day, weights.stale):
                found.setdefault(r["doc_id"], set()).add(article.profile.id)
    near = [p for p in ix.load_profiles(store, sorted(found), weights)
            if any(st.similarity(p, a.profile) >= st.THRESHOLD for a in articles if a.profile.id in found[p.id])]
    stories = sorted(set(ix.stories_of(store, [p.id for p in near]).values()))
    since = _first_seqs(store, stories)
    return {s: st.Story(s, ix.members(store, s, weights), since[s]) for s in stories}


def _first_seqs(store: LinkTarget, stories: list[str]) -> dict[str, int]:
    """When each story began, as the sequence number of its first article (merges keep the older id)."""
    out: dict[str, int] = {}
    for start in range(0, len(stories), 500):
        part = stories[start:start + 500]
        out.update({r["story"]: r["since"] for r in store.rows(
            f"SELECT story, MIN(seq) AS since FROM link_docs WHERE story IN ({', '.join('?' * len(part))}) GROUP BY story",
            part)})
    return out


def _assign(articles: list[_Article], candidates: dict[str, st.Story], whole: frozenset[str]) -> st.Assignment:
    new = [a.profile for a in articles]
    stories = list(candidates.values())
    index = {a.profile.id: n for n, a in enumerate(articles)}
    edges: set[tuple[int, int]] = set()
    postings: dict[str, list[int]] = {}
    for n, article in enumerate(articles):
        for key in article.keys:
            postings.setdefault(key, []).append(n)
    for n, article in enumerate(articles):
        for key in article.queries():
            edges.update((min(m, n), max(m, n)) for m in postings.get(key, ()) if m != n)
    for k, story in enumerate(stories):
        edges.update((index[a.profile.id], len(new) + k) for a in articles if _near(a.profile, story))
    return st.assign(new, stories, sorted(edges), whole=whole)


def _unused_ids(store: LinkTarget, decided: st.Assignment, candidates: dict[str, st.Story],
                stale: ix.Stale) -> st.Assignment:
    """Fresh story ids that a story out of the chunk's reach already has (an article named a story,
    then moved on) are hashed on until free."""
    fresh = sorted(set(decided.stories.values()) - set(candidates))
    taken: set[str] = set()
    for start in range(0, len(fresh), 500):
        part = fresh[start:start + 500]
        taken.update(r["story"] for r in store.rows(
            f"SELECT DISTINCT story FROM link_docs WHERE story IN ({', '.join('?' * len(part))}){stale.skip()}",
            [*part, *stale.ids]))
    used = taken | set(decided.stories.values()) | set(candidates)
    renamed = {}
    for old in sorted(taken):
        renamed[old] = st.free_id(old, used)
        used.add(renamed[old])
    return st.Assignment({d: renamed.get(s, s) for d, s in decided.stories.items()}, decided.merged)


def _near(profile: st.Profile, story: st.Story) -> bool:
    return any(st.similarity(profile, m) >= st.THRESHOLD for m in story.members)


def _members_after(candidates: dict[str, st.Story], stories: dict[str, str],
                   new: Sequence[st.Profile] = ()) -> dict[str, list[st.Profile]]:
    """The loaded articles of each story as the chunk leaves them, ``new`` last (emptied stories are gone)."""
    out: dict[str, list[st.Profile]] = {}
    for story in candidates.values():
        for member in story.members:
            out.setdefault(stories.get(member.id, story.id), []).append(member)
    for profile in new:
        out.setdefault(stories[profile.id], []).append(profile)
    return out


def _left(candidates: dict[str, st.Story], moved: dict[str, str]) -> set[str]:
    """Stories that some of their articles left."""
    return {s.id for s in candidates.values() if any(m.id in moved for m in s.members)}


def _merged_articles(store: LinkTarget, merged: dict[str, str], stale: ix.Stale) -> dict[str, str]:
    """Every article of the stories merged away, with the story it goes to."""
    if not merged:
        return {}
    names = sorted(merged)
    rows = store.rows(f"SELECT doc_id, story FROM link_docs WHERE story IN ({', '.join('?' * len(names))})"
                      f"{stale.skip()}", [*names, *stale.ids])
    return {r["doc_id"]: merged[r["story"]] for r in rows}


def _restory(moved: dict[str, str], merged: dict[str, str]) -> list[ix.Statement]:
    """Index rows of articles linked before that changed story; a merged story's links go (its articles
    now tell the story that absorbed it, which finds its own related stories)."""
    gone = [[s, s] for s in sorted(merged)]
    return [("UPDATE link_docs SET story = ? WHERE doc_id = ?", sorted((s, d) for d, s in moved.items())),
            ("DELETE FROM links WHERE kind IN ('related_story', 'in_storyline') AND (src = ? OR dst = ?)", gone)]


# syndication -----------------------------------------------------------------------------------
def _follow_originals(store: LinkTarget, assigned: dict[str, str], moved: dict[str, str], merged: dict[str, str],
                      copies: list[tuple[str, str, float]]) -> None:
    """A copy tells the same event as its original: a new one goes to the other's story."""
    def story_now(doc: str, default: str) -> str:
        story = moved.get(doc) or ix.stories_of(store, [doc]).get(doc, default)
        return merged.get(story, story)

    for copy, original, _ in copies:
        if copy in assigned and original not in assigned:
            assigned[copy] = story_now(original, assigned[copy])
        elif original in assigned and copy not in assigned:
            assigned[original] = story_now(copy, assigned[original])
        elif copy in assigned:
            assigned[copy] = assigned[original]


def _copies(store: LinkTarget, articles: list[_Article], assigned: dict[str, str],
            after: dict[str, list[st.Profile]], stale: ix.Stale) -> list[tuple[str, str, float]]:
    by_id = {a.profile.id: a for a in articles}
    pairs = _near_duplicates(store, articles, stale)
    links = {}
    for (a, b), score in pairs.items():
        oriented = syn.orient(a, b)
        if oriented:
            links[oriented[0].id] = (oriented[0].id, oriented[1].id, round(score, 3))
    for article in articles:
        copy = article.copyable
        if copy.id in links or not copy.credited:
            continue
        found = syn.credited_original(copy, _same_story(store, by_id, article, assigned, after))
        if found:
            links[copy.id] = (copy.id, found[0].id, round(found[1], 3))
    return sorted(links.values())


def _near_duplicates(store: LinkTarget, articles: list[_Article],
                     stale: ix.Stale) -> dict[tuple[syn.Copyable, syn.Copyable], float]:
    seen: dict[str, list[syn.Copyable]] = {}
    pairs: dict[tuple[syn.Copyable, syn.Copyable], float] = {}
    for article in articles:
        mine = syn.bands(article.copyable.signature)
        others = {c.id: c for band in mine for c in seen.get(band, ())}
        others.update({c.id: c for c in ix.stored_copyables(store, mine, stale)})
        for other in sorted(others.values(), key=lambda c: c.seq):
            score = syn.jaccard(article.copyable.signature, other.signature)
            if score >= syn.COPY_JACCARD:
                pairs[(article.copyable, other)] = score
        for band in mine:
            seen.setdefault(band, []).append(article.copyable)
    return pairs


def _same_story(store: LinkTarget, by_id: dict[str, _Article], article: _Article, assigned: dict[str, str],
                after: dict[str, list[st.Profile]]) -> list[syn.Copyable]:
    story = assigned[article.profile.id]
    fresh = [a.copyable for i, a in by_id.items() if assigned[i] == story]
    return fresh + ix.copyables_by_id(store, [m.id for m in after.get(story, ())])


# writing ---------------------------------------------------------------------------------------
def _save(store: LinkTarget, articles: list[_Article], assigned: dict[str, str],
          copies: list[tuple[str, str, float]], weights: ix.Weights, total: int, restory: list[ix.Statement]) -> None:
    """One write: what the index held for changed articles out, the chunk's counts, rows and copies in,
    and the stories of articles linked before that changed."""
    seq = max(a.copyable.seq for a in articles)
    store.write([
        *ix.swap_writes(weights.stale, [a.counts for a in articles], total, seq),
        ("INSERT INTO link_docs VALUES (?, ?, ?, ?, ?, ?, ?)",
         [(a.profile.id, assigned[a.profile.id], a.profile.day, a.copyable.seq, ix.encode_vector(a.profile.vector),
           json.dumps(a.counts, ensure_ascii=False), syn.encode(a.copyable.signature)) for a in articles]),
        ("INSERT INTO link_keys VALUES (?, ?, ?)",
         [(key, a.profile.day, a.profile.id) for a in articles for key in a.keys + _actor_keys(a)]),
        ("INSERT INTO link_bands VALUES (?, ?)",
         [(band, a.profile.id) for a in articles for band in syn.bands(a.copyable.signature)]),
        ("INSERT INTO links VALUES ('copy_of', ?, ?, ?) ON CONFLICT (kind, src, dst) DO UPDATE SET score = excluded.score",
         copies),
        *restory,
    ])


def _actor_keys(article: _Article, count: int = 4) -> list[str]:
    """The heaviest entity names not already keys: storylines are found through them."""
    actors = sorted(((w, t) for t, w in article.profile.terms.items() if t.startswith("=") and t not in article.keys),
                    key=lambda item: (-item[0], item[1]))
    return [t for _, t in actors[:count]]


# storylines ------------------------------------------------------------------------------------
def _touched(after: dict[str, list[st.Profile]], changed: set[str]) -> dict[str, list[st.Profile]]:
    """The stories this chunk changed, with their latest members (already loaded: no query)."""
    return {s: after[s][-ix.MEMBERS:] for s in sorted(changed) if s in after}


def _update_storylines(store: LinkTarget, stories: dict[str, list[st.Profile]], weights: ix.Weights) -> int:
    """Link the touched stories to related stories, then relabel the storylines they belong to."""
    touched = list(stories)
    profiles = {s: sl.story_profile(s, members) for s, members in stories.items()}
    edges = []
    for story in touched:
        for other in _related_candidates(store, story, profiles[story]):
            if other not in profiles:
                profiles[other] = sl.story_profile(other, ix.members(store, other, weights))
            score = sl.relatedness(profiles[story], profiles[other])
            if score >= sl.THRESHOLD:
                edges.append((story, other, round(score, 3)))
    if edges:
        store.write([("INSERT INTO links VALUES ('related_story', ?, ?, ?) "
                      "ON CONFLICT (kind, src, dst) DO UPDATE SET score = excluded.score", edges)])
    for story, other, _ in edges:
        _join_storylines(store, story, other)
    return sum(1 for s in touched if ix.storyline_of(store, s))


def _join_storylines(store: LinkTarget, a: str, b: str) -> None:
    """Put two related stories in one storyline: the smaller storyline is relabelled, never the larger
    (so a story is relabelled O(log n) times however long its storyline grows)."""
    line_a, line_b = ix.storyline_of(store, a), ix.storyline_of(store, b)
    if line_a and line_a == line_b:
        return
    if not line_a and not line_b:
        ix.set_storyline(store, [a, b], sl.storyline_id(min(a, b)))
        return
    lines = [line for line in (line_a, line_b) if line]
    sizes = {line: len(ix.stories_in(store, line)) for line in lines}
    target = min(lines, key=lambda line: (-sizes[line], line))
    movers = [s for line in lines if line != target for s in ix.stories_in(store, line)]
    ix.set_storyline(store, movers + [s for s, line in ((a, line_a), (b, line_b)) if not line], target)


def _related_candidates(store: LinkTarget, story: str, profile: sl.StoryProfile, keys: int = 4,
                        postings: int = 30, most: int = 8) -> list[str]:
    """Stories that name the same key actors around the same time; those named by most of them first."""
    hits: Counter[str] = Counter()
    for key in [t for t, _ in sorted(profile.actors.items(), key=lambda item: (-item[1], item[0]))[:keys]]:
        if profile.last is None:
            rows = store.rows("SELECT doc_id FROM link_keys WHERE key = ? LIMIT ?", [key, postings])
        else:  # the latest articles first, back to the storyline gap
            rows = store.rows("SELECT doc_id FROM link_keys WHERE key = ? AND day BETWEEN ? AND ? ORDER BY day DESC LIMIT ?",
                              [key, profile.last - sl.MAX_GAP, profile.last + sl.MAX_GAP, postings])
        stories = set(ix.stories_of(store, [r["doc_id"] for r in rows]).values()) - {story}
        hits.update(stories)
    return [s for s, _ in sorted(hits.items(), key=lambda item: (-item[1], item[0]))[:most]]
