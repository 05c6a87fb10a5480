"""Ownership stated of a sentence's subject, and the subject of a Wikipedia-style article.

An encyclopaedia article opens by defining its topic ("Velmora Weekly is a Belgian
magazine ...") and then speaks of it as "it", "the magazine", "the company". A sentence whose
subject is a name, "it" or such a description may state who owns that subject after a
parenthesis or an apposition the pair phrasings of
:mod:`~claimgraph.extraction._ownership_patterns` cannot skip:

- "X ( ... ) is owned by Y", "X, named until 1994 as Z, is a subsidiary of Y";
- "The magazine is owned by Y", "The station is branded as Z and is owned by Y";
- "It is one of the titles owned by Y", "Originally by Z, it was later acquired by Y";
- "X became part of Y", "X is the flagship of Y", "X is a command of Y";
- "The parent company, Y, ..." and "Its owner is Y";
- "It comprises A, B and C" (the subject owns each).

"It" and a description ("the magazine") stand for the article's subject only when the article
opens by defining it (:func:`article_subject`); a news story that opens otherwise keeps them
unresolved. The subject is typed an organisation when the definition's noun names an
organisation or a product (``thing_nouns`` in ``data/relations.yaml``): spaCy's small model
often takes a magazine's or a company's name for a person's.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Iterator

from spacy.tokens import Doc

from claimgraph.extraction._doctext import doc_text
from claimgraph.extraction._entities import Ent
from claimgraph.extraction._ownership_patterns import (
    ADV,
    ANY_OWNER,
    BE,
    COMPANY,
    DESC,
    FULLY,
    NOT_OWNERS,
    OWNED_TYPES,
    PART,
    PARTS,
    relation_words,
    relations_data,
)
from claimgraph.records import Span

__all__ = ["SubjectClaim", "article_subject", "listed_after", "subject_ownership"]

Mention = tuple[Span, Ent]
SubjectClaim = tuple[Ent, Ent, Span, bool]
"""``(owner, owned, evidence, coordinated)``: ``coordinated`` when the mentions coordinated
after the owned are owned too ("It comprises A, B and C")."""

THING_NOUNS = relation_words("thing_nouns")

# Within one sentence: a dot is an abbreviation's or a number's ("U.S.", "101.5").
_PAREN = r"(?:\s*\([^()]{0,120}\))?"
_APPOS = r"(?:\s*,[^;]{0,140}?,)?"
_OPENING = re.compile(rf"^{_PAREN}{_APPOS}\s*(?:is|was|are|were)\s+(?P<def>[^;]{{0,120}})", re.I)
_LEAD = (
    r"(?:[^,;]{1,60}?,\s+|(?:in|since|from|by|until|after|before|during|on|originally|later|"
    r"then|today|now|currently|alongside|like)\b[^,;]{0,60}?\s+)?"
)
_PASSIVE = (
    r"(?:owned|acquired|bought|purchased|taken\s+over|operated|owned\s+and\s+operated|"
    r"operated\s+and\s+owned)"
)
_PLURAL_PART = rf"(?:{PART}|{PARTS})"
_PREDICATES: tuple[tuple[str, frozenset[str], bool], ...] = (
    # "is owned by Y", "is branded as Z and is owned by Y", "was later acquired by Y"
    (
        rf"(?:[^;]{{0,80}}?\s(?:and|but)\s+)?(?:{BE}\s+)?{ADV}{FULLY}{_PASSIVE}"
        rf"(?:\s+under\s+contract)?\s+by\s+{DESC}",
        ANY_OWNER,
        False,
    ),
    # "is a Belgian magazine owned by Y", "is one of the flagship titles owned by Y"
    (
        rf"{BE}\s+{ADV}(?:a|an|the|one\s+of\s+the)\s+[^,.;()]{{0,60}}?\s+"
        rf"{FULLY}{_PASSIVE}\s+by\s+{DESC}",
        ANY_OWNER,
        False,
    ),
    # "is a brand name of fabric softener produced by Y", "is a magazine published by Y"
    (
        rf"{BE}\s+{ADV}(?:a|an|the|one\s+of\s+the)\s+[^;()]{{0,60}}?\s+(?:also\s+)?"
        rf"(?:produced|manufactured|marketed|published|developed)\s+by\s+{DESC}",
        COMPANY,
        False,
    ),
    # "is a subsidiary of Y", "is the flagship of the nationwide Y", "was a command of the Y"
    (
        rf"{BE}\s+{ADV}(?:(?:a|an|the|one\s+of\s+the)\s+)?{DESC}{_PLURAL_PART}"
        rf"\s+of\s+{DESC}",
        COMPANY,
        False,
    ),
    # "became part of the Y Group", "is part of Y's company"
    (rf"{BE}\s+{ADV}(?:a\s+)?part\s+of\s+{DESC}", COMPANY, False),
    # "belongs to Y", "was sold to Y"
    (rf"(?:{BE}\s+)?{ADV}(?:belongs|belonged|(?:was|were)\s+sold)\s+to\s+{DESC}", ANY_OWNER, False),
)
_OWNER_FIRST: tuple[tuple[str, frozenset[str], bool], ...] = (
    # "It comprises A, B and C"
    (r"\s+(?:comprises|comprised|consists\s+of|consisted\s+of)\s+(?:the\s+)?", COMPANY, True),
    # "It owns A", "It acquired A", "X has owned A since 2005, and acquired B in 2009"
    (
        rf"(?:[^;]*?(?:,\s*|\s)and)?\s+{ADV}(?:has\s+|had\s+)?{ADV}(?:owns|owned|acquired|"
        rf"bought|purchased)\s+{DESC}",
        COMPANY,
        True,
    ),
)
_ORG_NOUN = re.compile(
    rf"\b(?:{'|'.join(sorted(str(w) for w in relations_data()['org_nouns']))})\s+$", re.I
)
_PARENT_FIRST = re.compile(
    rf"^\W*(?:its|the)\s+(?:{FULLY}owner|parent(?:\s+(?:company|group|firm|organi[sz]ation))?)"
    r"\s*(?:,|is|was|\s)\s*(?:the\s+)?$",
    re.I,
)


def _compile(
    specs: tuple[tuple[str, frozenset[str], bool], ...], prefix: str
) -> tuple[tuple[re.Pattern[str], frozenset[str], bool], ...]:
    return tuple((re.compile(rf"^{prefix}(?:{p})$", re.I), o, c) for p, o, c in specs)


PREDICATES = _compile(_PREDICATES, rf"{_PAREN}{_APPOS}\s*")
OWNER_FIRST = _compile(_OWNER_FIRST, "")
_IT = re.compile(rf"^\W*{_LEAD}it\b(?=\s+(?!'s|’s))", re.I)
_THE = re.compile(rf"^\W*{_LEAD}(?:the|this)\s+(?P<noun>(?-i:[a-z]+))\b(?=\s+(?!'s|’s))", re.I)


Topic = tuple[Ent, frozenset[str]]
"""The article's subject and the words of its definition ("a Belgian magazine")."""
_COMPANY_NOUNS = relation_words("company_nouns")


def article_subject(doc: Doc, named: list[Mention]) -> Topic | None:
    """The entity a Wikipedia-style article opens by defining ("X ( ... ) is a ..."), else None.

    The subject is retyped an organisation when it was typed a person or a place and its
    definition names an organisation or a product ("is a Belgian magazine").
    """
    text = doc_text(doc)
    first = next(iter(doc.sents), None)
    if first is None or not named:
        return None
    opening = _opening_name(text, first.start_char, _Names(named), longer=True)
    if opening is None:
        return None
    ent, _, end = opening
    m = _OPENING.match(text[end : first.end_char])
    if m is None:
        return None
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", m.group("def"))[:8]}
    words |= {w[:-1] for w in words if w.endswith("s")}  # "one of its two airports"
    if ent.type in ("Person", "Place") and words & THING_NOUNS:
        ent.type = "Organization"
    if words & _COMPANY_NOUNS:
        words |= _COMPANY_NOUNS
    return (ent, frozenset(words & THING_NOUNS)) if ent.type in OWNED_TYPES else None


def _sentence_subject(
    text: str, start: int, names: _Names, topic: Topic | None
) -> tuple[Ent, int, int] | None:
    """The sentence's subject and where it starts and ends: a name opening the sentence, or
    "it" / "the <noun>" standing for the article's subject."""
    if topic is not None:
        short = _short_name(topic[0]).match(text, start)
        if short is not None:
            return topic[0], short.start(), short.end()
    opening = _opening_name(text, start, names)
    if topic is not None:  # "The Dunmore Kellan Business School" for the topic
        longer = _opening_name(text, start, names, longer=True)
        if longer is not None and longer[0] is topic[0]:
            opening = longer if opening is None or longer[2] >= opening[2] else opening
    if opening is not None:
        return opening
    if topic is None:
        return None
    head = text[start : start + 120]
    m = _IT.match(head)
    if m is None:
        m = _THE.match(head)
        if m is None or m.group("noun") not in topic[1]:
            return None
    return None if m is None else (topic[0], start + m.start(0), start + m.end(0))


_OPENER = re.compile(r"\W*(?:the\s+)?", re.I)
_CAPITALISED = re.compile(r"(?:[A-Z][\w.&-]*\s+){0,3}")
_WORD_STARTS = re.compile(r"(?<=\s)\S")


class _Names:
    """The names (and aliases) of the entities mentioned, by first character, in the order
    of the entities' first mentions: a sentence's opening is looked up, not compared with
    every name."""

    def __init__(self, named: list[Mention]) -> None:
        self.named = named
        self.starts = [span[0] for span, _ in named]
        self.ordered = all(a <= b for a, b in itertools.pairwise(self.starts))
        self.by_first: dict[str, list[tuple[int, Ent, str]]] = {}
        seen: set[str] = set()
        for _, ent in named:
            if ent.key in seen:
                continue
            order = len(seen)
            seen.add(ent.key)
            for name in (ent.name, *ent.aliases):
                if name:
                    self.by_first.setdefault(name[0], []).append((order, ent, name))

    def inside(self, start: int, end: int) -> list[Mention]:
        """The mentions within ``start``-``end``, in the order given."""
        named = self.named
        if self.ordered:  # text order: only those starting in the span can be inside
            named = named[bisect_left(self.starts, start) : bisect_left(self.starts, end + 1)]
        return [m for m in named if start <= m[0][0] and m[0][1] <= end]


def _opening_name(
    text: str, start: int, names: _Names, longer: bool = False
) -> tuple[Ent, int, int] | None:
    """The entity whose name opens the sentence at ``start`` (after "The" or a quote mark),
    the longest such (of two as long, the one mentioned first), with where its name starts
    and ends; a sentence's first name is not always recorded as a mention."""
    m = _OPENER.match(text, start)
    at = m.end() if m else start
    # A longer name whose last words are an entity's ("The Dunmore Kellan Business School").
    lead = _CAPITALISED.match(text, at) if longer else None
    starts = [at, *(at + i.start() for i in _WORD_STARTS.finditer(lead.group() if lead else ""))]
    best: tuple[int, int, Ent] | None = None  # end, order, entity
    for pos in starts:
        for order, ent, name in names.by_first.get(text[pos : pos + 1], ()):
            end = pos + len(name)
            if not text.startswith(name, pos) or text[end : end + 1].isalnum():
                continue
            if best is None or end > best[0] or (end == best[0] and order < best[1]):
                best = (end, order, ent)
    return None if best is None else (best[2], at, best[0])


def _short_name(topic: Ent) -> re.Pattern[str]:
    """ "The Beacon" for "The Kettering Beacon": the last word of the subject's name,
    capitalised."""
    last = re.escape(topic.name.split()[-1])
    return re.compile(rf"\W*{_LEAD}(?:the\s+)?(?-i:{last})\b(?=\s+(?!'s|’s))", re.I)


def _claims_in(
    text: str, sent: tuple[int, int], names: _Names, topic: Topic | None
) -> Iterator[SubjectClaim]:
    start, end = sent
    inside = names.inside(start, end)
    parent = next((m for m in inside if _PARENT_FIRST.match(text[start : m[0][0]])), None)
    if parent is not None and topic is not None and parent[1].type in ANY_OWNER:
        yield parent[1], topic[0], (start, parent[0][1]), False
        return
    subject = _sentence_subject(text, start, names, topic)
    if subject is None:
        return
    ent, s_start, s_end = subject
    for span, other in inside:
        if span[0] < s_end or other is ent:
            continue
        gap = text[s_end : span[0]]
        for pattern, owners, coordinated in PREDICATES:
            if ent.type in OWNED_TYPES and other.type in owners and pattern.match(gap):
                if not _owner_ok(other):
                    return
                yield other, ent, (s_start, span[1]), coordinated
                return
        for pattern, owners, coordinated in OWNER_FIRST:
            if ent.type in owners and _owned_ok(other, gap) and pattern.match(gap):
                if _POSSESSED.match(text, span[1]):  # "bought Nokia's handset business"
                    return
                other.type = "Organization" if other.type == "Person" else other.type
                yield ent, other, (s_start, span[1]), coordinated
                break


def _owned_ok(owned: Ent, gap: str) -> bool:
    """An organisation, a product, or a name typed a person's after an organisation's noun
    ("acquired game publisher X")."""
    return owned.type in OWNED_TYPES or (owned.type == "Person" and bool(_ORG_NOUN.search(gap)))


def _owner_ok(owner: Ent) -> bool:
    return owner.type == "Person" or NOT_OWNERS.search(owner.name) is None


def subject_ownership(doc: Doc, named: list[Mention]) -> list[SubjectClaim]:
    """Ownership stated of each sentence's subject (see the module's docstring).

    Args:
        doc: the parsed article.
        named: the entity mentions that may be parties, in text order.

    Returns:
        ``(owner, owned, evidence, coordinated)`` for each sentence that states one.
    """
    text = doc_text(doc)
    topic = article_subject(doc, named)
    found: list[SubjectClaim] = []
    names = _Names(named)
    for sent in doc.sents:
        found.extend(_claims_in(text, (sent.start_char, sent.end_char), names, topic))
    if topic is not None:
        found.extend(_named_in_definition(doc, named, topic[0]))
        found.extend(_sisters(text, named, topic[0], found))
    return found


_COMPANY_LIKE = (
    _COMPANY_NOUNS | relation_words("corporate_body_nouns") | relation_words("org_nouns")
)
"""Nouns of bodies, not products: "an Apple supplier", "an NHS foundation trust"."""


def _named_in_definition(doc: Doc, named: list[Mention], topic: Ent) -> Iterator[SubjectClaim]:
    """ "Nightline is a weekday Corvane Television current affairs programme": an organisation
    named before the head noun of the definition makes the subject its product. Not before a
    company's noun ("a Corvane supplier", "a Nasdaq company"): that says no more than a link."""
    text = doc_text(doc)
    first = next(iter(doc.sents))
    for span, ent in named:
        if not first.start_char <= span[0] < first.end_char or ent is topic:
            continue
        if ent.type not in COMPANY or NOT_OWNERS.search(ent.name):
            continue
        if not _DEFINED_AS.search(text[first.start_char : span[0]]):
            continue
        after = re.match(r"(?:\s+[a-z][\w-]*){1,4}", text[span[1] : first.end_char])
        words = after.group(0).split() if after else []
        head = next((w for w in words if w in THING_NOUNS), None)
        if head is not None and head not in _COMPANY_LIKE:
            end = span[1] + text[span[1] :].index(head) + len(head)
            yield ent, topic, (first.start_char, end), False
        return


_DEFINED_AS = re.compile(
    r"^[^,;()]*?(?:\([^()]*\)[^,;()]*?)?\s(?:is|was)\s+(?:a|an)\s+(?:[\w-]+\s+){0,3}$", re.I
)


_SISTER = re.compile(r"\b(?:its|their)\s+sister\s+(?:[a-z]+\s+){0,2}?$", re.I)
_LIST_GAP = re.compile(r"^\.?\s*(?:,\s*(?:and\s+)?|,?\s*and\s+)(?:the\s+)?$", re.I)
_POSSESSED = re.compile(r"\s*(?:'s|’s|')(?:\s|$)")
_QUALIFIER = re.compile(r"^\s+(?:at|in|of)\s+$", re.I)


def _sisters(
    text: str, named: list[Mention], topic: Ent, found: list[SubjectClaim]
) -> Iterator[SubjectClaim]:
    """ "its sister channels A, B and C": the owner of the article's subject owns them too.
    Only an organisation has sisters of that kind: a name typed a person's is retyped."""
    owner = next((c[0] for c in found if c[1] is topic), None)
    if owner is None:
        return
    for i, (span, ent) in enumerate(named):
        if ent not in (owner, topic) and _SISTER.search(text[max(0, span[0] - 60) : span[0]]):
            for s, sister in [(span, ent), *_listed(text, named, i, frozenset({"Person"}))]:
                if sister.type == "Person":
                    sister.type = "Organization"
                yield owner, sister, (span[0], s[1]), False


def listed_after(text: str, named: list[Mention], i: int) -> Iterator[Mention]:
    """The names listed after ``named[i]`` ("A, the B, C at Dunmore Street and D"); a place
    after "at", "in" or "of" qualifies the name before it and is skipped."""
    return _listed(text, named, i, frozenset())


def _listed(text: str, named: list[Mention], i: int, also: frozenset[str]) -> Iterator[Mention]:
    end = named[i][0][1]
    for span, ent in named[i + 1 :]:
        gap = text[end : span[0]]
        if ent.type == "Place" and _QUALIFIER.match(gap):
            end = span[1]
            continue
        if not _LIST_GAP.match(gap):
            return
        end = span[1]
        if ent.type in OWNED_TYPES or ent.type in also:
            yield span, ent
        if "and" in gap:
            return
