"""The command line, run as a user would: a real process, real files, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES

CLI = [sys.executable, "-m", "storyline.serve.cli"]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, input=stdin, timeout=300)


def test_help_lists_commands() -> None:
    out = run("--help").stdout
    for command in ("extract", "ingest", "show", "search", "stats", "export", "demo", "bench"):
        assert command in out


def test_ingest_twice_search_show_export(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    first = run("ingest", str(FIXTURES / "wire-gaza-toll.txt"), str(bad), "--db", db, "--published", "2024-07-15")
    assert first.returncode == 1  # one input failed ...
    assert "bad.txt: binary" in first.stderr and "1 added" in first.stderr  # ... the other is stored
    again = run("ingest", str(FIXTURES / "wire-gaza-toll.txt"), "--db", db, "--published", "2024-07-15")
    assert again.returncode == 0 and "0 added" in again.stderr and "1 already stored" in again.stderr
    stats = json.loads(run("stats", "--db", db, "--json").stdout)
    assert stats["documents"] == 1
    hit = run("search", "Nasser", "--db", db).stdout
    assert hit.startswith("wire-gaza-toll\t2024-07-15")
    shown = json.loads(run("show", "wire-gaza-toll", "--db", db).stdout)
    assert shown["published"] == {"date": "2024-07-15", "basis": "given", "evidence": [], "window": None}
    csv_out = tmp_path / "out.csv"
    assert run("export", "--format", "csv", "-o", str(csv_out), "--db", db).returncode == 0
    assert csv_out.read_text().splitlines()[0].startswith("id,title,outlet,published")
    pq = tmp_path / "out.parquet"
    assert run("export", "--format", "parquet", "-o", str(pq), "--db", db).returncode == 0
    import pyarrow.parquet as pqm

    assert pqm.read_table(pq).num_rows == 1
    assert run("show", "nope", "--db", db).returncode == 1


def test_extract_from_stdin_as_json() -> None:
    text = (FIXTURES / "wire-gaza-toll.txt").read_text()
    out = run("extract", "-", "--format", "json", stdin=text)
    assert out.returncode == 0, out.stderr
    (doc,) = json.loads(out.stdout)
    assert "Khan Younis" in doc["body"]


def test_extract_groups_a_corpus_into_stories_and_keeps_ids(tmp_path: Path) -> None:
    demo = Path(__file__).resolve().parents[1] / "src" / "storyline" / "demo" / "corpus.jsonl"
    wanted = {"ap-biden-sisi-call-2024-05-24", "aa-sisi-biden-kerem-shalom-2024-05-24",
              "cairochronicle-sisi-biden-call-2024-05-25", "ap-taiwan-quake-2024-04-03",
              "pacificherald-taiwan-quake-2024-04-03", "levanttimes-gaza-polio-2024-09-01"}
    lines = [line for line in demo.read_text(encoding="utf-8").splitlines() if json.loads(line)["id"] in wanted]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = run("extract", str(corpus))
    assert out.returncode == 0, out.stderr
    story = {d["id"]: d["story"] for d in map(json.loads, out.stdout.splitlines())}
    assert set(story) == wanted  # ids kept, one Document per line
    call = {story[i] for i in wanted if "sisi" in i}
    quake = {story[i] for i in wanted if "quake" in i}
    assert len(call) == 1 and len(quake) == 1 and call != quake
    assert story["levanttimes-gaza-polio-2024-09-01"] not in call | quake
    plain = run("extract", str(corpus), "--no-stories")
    assert {d["story"] for d in map(json.loads, plain.stdout.splitlines())} == {None}


def test_demo_builds_the_store_and_summarises_it(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    out = run("demo", "--db", db)
    assert out.returncode == 0, out.stderr
    for section in ("Articles by outlet", "Same-event stories", "Most quoted", "Syndicated copies",
                    "Where sources disagree", f"storyline serve --db {db}"):
        assert section in out.stderr
    assert "mina-mawasi-strike-2024-07-13" in out.stderr  # the Mi'raj copy of the Anadolu story
    again = run("demo", "--db", db)
    assert "0 articles added" in again.stderr


def test_relink_with_an_alias_file_needs_no_reextraction(tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    other = tmp_path / "other.txt"
    other.write_text("By Sam Reed\nKHAN YOUNIS (Storyline Wire) – Hospital director Omar Salih said on Tuesday that "
                     "generators at the Nasser Medical Complex had run out of fuel.\n")
    assert run("ingest", str(FIXTURES / "wire-gaza-toll.txt"), str(other), "--db", db,
               "--published", "2024-07-16").returncode == 0
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("- name: Omar Saleh\n  aliases: [Omar Salih]\n  type: PERSON\n  qid: Q999999\n")
    out = run("relink", "--db", db, "--aliases", str(aliases))
    assert out.returncode == 0 and "clusters" in out.stderr, out.stderr
    from storyline.store import open_store

    store = open_store(db)
    (qid,) = store.rows("SELECT src FROM links WHERE kind = 'entity-qid' AND dst = 'Q999999'")
    docs = {d.id for d in store.documents(entity=qid["src"])}
    store.close()
    assert docs == {"wire-gaza-toll", "other"}  # both spellings are one person now
