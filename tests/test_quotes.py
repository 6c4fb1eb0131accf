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
        "Union leader Maria Okafor met the transport minister on Sunday to discuss the rail strike.\n\n"
        "“We will not call off,” she said, “a strike our members voted for.”"
    )
    assert [q.text for q in found] == ["We will not call off,", "a strike our members voted for."]
    assert {q.speaker.name for q in found} == {"Maria Okafor"}
    assert all(q.kind == "direct" and q.cue == "said" for q in found)
    assert found[0].speaker.mention is not None and found[0].speaker.mention.text == "she"


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
    found = quotes_of("“Rescue teams are stretched,” said Omar Haddad.\n\n“NO WATER, NO VOTE”\n\n"
                      "Several farmers said the aid arrived too late.")
    assert [q.text for q in found] == ["Rescue teams are stretched,", "the aid arrived too late"]
    assert found[1].speaker.name == "Several farmers"


# --- mixed quotes ----------------------------------------------------------------------------------
def test_mixed_quote_is_the_quoted_fragment_of_reported_speech() -> None:
    found = quotes_of("Maria Okafor said the ruling exposed the employers’ “complete contempt for workers.”")
    assert [(q.kind, q.text, q.speaker.name) for q in found] == [
        ("mixed", "complete contempt for workers.", "Maria Okafor")]


def test_quoted_words_after_expressed_and_denounced_as() -> None:
    found = by_text(quotes_of(
        "Brazilian President Luiz Inacio Lula da Silva expressed “deep solidarity with the flood victims.”\n\n"
        "The health minister, Nadia Karimi, denounced the leaked figures as “a fabrication”."
    ))
    assert found["deep solidarity with the flood victims"].speaker.name == "Luiz Inacio Lula da Silva"
    assert found["a fabrication"].kind == "mixed" and found["a fabrication"].speaker.name == "Nadia Karimi"


def test_coordinated_clause_without_quoted_words_stays_indirect() -> None:
    found = by_text(quotes_of(
        "Okafor said she expected the deal to hold, and that the members had won a “hard-fought settlement”."))
    assert found["she expected the deal to hold"].kind == "indirect"
    assert found["hard-fought settlement"].kind == "mixed"


def test_scare_quotes_are_not_quotes() -> None:
    found = quotes_of("Shares climbed on talk of a so-called “peace dividend” budget. The “Plan B” package is due in May.")
    assert found == []


# --- indirect quotes -------------------------------------------------------------------------------
@pytest.mark.parametrize(("sentence", "text", "cue"), [
    ("Regional police spokeswoman Ana Duarte said that 32 people were rescued.", "32 people were rescued", "said"),
    ("Ana Duarte told reporters the bridge had been closed.", "the bridge had been closed", "told"),
    ("Ana Duarte stressed that the roads would reopen.", "the roads would reopen", "stressed"),
    ("Ana Duarte emphasized the checkpoint was never breached.", "the checkpoint was never breached", "emphasized"),
    ("Ana Duarte warned that more attacks were likely.", "more attacks were likely", "warned"),
    ("Ana Duarte urged residents to stay indoors.", "residents to stay indoors", "urged"),
    ("Ana Duarte accused the smugglers of bribing a guard.", "the smugglers of bribing a guard", "accused"),
    ("Ana Duarte denied taking bribes.", "taking bribes", "denied"),
])
def test_reporting_verbs_and_their_content(sentence: str, text: str, cue: str) -> None:
    found = quotes_of(sentence)
    assert [(q.kind, q.text, q.cue, q.speaker.name) for q in found] == [("indirect", text, cue, "Ana Duarte")]


def test_attribution_after_the_content() -> None:
    found = quotes_of("Harder questions on fishing rights would wait for a second round, Trade Secretary Helen Park said.")
    assert [(q.text, q.speaker.name) for q in found] == [("Harder questions on fishing rights would wait for a second round",
                                                         "Helen Park")]


def test_according_to_gives_the_clause_before_it() -> None:
    found = quotes_of("The ferry was 40 years old and had failed two inspections, according to the Greek coast guard.")
    assert [(q.text, q.cue, q.speaker.name) for q in found] == [
        ("The ferry was 40 years old and had failed two inspections", "according to", "the Greek coast guard")]


def test_according_to_is_not_a_second_speaker_when_one_is_named() -> None:
    found = quotes_of("Lena Brandt, a nurse, said she was on a night shift when the roof fell, according to The Irish Times.")
    assert [(q.text, q.speaker.name) for q in found] == [("she was on a night shift when the roof fell", "Lena Brandt")]


def test_organisation_speaks_in_a_statement() -> None:
    found = quotes_of("Greenpeace said in a statement on its website that the permit had been revoked.")
    assert [(q.text, q.speaker.name) for q in found] == [("the permit had been revoked", "Greenpeace")]
    assert found[0].speaker.entity_id is not None


def test_passive_report_without_an_agent_names_nobody() -> None:
    assert quotes_of("The mayor was accused of fraud and suspended.") == []


# --- speakers ----------------------------------------------------------------------------------------
def test_titles_and_descriptions_resolve_to_the_name_introduced_with_them() -> None:
    found = by_text(quotes_of(
        "Fatah chief Ismail Haniyeh met Iranian Foreign Minister Abbas Araghchi in Tehran on Tuesday.\n\n"
        "The Fatah leader said the prisoner talks were moving. Iran’s foreign minister told reporters that "
        "Tehran backed the mediators."
    ))
    assert found["the prisoner talks were moving"].speaker.name == "Ismail Haniyeh"
    assert found["the prisoner talks were moving"].speaker.mention.text == "The Fatah leader"  # type: ignore[union-attr]
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
    found = quotes_of("A European Commission official said the bloc had seen no formal bid. "
                      "The talks would resume in June, the official said.")
    assert [q.speaker.name for q in found] == ["A European Commission official", "A European Commission official"]


def test_the_statement_speaks_for_whoever_issued_it() -> None:
    found = quotes_of("North Korea’s Foreign Ministry announced the closure on Saturday.\n\n"
                      "“All tunnels will be collapsed by explosion,” said the announcement.")
    assert found[0].speaker.name == "North Korea’s Foreign Ministry"


def test_words_inside_a_quote_are_not_attributions() -> None:
    found = quotes_of("“The driver told us to hold on, and then the bus tipped over,” said Amina Yusuf, a passenger.")
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


def test_a_reporting_verb_in_another_sense_does_not_silence_the_cue_above_it() -> None:
    found = quotes_of("Valdor Appliances said Monday it would recall 90,000 kettles with faulty switches. "
                      "The manufacturer said it had confirmed three fires.")
    assert [(q.text, q.speaker.name) for q in found] == [
        ("it would recall 90,000 kettles with faulty switches", "Valdor Appliances"),
        ("it had confirmed three fires", "Valdor Appliances")]


def test_an_industry_noun_refers_back_to_the_company() -> None:
    found = quotes_of("Kestrel Motors halted two assembly lines on Friday. The carmaker said parts were running short.")
    assert [(q.text, q.speaker.name) for q in found] == [("parts were running short", "Kestrel Motors")]
