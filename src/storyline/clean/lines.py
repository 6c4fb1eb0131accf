"""Whole paragraphs that are page furniture, and the small inserts cut out of real paragraphs.

``line_kind`` names what a paragraph is when it is not prose (related link, caption, promo...);
the ``strip_*`` functions take an insert off a prose paragraph and return what they took.
"""

from __future__ import annotations

import re
from functools import cache

from storyline.clean import lexicon
from storyline.clean.text import ends_sentence, unbulleted, word_count

# most words a paragraph of each kind may have: longer ones are prose that happens to match
_MAX_WORDS = {"related-link": 30, "caption": 90, "notice": 30, "timestamp": 12, "correction": 80, "promo": 80}
_PROMO_WORDS = 40  # longest promo told by its phrases alone
_CODE_LINE = re.compile(r"^\((?:[A-Za-z0-9]{1,6}/){1,5}[A-Za-z0-9]{1,6}\)$|^[a-z]{2,4}(?:/[a-z]{2,4}){1,3}$")
# "(T/RE1/P2)" desk codes, and dpa-style initials "(ah/ipa)", at the end of a paragraph
_TRAILING_CODE = re.compile(r"\s*(\((?:[A-Za-z0-9]{1,6}/){2,5}[A-Za-z0-9]{1,6}\)|\([a-z]{2,4}/[a-z]{2,4}\))$")
# "© 2024 ...", "Copyright 2024 The Associated Press", "copyright Inexhibit 2019": not "Copyright law ..."
_COPYRIGHT = re.compile(r"^(?:[©ⓒ]|\(c\)\s|copyright\s*[©ⓒ]|copyright\b\W*(?:\S+\s+){0,3}?(?:19|20)\d{2}\b)", re.IGNORECASE)
_EMAIL_LAST = re.compile(r"@[\w-]+\.[\w.]+$")
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$|^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}/\S*$")
_SHORTCODE = re.compile(r"^\[\w+\b[^\]]*\].*\[/\w+\]$")  # a WordPress "[button ...]...[/button]" left as text
_LINK_DOMAIN = re.compile(r"^(?:also|more|read more|read) on [\w-]+\.(?:com|net|org|co\.uk|io|news)\b", re.IGNORECASE)
_GLUED = re.compile(r"(?<=[a-z0-9.!?”’\"])(?=[A-Z][a-z])")
# "Hang Seng Index .HSI", "Cathay Pacific (0293.HK)": Reuters instrument codes
_TICKER = re.compile(
    r"\s?\((?:[A-Z0-9]{2,8}(?:_[a-z])?\.[A-Z]{1,3}|\.[A-Z][A-Z0-9]{1,7})(?:,\s*[A-Z0-9.]+)*\)"
    r"|\s\.(?!NET\b|COM\b|ORG\b)[A-Z][A-Z0-9]{1,7}(?=[\s,;:)]|\.\s|\.$|$)"
)
# "Updated at 10 a.m. Eastern time: The siege ended..." (a time may hold colons: "10:30")
_UPDATED_PREFIX = re.compile(r"^(?:Last )?(?:Updated?|UPDATED?)\b(?:[^:\n]|:\d){0,50}:\s+(?=\S)")
_WITH_AGENCY = re.compile(r"\s*[(\[](?:[Ww]ith|[Ww]ith files from|[Ss]ource:?) (?P<who>[^()\[\]]{2,60})[)\]]$")


def line_kind(paragraph: str) -> str | None:
    """What a whole paragraph is when it is not article prose, or None when it is prose."""
    line = unbulleted(paragraph)
    words = word_count(line)
    for check in (_phrase_kind, _shape_kind, _promo_kind):
        kind = check(line, words)
        if kind:
            return kind
    return None


def _phrase_kind(line: str, words: int) -> str | None:
    for rule in lexicon.line_rules():
        if words <= _MAX_WORDS.get(rule.kind, 40) and rule.pattern.search(line):
            return rule.kind
    if words <= _MAX_WORDS["related-link"] and _LINK_DOMAIN.match(line):
        return "related-link"
    return None


def _shape_kind(line: str, words: int) -> str | None:
    if not re.search(r"[^\W\d_]", line):
        return "artifact" if re.search(r"\d", line) else "separator"
    if _CODE_LINE.match(line):
        return "agency-code"
    if words <= 40 and _COPYRIGHT.match(line):
        return "signature"
    if words <= 8 and lexicon.find_agency(line.strip(" -–—*")) is not None:
        return "signature"  # "Mi’raj News Agency (MINA)", "— AFP" closing the copy
    if words <= 15 and _EMAIL.search(line) and (not ends_sentence(line) or _EMAIL_LAST.search(line)):
        return "signature"  # "Write to Al Root at al.root@example.com", not a sentence that gives an address
    if _URL_LINE.match(line) or _SHORTCODE.match(line):
        return "artifact"
    if words <= 12 and _is_timestamp(line):
        return "timestamp"
    if words <= _MAX_WORDS["caption"] and not ends_sentence(line) and (_photo_credit().search(line) or "©" in line):
        return "caption"  # a closing photo credit, or a copyright mark in a line that is not prose
    return None


def _is_timestamp(line: str) -> bool:
    """'Thu 14 Sep 2023 17.20 BST', 'Published: 12/07/2024 10:31': only date and time words."""
    tokens = re.findall(r"[^\W\d_]+\.?|\d+", line.casefold())
    words = lexicon.words("clean_timestamp_words")
    return (
        any(t.isdigit() for t in tokens)
        and any(not t.isdigit() for t in tokens)
        and all(t.isdigit() or t.rstrip(".") in words for t in tokens)
    )


def _promo_kind(line: str, words: int) -> str | None:
    if words > _PROMO_WORDS:
        return None
    hits = lexicon.phrases_in(line, "clean_promo")
    first = line.split(" ", 1)[0].strip("?!.,").casefold()
    imperative = first in lexicon.words("clean_promo_verbs")
    if len(hits) >= 2 or (imperative and (hits or _URL.search(line))):
        return "promo"  # "Follow AP's coverage of France at https://..." too
    return None


@cache
def _photo_credit() -> re.Pattern[str]:
    # "... REUTERS/Akhtar Soomro", "Kin Cheung/AP", "Pool via Reuters": a caption's closing credit
    names = lexicon.agency_pattern()
    person = r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}"
    return re.compile(rf"(?:\b(?:{names})/{person}|\b{person}/(?:{names})|\bvia (?:{names}))(?:,? (?:File|Pool))?\)?$")


def strip_trailing_code(paragraph: str) -> tuple[str, str | None]:
    """'... said the UN. (T/RE1/P2)' -> ('... said the UN.', '(T/RE1/P2)')."""
    m = _TRAILING_CODE.search(paragraph)
    if not m or m.start() == 0:
        return paragraph, None
    return paragraph[: m.start()], m.group(1)


def strip_tickers(paragraph: str) -> tuple[str, list[str]]:
    """Instrument codes out of a sentence: 'Cathay Pacific (0293.HK) has' -> 'Cathay Pacific has'."""
    found = [m.group(0).strip() for m in _TICKER.finditer(paragraph)]
    return (_TICKER.sub("", paragraph), found) if found else (paragraph, [])


def strip_updated_prefix(paragraph: str) -> tuple[str, str | None]:
    """'Updated at 10 a.m. ET: The siege ended...' -> ('The siege ended...', 'Updated at 10 a.m. ET:')."""
    m = _UPDATED_PREFIX.match(paragraph)
    if not m or m.end() >= len(paragraph):
        return paragraph, None
    return paragraph[m.end() :], m.group(0).strip()


def strip_with_agency(paragraph: str) -> tuple[str, str | None, str | None]:
    """'... on Monday. (with AFP)' -> (text, '(with AFP)', 'AFP'): a closing credit to other agencies."""
    m = _WITH_AGENCY.search(paragraph)
    if not m or m.start() == 0:
        return paragraph, None, None
    return paragraph[: m.start()], m.group(0).strip(), m.group("who")


def split_glued_link(paragraph: str) -> tuple[str, str] | None:
    """A related-link headline glued to the next paragraph ('...elementsAn AP journalist said'): split it."""
    if _phrase_kind(paragraph, 0) != "related-link":
        return None
    for m in _GLUED.finditer(paragraph):
        head, rest = paragraph[: m.start()], paragraph[m.start() :]
        if word_count(head) <= _MAX_WORDS["related-link"] and word_count(rest) >= 8 and ends_sentence(rest):
            return head, rest
    return None
