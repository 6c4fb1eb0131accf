"""An undated article's window narrows when another stored article dates the start it counts from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from storyline.batch.run import ingest
from storyline.config import Settings
from storyline.model import RawInput
from storyline.store import open_store
from tests.conftest import SEEDS, need

UNDATED = (
    "By Rana Odeh\nAMMAN (Levant Wire) – Jordan's foreign minister met aid agencies on Sunday to press for more "
    "crossings into the enclave, under siege since the Oct. 7 attack.\n\nMore than nine months into the war, most "
    "of the territory's people are displaced."
)
DATING = (
    "CAIRO (Nile Wire) – Egyptian mediators said on Thursday that talks would resume next week. The war began "
    "on October 7, 2023, when Hamas fighters crossed into southern Israel."
)


def _published(db: Path, doc_id: str) -> tuple[str | None, tuple[str, str] | None]:
    store = open_store(str(db))
    doc = store.get(doc_id)
    store.close()
    assert doc is not None
    return doc.published.date, doc.published.window


def test_a_stated_start_narrows_the_window_to_real_dates(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    store = open_store(str(db))
    ingest([RawInput(origin="a", text=UNDATED, id="undated")], store, Settings())
    date, window = _published(db, "undated")
    assert date is None and window and window[0].startswith("XXXX")  # yearless on its own
    ingest([RawInput(origin="b", text=DATING, id="dating", published="2024-07-25")], store, Settings())
    store.close()
    date, window = _published(db, "undated")
    assert date is None and window is not None
    lo, hi = (dt.date.fromisoformat(d) for d in window)
    assert lo.weekday() == hi.weekday() == 6  # Sundays only
    assert dt.date(2024, 7, 7) < lo <= hi < dt.date(2024, 8, 8)


def test_the_seeds_narrow_as_the_gold_says(tmp_path: Path) -> None:
    need(SEEDS)
    store = open_store(str(tmp_path / "s.db"))
    for name in ("wire-aa-haniyeh-pezeshkian-call", "wire-mina-haniyeh-tehran-visit"):
        text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
        ingest([RawInput(origin=name, text=text, id=name)], store, Settings())
    store.close()
    assert _published(tmp_path / "s.db", "wire-aa-haniyeh-pezeshkian-call") == (None, ("2024-07-14", "2024-08-04"))
    assert _published(tmp_path / "s.db", "wire-mina-haniyeh-tehran-visit")[0] == "2024-03-26"
