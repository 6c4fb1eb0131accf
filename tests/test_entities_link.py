"""Entities across articles: global ids, short names by context, the user's alias file.

Every article here is our own, written in wire style.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyline.errors import ConfigError
from storyline.link.entities import (
    LINK_KIND,
    QID_KIND,
    EntityLinks,
    clusters_from_documents,
    link_entities,
    relink_entities,
)
from storyline.link.entity_aliases import AliasTable, load_aliases
from storyline.model import Document, RawInput

ARTICLES = {
    "full": "Hamas leader Ismail Haniyeh met Qatari mediators in Doha on Monday to discuss a ceasefire in the Gaza "
            "Strip. Haniyeh said the group would study the proposal.",
    "short": "Haniyeh told Hamas supporters in Doha that talks on the Gaza Strip would continue, and Qatari officials "
             "said the mediators were hopeful.",
    "spelling": "Ismail Haniya, who leads Hamas, said on Tuesday that Israeli strikes had hit Khan Younis.",
    "imran": "Former prime minister Imran Khan addressed supporters in Islamabad on Friday. Khan urged Pakistan's "
             "election commission to act.",
    "sadiq": "London mayor Sadiq Khan opened a new bridge over the Thames on Friday. Khan said it would ease traffic.",
    "khan-pk": "Khan's supporters marched in Islamabad on Sunday, and Pakistan's police made arrests.",
    "khan-none": "Khan scored twice for Leicester City on Saturday as the visitors won the cup final.",
    "ptm-full": "The Pashtun Tahaffuz Movement (PTM) held a rally in Peshawar, and PTM leaders spoke for hours.",
    "ptm-short": "Police in Karachi detained several PTM activists on Monday.",
}


@pytest.fixture(scope="module")
def docs(pipeline: Any) -> dict[str, Document]:
    return {k: pipeline.extract(RawInput(origin=k, id=k, text=t)) for k, t in ARTICLES.items()}


def entity(doc: Document, name: str) -> str:
    return next(e.id for e in doc.entities if e.name == name)


def link(docs: dict[str, Document], aliases: AliasTable | None = None) -> EntityLinks:
    return link_entities(clusters_from_documents(docs.values()), aliases)


def test_same_full_name_same_id_without_linking(docs: dict[str, Document]) -> None:
    haniyeh = entity(docs["full"], "Ismail Haniyeh")
    assert entity(docs["spelling"], "Hamas") == entity(docs["full"], "Hamas")
    assert link(docs).global_id("full", haniyeh) == haniyeh


def test_a_surname_joins_the_full_name_its_context_points_to(docs: dict[str, Document]) -> None:
    links = link(docs)
    assert links.global_id("short", entity(docs["short"], "Haniyeh")) == entity(docs["full"], "Ismail Haniyeh")
    assert links.entities[entity(docs["full"], "Ismail Haniyeh")].name == "Ismail Haniyeh"


def test_two_people_with_one_surname_stay_apart(docs: dict[str, Document]) -> None:
    links = link(docs)
    imran, sadiq = entity(docs["imran"], "Imran Khan"), entity(docs["sadiq"], "Sadiq Khan")
    assert imran != sadiq
    assert links.global_id("khan-pk", entity(docs["khan-pk"], "Khan")) == imran
    lone = entity(docs["khan-none"], "Khan")
    assert links.global_id("khan-none", lone) == lone  # nothing ties it to either


def test_an_acronym_joins_the_organisation_spelled_out_elsewhere(docs: dict[str, Document]) -> None:
    links = link(docs)
    ptm = entity(docs["ptm-full"], "Pashtun Tahaffuz Movement")
    assert links.global_id("ptm-short", entity(docs["ptm-short"], "PTM")) == ptm


def test_alias_file_merges_spellings_and_links_an_external_id(docs: dict[str, Document], tmp_path: Path) -> None:
    path = tmp_path / "aliases.yaml"
    path.write_text("- name: Ismail Haniyeh\n  aliases: [Ismail Haniya]\n  type: PERSON\n  qid: Q1341426\n",
                    encoding="utf-8")
    links = link(docs, load_aliases(path))
    haniyeh = entity(docs["full"], "Ismail Haniyeh")
    assert links.global_id("spelling", entity(docs["spelling"], "Ismail Haniya")) == haniyeh
    assert links.entities[haniyeh].qid == "Q1341426"
    assert "Ismail Haniya" in links.entities[haniyeh].aliases


def test_alias_file_splits_one_name_by_context(docs: dict[str, Document], tmp_path: Path) -> None:
    path = tmp_path / "aliases.csv"
    path.write_text("name,aliases,type,qid,context\n"
                    "Khan (footballer),Khan,PERSON,,Leicester City\n"
                    "Imran Khan,Khan,PERSON,Q15700,Islamabad|Pakistan\n", encoding="utf-8")
    links = link(docs, load_aliases(path))
    footballer = links.global_id("khan-none", entity(docs["khan-none"], "Khan"))
    politician = links.global_id("khan-pk", entity(docs["khan-pk"], "Khan"))
    assert footballer != politician
    assert links.entities[footballer].name == "Khan (footballer)"
    assert links.global_id("imran", entity(docs["imran"], "Imran Khan")) == politician


def test_relinking_after_editing_the_alias_file_needs_no_extraction(docs: dict[str, Document], store: Any,
                                                                    tmp_path: Path) -> None:
    store.add(list(docs.values()))
    first = relink_entities(store)
    assert first.remapped >= 2
    spelling = entity(docs["spelling"], "Ismail Haniya")
    before = store.rows("SELECT dst FROM links WHERE kind = ? AND src = ?", [LINK_KIND, f"spelling#{spelling}"])
    assert before == []
    path = tmp_path / "aliases.yaml"
    path.write_text("entities:\n- {name: Ismail Haniyeh, aliases: [Ismail Haniya], qid: Q1341426}\n", encoding="utf-8")
    relink_entities(store, load_aliases(path))
    after = store.rows("SELECT dst FROM links WHERE kind = ? AND src = ?", [LINK_KIND, f"spelling#{spelling}"])
    assert after == [{"dst": entity(docs["full"], "Ismail Haniyeh")}]
    qid = store.rows("SELECT dst FROM links WHERE kind = ?", [QID_KIND])
    assert qid == [{"dst": "Q1341426"}]
    relink_entities(store, load_aliases(path))  # idempotent
    assert len(store.rows("SELECT * FROM links WHERE kind = ?", [LINK_KIND])) == first.remapped + 1


@pytest.mark.parametrize(("name", "text", "problem"), [
    ("a.yaml", "- aliases: [x]\n", "'name' is missing"),
    ("b.yaml", "- {name: X, type: ANIMAL}\n", "type 'ANIMAL'"),
    ("c.yaml", "- {name: X, colour: red}\n", "unknown field"),
    ("d.yaml", "name: [unclosed\n", "not valid YAML"),
    ("e.yaml", "just a string\n", "expected a list"),
])
def test_a_bad_alias_file_is_named_in_the_error(tmp_path: Path, name: str, text: str, problem: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=problem):
        load_aliases(path)


def test_a_missing_alias_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_aliases(tmp_path / "nope.yaml")
