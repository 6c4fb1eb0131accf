"""Reading amounts: digits, number words, "1.2 million", "85 per cent", "$50bn", ranges, vague counts.

Requires: a tokenized ``Doc``. Gives: :class:`Amount` items (token positions, value, qualifier,
unit) for every number in a stretch of tokens; which of them are figures is decided elsewhere.
Word lists: ``data/figure_number_words.txt``, ``figure_vague_counts.txt``,
``figure_qualifiers.txt``, ``figure_units.txt``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc

from storyline.resources import word_list

EXACT = "exact"
RANGE = EXACT  # a range says its bounds exactly: value and value_max
VAGUE = "at least"  # ACLED's reading of "dozens", "hundreds", ...
# digits with an optional currency sign and scale written on ("HK$20", "50bn", "38,600", "26.4")
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_DIGITS = re.compile(rf"^(?P<cur>[A-Za-z]{{0,3}}[$€£¥₹₪₽₺₦]|RM|Rs|Rp)?(?P<num>{_NUM})(?P<suf>[A-Za-z]{{1,3}})?\.?$")
_JOINED_RANGE = re.compile(rf"^(?P<low>{_NUM})(?P<pct>%?)[-–](?P<top>{_NUM})%?$")  # "4.25%-4.50"
_RANGE_LINKS = {"to", "-", "–", "—", "and", "or"}
_AFTER_A = {"dozen", "hundred", "thousand", "million", "billion", "half"}  # "a dozen", "a half-dozen"


@dataclass(frozen=True)
class Amount:
    """One number as written; token positions are ``Doc`` indices, ``end`` exclusive."""

    start: int  # first token, qualifier and currency sign included
    end: int  # one past the last token, unit and range included
    core_start: int  # the number's own first token
    core_end: int
    value: float
    value_max: float | None = None
    qualifier: str = EXACT
    unit: str | None = None  # percent, USD, tonnes... when the amount itself says it
    unit_kind: str | None = None  # prefix, money, percent, measure, skip, compound
    vague: bool = False
    tally: bool = False  # one side of "a vote of 44 to 40"
    scaled: bool = False  # "million", "bn": read a range's low end on the same scale


def rows(name: str) -> list[tuple[str, ...]]:
    """Lines of a ``word | field | field`` data file, split and stripped."""
    return [tuple(field.strip() for field in line.split("|")) for line in word_list(name)]


@cache
def number_words() -> dict[str, tuple[float, str]]:
    return {word: (float(value), kind) for word, value, kind in rows("figure_number_words")}


@cache
def vague_counts() -> dict[str, list[tuple[tuple[str, ...], float, bool]]]:
    """First word -> (phrase, value, needs "of"), longest phrase first."""
    found: dict[str, list[tuple[tuple[str, ...], float, bool]]] = {}
    for phrase, value, needs in rows("figure_vague_counts"):
        words = tuple(phrase.split())
        found.setdefault(words[0], []).append((words, float(value), needs == "of"))
    return {first: sorted(items, key=lambda item: -len(item[0])) for first, items in found.items()}


@cache
def qualifiers(where: str) -> dict[tuple[str, ...], str]:
    return {tuple(phrase.split()): canonical for phrase, canonical, at in rows("figure_qualifiers") if at == where}


@cache
def units() -> list[tuple[tuple[str, ...], str, str]]:
    """(words, unit, kind), longest first."""
    found = [(tuple(words.split()), unit, kind) for words, unit, kind in rows("figure_units")]
    return sorted(found, key=lambda item: -len(item[0]))


@cache
def units_after() -> dict[str, list[tuple[tuple[str, ...], str, str]]]:
    """First word -> units written after a number, longest first."""
    found: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
    for words, unit, kind in units():
        if kind != "prefix":
            found.setdefault(words[0], []).append((words, unit, kind))
    return found


@cache
def _starters() -> frozenset[str]:
    """Words a number can start with."""
    return frozenset(set(number_words()) | set(vague_counts()) | set(_prefixes()) | {"a", "an", "both"})


@cache
def _prefixes() -> dict[str, str]:
    return {words[0]: unit for words, unit, kind in units() if kind == "prefix"}


def find_amounts(doc: Doc, lo: int, hi: int) -> list[Amount]:
    """Every amount whose tokens lie in ``doc[lo:hi]`` (a sentence), in order."""
    found: list[Amount] = []
    i = lo
    starters = _starters()
    while i < hi:
        token = doc[i]
        text = token.text
        if not (text[:1].isdigit() or token.lower_ in starters or text[:1] in "$€£¥₹₪₽₺₦"
                or (text[:2] in ("RM", "Rs", "Rp") and _DIGITS.match(text))):
            i += 1
            continue
        read = _read_amount(doc, i, hi)
        if not read:
            i += 1
            continue
        found.extend(read)
        i = read[-1].end
    return found


def _read_amount(doc: Doc, i: int, hi: int) -> list[Amount]:
    joined = _JOINED_RANGE.match(doc[i].text)
    if joined:
        low, top = (float(joined.group(g).replace(",", "")) for g in ("low", "top"))
        if top > low:
            amount = Amount(i, i + 1, i, i + 1, low, value_max=top, unit="percent" if joined.group("pct") else None,
                            unit_kind="percent" if joined.group("pct") else None)
            return [_with_qualifier(doc, _with_unit(doc, amount, hi))]
    fraction = _read_fraction(doc, i, hi)
    if fraction is not None:
        return [_with_qualifier(doc, fraction)]
    core = _read_core(doc, i, hi)
    if core is None:
        return []
    value, end, currency, scaled, vague = core
    cur_start = i
    if currency is None and i > 0 and (prefix := _prefix_unit(doc[i - 1].lower_)):
        currency, cur_start = prefix, i - 1
    amount = Amount(cur_start, end, i, end, value, unit=currency, unit_kind="prefix" if currency else None,
                    vague=vague, qualifier=VAGUE if vague else EXACT, scaled=scaled)
    amount = _with_unit(doc, amount, hi)
    amount = _with_qualifier(doc, amount)
    return _with_range(doc, amount, hi)


def _read_core(doc: Doc, i: int, hi: int) -> tuple[float, int, str | None, bool, bool] | None:
    """(value, end, currency, scaled, vague) of the number starting at token ``i``."""
    vague = _read_vague(doc, i, hi)
    if vague:
        return vague[0], vague[1], None, True, True
    digits = _read_digits(doc, i, hi)
    if digits:
        return digits[0], digits[1], digits[2], digits[3], False
    words = _read_words(doc, i, hi)
    if words:
        return words[0], words[1], None, words[2], False
    return None


def _read_vague(doc: Doc, i: int, hi: int) -> tuple[float, int] | None:
    for phrase, value, needs_of in vague_counts().get(doc[i].lower_, ()):
        end = i + len(phrase)
        if end <= hi and tuple(t.lower_ for t in doc[i:end]) == phrase:
            if needs_of and (end >= hi or doc[end].lower_ != "of"):
                return None
            return value, end
    return None


def _read_digits(doc: Doc, i: int, hi: int) -> tuple[float, int, str | None, bool] | None:
    m = _DIGITS.match(doc[i].text)
    if not m or _looks_like_code(m.group("num")):
        return None
    value = float(m.group("num").replace(",", ""))
    currency = _prefix_unit(m.group("cur").lower()) if m.group("cur") else None
    scaled = False
    if m.group("suf"):
        scale = _scale(m.group("suf").lower(), money=currency is not None or _after_currency(doc, i))
        if scale is None:
            return None  # "5pm", "37,000ft", "14th"
        value, scaled = value * scale, True
    end = i + 1
    while end < hi and (scale := _scale(doc[end].lower_, money=currency is not None or _after_currency(doc, i))):
        value, scaled, end = value * scale, True, end + 1
    return value, end, currency, scaled


def _looks_like_code(num: str) -> bool:
    """Identifiers, not quantities: "0293", "180418080944584"."""
    plain = num.replace(",", "").split(".")[0]
    return (len(plain) > 1 and plain.startswith("0")) or ("," not in num and len(plain) > 7)


def _scale(word: str, *, money: bool) -> float | None:
    value, kind = number_words().get(word.rstrip("."), (0.0, ""))
    if (kind == "scale" and word != "dozen") or kind == "suffix" or (kind == "money-suffix" and money):
        return value
    return None


def _after_currency(doc: Doc, i: int) -> bool:
    return i > 0 and _prefix_unit(doc[i - 1].lower_) is not None


def _prefix_unit(word: str) -> str | None:
    return _prefixes().get(word)


def _read_words(doc: Doc, i: int, hi: int) -> tuple[float, int, bool] | None:
    """Spelled-out numbers: "seventeen", "twenty-five", "two dozen", "a half-dozen", "both of"."""
    words = number_words()
    first = doc[i].lower_
    if first == "both":
        return (2.0, i + 1, False) if i + 1 < hi and doc[i + 1].lower_ == "of" else None
    j, factor = i, 1.0
    if first in ("a", "an") and i + 1 < hi and doc[i + 1].lower_ in _AFTER_A:
        j += 1
    if j < hi and doc[j].lower_ == "half" and j + 1 < hi and doc[j + 1].lower_ in ("a", "-", "dozen", "million", "billion"):
        factor, j = 0.5, j + 1
        while j < hi and doc[j].lower_ in ("a", "-"):
            j += 1
    total, current, end, scaled = 0.0, 0.0, j, False
    while j < hi:
        word = doc[j].lower_
        value, kind = words.get(word, (0.0, ""))
        if kind in ("unit", "ten"):
            current, end = current + value, j + 1
        elif kind == "scale" and (i < end == j or (j > i and doc[j - 1].lower_ in ("a", "an", "-"))):
            current = max(current, 1.0) * value
            scaled, end = word != "dozen", j + 1
            if value >= 1000:
                total, current = total + current, 0.0
        elif not (word in ("-", "and") and i < end == j and j + 1 < hi and doc[j + 1].lower_ in words):
            break
        j += 1
    if end == i or (end == i + 1 and first in ("a", "an")) or (total + current) == 0:
        return None
    return (total + current) * factor, end, scaled


def _read_fraction(doc: Doc, i: int, hi: int) -> Amount | None:
    """ "a quarter of a percentage point" (0.25 points), "two-thirds of voters" (66.7 percent)."""
    j, count = i, 1.0
    words = number_words()
    if doc[j].lower_ in ("a", "an", "one"):
        j += 1
    elif words.get(doc[j].lower_, (0.0, ""))[1] == "unit":
        count, j = words[doc[j].lower_][0], j + 1 + (j + 1 < hi and doc[j + 1].text == "-")
    if j >= hi or words.get(doc[j].lower_, (0.0, ""))[1] != "fraction":
        return None
    value, end = count * words[doc[j].lower_][0], j + 1
    after = [t.lower_ for t in doc[end:min(hi, end + 3)]]
    if after[:2] in (["of", "a"], ["a", "percentage"]) and "percentage" in after:
        return Amount(i, end + after.index("percentage") + 2, i, end, value, unit="percentage points", unit_kind="percent")
    if after[:1] == ["of"]:
        return Amount(i, end, i, end, round(value * 100, 1), unit="percent", unit_kind="percent")
    return None


def _with_unit(doc: Doc, amount: Amount, hi: int) -> Amount:
    """The unit written after the number: "per cent", "euros", "miles"; "-minute" compounds."""
    end = amount.end
    if end + 1 < hi and doc[end].text == "-" and doc[end + 1].is_alpha:
        word = doc[end + 1].lower_
        if word == "strong":  # "a 5,000-strong crowd"
            return replace(amount, end=end + 2, unit="people")
        if word not in ("plus",) and word not in number_words():
            return replace(amount, unit=word, unit_kind="compound")
    if end >= hi:
        return amount
    for words, unit, kind in units_after().get(doc[end].lower_, ()):
        if tuple(t.lower_ for t in doc[end:min(hi, end + len(words))]) != words:
            continue
        if kind in ("money", "percent") and amount.unit_kind == "prefix":
            return replace(amount, end=end + len(words))  # "$5 dollars": the sign already said it
        return replace(amount, end=end + len(words), unit=unit, unit_kind=kind)
    return amount


def _with_qualifier(doc: Doc, amount: Amount) -> Amount:
    start = amount.start
    for n in (4, 3, 2, 1):
        if start - n < 0:
            continue
        phrase = tuple(t.lower_ for t in doc[start - n:start])
        if phrase in qualifiers("before"):
            amount = replace(amount, start=start - n, qualifier=qualifiers("before")[phrase])
            break
    end = amount.end
    if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ == "plus":  # "200-plus"
        return replace(amount, end=end + 2, qualifier=qualifiers("after")[("plus",)])
    for n in (2, 1):
        phrase = tuple(t.lower_ for t in doc[end:end + n])
        if len(phrase) == n and phrase in qualifiers("after"):
            return replace(amount, end=end + n, qualifier=qualifiers("after")[phrase])
    return amount


def _with_range(doc: Doc, low: Amount, hi: int) -> list[Amount]:
    """ "between 20 and 30", "20-30", "two or three"; "44 to 40" is a tally: two amounts."""
    link = low.end
    if link + 1 >= hi or doc[link].lower_ not in _RANGE_LINKS:
        return [low]
    before = doc[low.start - 1].lower_ if low.start > 0 else ""
    if doc[link].lower_ == "and" and before != "between":
        return [low]
    sign = _prefix_unit(doc[link + 1].lower_)
    start = link + 1 + (sign is not None)
    core = _read_core(doc, start, hi)
    if core is None or core[4]:
        return [low]
    sign = sign or core[2]
    top = _with_unit(doc, Amount(start, core[1], start, core[1], core[0], unit=sign, unit_kind="prefix" if sign else None,
                                 scaled=core[3]), hi)
    value = _on_scale_of(doc, low, top)
    if low.unit and top.unit and low.unit != top.unit:
        return [low]  # "rose 112% to $30.8 billion": a change, then a level
    unit, kind = low.unit or top.unit, low.unit_kind or top.unit_kind
    if top.value > value:
        qualifier = RANGE if before in ("between", "from") or low.qualifier == EXACT else low.qualifier
        start_at = low.start - 1 if before in ("between", "from") else low.start
        return [replace(low, start=start_at, end=top.end, value=value, value_max=top.value,
                        qualifier=qualifier, unit=unit, unit_kind=kind)]
    if doc[link].lower_ == "to" and top.value < low.value:
        return [replace(low, end=top.end, tally=True), replace(top, start=low.start, tally=True)]
    if doc[link].text in ("-", "–") and top.value < low.value:
        return [replace(low, end=top.end, unit_kind="skip")]  # a score ("3-1") or a model ("737-201")
    return [low]


def _on_scale_of(doc: Doc, low: Amount, top: Amount) -> float:
    """The low end of "20 to 30 million" is 20 million."""
    if low.scaled or not top.scaled or low.value >= top.value:
        return low.value
    m = _DIGITS.match(doc[top.core_start].text)
    words = _read_words(doc, top.core_start, top.core_start + 1)
    first = float(m.group("num").replace(",", "")) if m and not m.group("suf") else (words[0] if words else 0.0)
    scaled = low.value * top.value / first if first else low.value
    return scaled if scaled < top.value else low.value
