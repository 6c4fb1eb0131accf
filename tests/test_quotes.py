"""Quotes and their speakers, one construction per test, on sentences written by the team."""

from __future__ import annotations

import pytest

from storyline.annotate.entities import extract_entities
from storyline.annotate.nlp import load_pipeline
from storyline.annotate.parsed import ParsedArticle
from storyline.annotate.quotes import extract_quotes
from storyline.model import Quote


def quotes_of(text: str) -> list[Quote]:
    article = ParsedArticle(doc=load_pipeline()(text))
    found = extract_quotes(article, entities=extract_entities(article))
    for q in found:  # the evidence property: every span is exactly what the body holds there
        assert text[q.start:q.end] == q.text
        mention = q.speaker.mention
        assert mention is None or text[mention.start:mention.end] == mention.text
    return found


def by_text(found: list[Quote]) -> dict[str, Quote]:
    return {q.text.rstrip(".,"): q for q in found}


# --- direct quotes --------------------------------------------------------------------------------
def test_split_quote_gives_two_parts_with_the_same_speaker() -> None:
    found = quotes_of(
        "Hamas leader Ismail Haniyeh spoke by phone on Sunday with the Qatari prime minister.\n\n"
        "“We will not leave,” he said, “our people alone.”"
    )
    assert [q.text for q in found] == ["We will not leave,", "our people alone."]
    assert {q.speaker.name for q in found} == {"Ismail Haniyeh"}
    assert all(q.kind == "direct" and q.cue == "said" for q in found)
    assert found[0].speaker.mention is not None and found[0].speaker.mention.text == "he"


def test_name_right_after_the_closing_mark() -> None:
    found = quotes_of("“The harvest is lost,” Belinda Wright told reporters in Nairobi.")
    assert [(q.text, q.speaker.name, q.cue) for q in found] == [("The harvest is lost,", "Belinda Wright", "told")]


def test_inverted_attribution_with_a_title_and_an_apposition() -> None:
    found = quotes_of('"Rescue teams reached two of the villages by boat," said police spokeswoman Marta Silva, '
                      "who spoke from the regional command centre.")
    assert found[0].speaker.name == "Marta Silva"
    assert found[0].speaker.entity_id is not None


def test_attribution_before_a_colon() -> None:
    found = quotes_of("China’s Commerce Ministry opened talks on Monday.\n\n"
                      "The ministry said in a statement: «The door to dialogue remains open.»")
    quote = by_text(found)["The door to dialogue remains open"]
    assert quote.kind == "direct" and quote.speaker.name == "China’s Commerce Ministry"


def test_multi_sentence_quote_then_a_quote_standing_alone_in_the_next_paragraph() -> None:
    found = quotes_of(
        "“We drove through smoke so thick we could not see. Then the road was gone,” said Jenna Alvarez, a teacher.\n\n"
        "“Twenty-two years in that house. My kids grew up there.”"
    )
    assert [q.speaker.name for q in found] == ["Jenna Alvarez", "Jenna Alvarez"]
    assert found[0].text.startswith("We drove") and found[0].text.endswith("gone,")
    assert found[1].cue is None


def test_quote_over_two_paragraphs_gives_one_piece_per_paragraph() -> None:
    found = quotes_of(
        "“We have been digging since Friday with our hands,” said Thet Naing, a volunteer. “Yesterday we heard voices.\n\n"
        "“Today there is nothing.”"
    )
    assert [q.text for q in found] == ["We have been digging since Friday with our hands,",
                                       "Yesterday we heard voices.", "Today there is nothing."]
    assert {q.speaker.name for q in found} == {"Thet Naing"}


def test_british_single_quotes() -> None:
    found = quotes_of("'The water rose in minutes,' a resident said. 'We lost everything.'")
    assert [q.text for q in found] == ["The water rose in minutes,", "We lost everything."]
    assert {q.speaker.name for q in found} == {"a resident"}


def test_a_crosshead_in_capitals_is_not_a_quote() -> None:
    found = quotes_of("“Rescue teams are stretched,” said Omar Haddad.\n\n“FIVE DEMANDS, NOT ONE MISSING”\n\n"
                      "Some lawmakers said the move came too late.")
    assert [q.text for q in found] == ["Rescue teams are stretched,", "the move came too late"]
    assert found[1].speaker.name == "Some lawmakers"


# --- mixed quotes ----------------------------------------------------------------------------------
def test_mixed_quote_is_the_quoted_fragment_of_reported_speech() -> None:
    found = quotes_of("Ismail Haniyeh said the resolution underscored Israel’s “unprecedented isolation.”")
    assert [(q.kind, q.text, q.speaker.name) for q in found] == [
        ("mixed", "unprecedented isolation.", "Ismail Haniyeh")]


def test_quoted_words_after_expressed_and_denounced_as() -> None:
    found = by_text(quotes_of(
        "Iranian President Masoud Pezeshkian expressed “his strongest condemnation of the attack.”\n\n"
        "The health minister, Nadia Karimi, denounced the reports as “completely false”."
    ))
    assert found["his strongest condemnation of the attack"].speaker.name == "Masoud Pezeshkian"
    assert found["completely false"].kind == "mixed" and found["completely false"].speaker.name == "Nadia Karimi"


def test_coordinated_clause_without_quoted_words_stays_indirect() -> None:
    found = by_text(quotes_of(
        "Erdogan said he hoped the result would benefit Turkey, and that the nation had made a “historic decision”."))
    assert found["he hoped the result would benefit Turkey"].kind == "indirect"
    assert found["historic decision"].kind == "mixed"


def test_scare_quotes_are_not_quotes() -> None:
    found = quotes_of("Markets rose on hopes for a so-called “phase one” deal. The “Phase 1” agreement is due in May.")
    assert found == []


# --- indirect quotes -------------------------------------------------------------------------------
@pytest.mark.parametrize(("sentence", "text", "cue"), [
    ("Interior Ministry spokesman Nasrat Rahimi said that 32 people were killed.", "32 people were killed", "said"),
    ("Nasrat Rahimi told reporters the attackers had been killed.", "the attackers had been killed", "told"),
    ("Nasrat Rahimi stressed that the roads would reopen.", "the roads would reopen", "stressed"),
    ("Nasrat Rahimi emphasized the checkpoint was never breached.", "the checkpoint was never breached", "emphasized"),
    ("Nasrat Rahimi warned that more attacks were likely.", "more attacks were likely", "warned"),
    ("Nasrat Rahimi urged residents to stay indoors.", "residents to stay indoors", "urged"),
    ("Nasrat Rahimi accused the militants of targeting a school.", "the militants of targeting a school", "accused"),
    ("Nasrat Rahimi denied targeting civilians.", "targeting civilians", "denied"),
])
def test_reporting_verbs_and_their_content(sentence: str, text: str, cue: str) -> None:
    found = quotes_of(sentence)
    assert [(q.kind, q.text, q.cue, q.speaker.name) for q in found] == [("indirect", text, cue, "Nasrat Rahimi")]


def test_attribution_after_the_content() -> None:
    found = quotes_of("More complicated issues would be tackled in later talks, Commerce Secretary Wilbur Ross said.")
    assert [(q.text, q.speaker.name) for q in found] == [("More complicated issues would be tackled in later talks",
                                                         "Wilbur Ross")]


def test_according_to_gives_the_clause_before_it() -> None:
    found = quotes_of("The plane was built in 1979 and leased from a small company, according to the Mexican government.")
    assert [(q.text, q.cue, q.speaker.name) for q in found] == [
        ("The plane was built in 1979 and leased from a small company", "according to", "the Mexican government")]


def test_according_to_is_not_a_second_speaker_when_one_is_named() -> None:
    found = quotes_of("Ahsam Mukhtar, a student, said he was in a classroom when it began, according to The Washington Post.")
    assert [(q.text, q.speaker.name) for q in found] == [("he was in a classroom when it began", "Ahsam Mukhtar")]


def test_organisation_speaks_in_a_statement() -> None:
    found = quotes_of("Hamas said in a statement on its Telegram channel that the talks had stalled.")
    assert [(q.text, q.speaker.name) for q in found] == [("the talks had stalled", "Hamas")]
    assert found[0].speaker.entity_id is not None


def test_passive_report_without_an_agent_names_nobody() -> None:
    assert quotes_of("The activist was accused of sedition and arrested.") == []


# --- speakers ----------------------------------------------------------------------------------------
def test_titles_and_descriptions_resolve_to_the_name_introduced_with_them() -> None:
    found = by_text(quotes_of(
        "Hamas chief Ismail Haniyeh met Iranian Foreign Minister Abbas Araghchi in Tehran on Tuesday.\n\n"
        "The Hamas leader said the ceasefire talks had stalled. Iran’s foreign minister told reporters that "
        "Tehran backed the mediators."
    ))
    assert found["the ceasefire talks had stalled"].speaker.name == "Ismail Haniyeh"
    assert found["the ceasefire talks had stalled"].speaker.mention.text == "The Hamas leader"  # type: ignore[union-attr]
    assert found["Tehran backed the mediators"].speaker.name == "Abbas Araghchi"


def test_the_ministry_is_the_ministry_named_before() -> None:
    found = quotes_of("China’s Commerce Ministry said on Thursday that exports rose 7% in March. "
                      "The ministry added that demand from Southeast Asia stayed strong.")
    assert [q.speaker.name for q in found] == ["China’s Commerce Ministry", "China’s Commerce Ministry"]
    assert found[1].speaker.mention is not None and found[1].speaker.mention.text == "The ministry"


def test_pronouns_follow_the_last_subject_and_surnames_give_the_full_name() -> None:
    found = quotes_of(
        "Belinda Wright, who heads the agency’s Nairobi office, met donors on Monday.\n\n"
        "Wright said the agency had appealed for $40 million. She stressed that the money had to arrive by June."
    )
    assert [q.speaker.name for q in found] == ["Belinda Wright", "Belinda Wright"]
    assert [q.speaker.mention.text for q in found] == ["Wright", "She"]  # type: ignore[union-attr]


def test_a_pronoun_with_nobody_before_it_is_never_a_name() -> None:
    found = quotes_of("He said the bridge would reopen next week.")
    assert found[0].speaker.name is None
    assert found[0].speaker.mention is not None and found[0].speaker.mention.text == "He"


def test_acronym_resolves_to_the_organisation_it_abbreviates() -> None:
    found = quotes_of("The International Committee of the Red Cross (ICRC) sent a convoy on Friday. "
                      "The ICRC said aid trucks were waiting at the border.")
    assert found[0].speaker.name == "International Committee of the Red Cross"


def test_a_lead_description_is_named_at_the_next_attribution() -> None:
    found = quotes_of(
        "Floodwaters cut off three villages in the north overnight, a police spokesman said on Monday.\n\n"
        '"Rescue teams reached two of them by boat," said police spokesman Tomas Ferreira.'
    )
    assert {q.speaker.name for q in found} == {"Tomas Ferreira"}
    assert found[0].speaker.mention is not None and found[0].speaker.mention.text == "a police spokesman"


def test_an_unnamed_description_stays_the_description() -> None:
    found = quotes_of("A U.S. State Department official said the agency had received no request. "
                      "The embassy stayed open, the official said.")
    assert [q.speaker.name for q in found] == ["A U.S. State Department official", "A U.S. State Department official"]


def test_the_statement_speaks_for_whoever_issued_it() -> None:
    found = quotes_of("North Korea’s Foreign Ministry announced the closure on Saturday.\n\n"
                      "“All tunnels will be collapsed by explosion,” said the announcement.")
    assert found[0].speaker.name == "North Korea’s Foreign Ministry"


def test_words_inside_a_quote_are_not_attributions() -> None:
    found = quotes_of("“Our teacher told us to lie on the ground, and then the firing stopped,” said Amina Yusuf, a pupil.")
    assert [(q.speaker.name, q.kind) for q in found] == [("Amina Yusuf", "direct")]


def test_a_possessive_pronoun_is_replaced_by_its_owner() -> None:
    found = quotes_of("UN Secretary-General Antonio Guterres expressed his “deep sorrow” over the deaths, his spokesman said. "
                      "The U.N. has offered to help, the spokesman added.")
    assert by_text(found)["The U.N. has offered to help"].speaker.name == "Antonio Guterres's spokesman"


def test_a_dateline_left_in_the_body_is_not_what_was_said() -> None:
    found = quotes_of("NAIROBI, Kenya (AP) — Floods swept through three districts on Monday, killing 19 people, "
                      "the Kenya Red Cross said.")
    assert [q.text for q in found] == ["Floods swept through three districts on Monday, killing 19 people"]


def test_an_agency_credited_at_the_end_of_the_lead_is_not_a_quote() -> None:
    found = quotes_of("Gaza, MINA – Israeli air strikes on Rafah killed at least 23 people overnight, Anadolu Agency reports.\n\n"
                      "The health ministry said the toll was likely to rise.")
    assert [q.speaker.name for q in found] == ["The health ministry"]


def test_according_to_data_compiled_by_someone() -> None:
    found = quotes_of("Analysts on average had expected revenue of $37 billion, according to data compiled by LSEG.")
    assert [(q.text, q.speaker.name) for q in found] == [("Analysts on average had expected revenue of $37 billion", "LSEG")]


def test_dotted_acronym() -> None:
    found = quotes_of("The U.S. Geological Survey put the quake's magnitude at 7.7. "
                      "The USGS said the death toll could exceed 10,000.")
    assert found[0].speaker.name == "U.S. Geological Survey"


def test_attribution_inside_the_sentence_it_reports() -> None:
    found = quotes_of("Dutch Prime Minister Mark Rutte met reporters. The plan, he said, would cut farm subsidies by 10%. "
                      "Eventually, Rutte says, the bloc will agree.")
    assert [(q.text.rstrip("."), q.speaker.name) for q in found] == [
        ("The plan, he said, would cut farm subsidies by 10%", "Mark Rutte"), ("the bloc will agree", "Mark Rutte")]


def test_names_with_particles_and_titles_the_model_mislabels() -> None:
    found = quotes_of("European Commission President Ursula von der Leyen, who drafted the proposal, insisted that the "
                      "cuts were fair. She argued that the bloc could not afford “business as usual.”")
    assert [q.speaker.name for q in found] == ["Ursula von der Leyen", "Ursula von der Leyen"]
    assert found[1].kind == "mixed" and found[1].speaker.mention.text == "She"  # type: ignore[union-attr]


def test_guillemets_after_a_naming_verb() -> None:
    found = quotes_of("Hungarian Prime Minister Viktor Orban called the proposal «unacceptable» and threatened to veto it.")
    assert [(q.kind, q.text, q.speaker.name) for q in found] == [("mixed", "unacceptable", "Viktor Orban")]
