"""Events: who did what to whom, where and when, from sentences written by the team."""

from __future__ import annotations

from storyline.model import RawInput

TEXT = (
    "Egyptian Foreign Minister Amal Nasser spoke by phone on Monday with her Jordanian counterpart Karim Haddad "
    "about the aid corridor.\n\n"
    "Nasser arrived in Amman on Tuesday for two days of talks.\n\n"
    "The two ministers signed an agreement on water sharing.\n\n"
    "Rebel fighters attacked an army checkpoint near Kassala overnight, the army said."
)


def test_call_visit_agreement_attack(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = pipeline.extract(RawInput(origin="t", text=TEXT, published="2024-05-08"))
    events = {e.type: e for e in doc.events}
    assert events["call"].actors == ("Amal Nasser",)
    assert events["call"].targets == ("Karim Haddad",)
    assert events["call"].date == "2024-05-08" or events["call"].date.startswith("2024-05")
    assert events["visit"].place == "Amman"
    assert "agreement" in events
    attack = events["attack"]
    assert attack.actors == ("Rebel fighters",) and attack.targets == ("an army checkpoint",)
    for e in doc.events:
        assert doc.body[e.start:e.end] == e.text
