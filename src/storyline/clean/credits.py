"""Other news organisations the copy relies on: "..., Anadolu Agency reports", "according to Reuters",
"told AFP news agency", "state news agency Mena said", "The AP reports". The sentences stay in the body.

A bare "X said" is not a credit: state media announcing a decision are the news, not a source of it,
unless the text itself presents them as an agency ("news agency Mena said"). Outlets missing from
agencies.tsv are credited only when the text says what they are: "broadcaster Suspilne reported",
"the state-run Global New Light of Myanmar reported", "told TF1 television", "told KTLA-TV".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from storyline.clean import lexicon
from storyline.model import Credit

_BEFORE = (
    r"(?:according to|told|telling|citing|cited by|quoting|quoted by|reported by|obtained by|seen by|"
    r"in an interview with|in a statement to|speaking to|spoke to|talking to|talked to|interviewed by)"
)
_AFTER = r"(?:reported|reports|reporting|has reported|had reported|cited|quoted|notes|noted|contributed|news agency)"
_MEDIA = (
    r"(?:news agency|press agency|agency|broadcaster|channel|television|TV|network|newspaper|daily|radio|"
    r"wire service|news outlet|outlet|website)"
)
_QUALIFIER = r"(?:(?:state|state-run|state-owned|official|semi-official|government|national|private|local|public|news)\s+)*"
_VERB = r"(?:reported|reports|said|says|quoted|cited|broadcast|aired|published|carried|showed)"
_NAMING_MEDIA = r"(?:news agency|broadcaster|newspaper|daily|channel|television|TV|radio)"  # "broadcaster Suspilne"
_STATE_RUN = r"(?:state-run|state-owned|state-controlled|government-run|pro-government|semi-official)"
_UNKNOWN = r"(?P<m>[A-Z][\w'’-]+(?: (?:of |the |de )?[A-Z][\w'’-]+){0,5})"
# call letters and channel names: "KTLA-TV", "TF1" followed by "television"
_STATION = r"(?P<m>[A-Z][A-Z0-9]+-(?:TV|FM|AM)|[A-Z][A-Z0-9]+(?= (?:television|TV|radio)\b))"


@lru_cache(maxsize=4096)  # keyed by the agency names a paragraph holds: bounded for a long-running server
def _known_patterns(aliases: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """The credit forms for the agencies whose names a paragraph holds (a short alternation is fast)."""
    names = "|".join(re.escape(a) for a in aliases)
    name = rf"(?:(?:the|The)\s+)?(?P<m>{names})(?![\w/])"
    return (
        re.compile(rf"\b{_BEFORE}\s+{name}"),
        re.compile(rf"(?<![\w/]){name},?\s+{_AFTER}\b"),
        re.compile(rf"\b{_QUALIFIER}{_MEDIA},?\s+{name}"),
    )


_UNKNOWN_PATTERNS = (
    re.compile(rf"\b{_NAMING_MEDIA},?\s+{_UNKNOWN},?\s+{_VERB}\b"),
    re.compile(rf"\b{_STATE_RUN}\s+{_UNKNOWN}\s+{_VERB}\b"),
    re.compile(rf"\b{_BEFORE}\s+(?:the\s+)?{_STATION}"),
)


def find_credits(paragraphs: Iterable[str], *, own: set[str]) -> list[Credit]:
    """Credits in the body, one per organisation, leaving out the copy's own (``own``: agency names)."""
    found: dict[str, Credit] = {}
    for paragraph in paragraphs:
        aliases = lexicon.aliases_in(paragraph)
        for pattern in (*(_known_patterns(aliases) if aliases else ()), *_UNKNOWN_PATTERNS):
            for m in pattern.finditer(paragraph):
                name = credit_name(m.group("m"))
                if name and name not in own and name not in found:
                    found[name] = Credit(agency=name, text=m.group(0).strip())
    return list(found.values())


def credit_name(written: str) -> str | None:
    """The name to report for a written mention ("The AP" -> "Associated Press"); None for photo agencies."""
    agency = lexicon.find_agency(written)
    if agency is None:
        return written.strip()
    return None if agency.kind == "photo" else agency.name
