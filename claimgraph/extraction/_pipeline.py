"""The extraction pipeline: stages run in order over one parsed article."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from claimgraph.extraction._acts import act_of, assign_acts
from claimgraph.extraction._doctext import doc_text
from claimgraph.extraction._drafts import Draft
from claimgraph.extraction._entities import Ent, EntityTable, find_entities
from claimgraph.extraction._identity import Resolver
from claimgraph.extraction._indirect import indirect_drafts
from claimgraph.extraction._labels import label_drafts
from claimgraph.extraction._lexicon import lexicon, word_class
from claimgraph.extraction._numbers import find_numbers
from claimgraph.extraction._quotes import QuoteIndex, find_quotes, quote_drafts
from claimgraph.extraction._relations import find_ownership
from claimgraph.extraction._reporting import apply_reporting
from claimgraph.extraction._roles import find_roles
from claimgraph.records import Article, Claim, Extraction, Span

__all__ = ["DATELINE", "build", "mask_dateline"]

DATELINE = re.compile(
    r"\A\s*(?P<place>[A-Z][A-Za-z.' -]{1,40}?)(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?"
    r"\s*\((?P<agency>[A-Za-z][A-Za-z&. -]{0,30})\)\s*(?::|—|–|--|-)"
)
PARAGRAPH_END = re.compile(r"\n[ \t]*\n|[.!?][\"\u201d\u2019]?[ \t]*(?:\n|\Z)")
CONTINUE_WINDOW = 600
MIXED_RATIO = 1.3
CLOSING_CHARS = 3


def mask_dateline(text: str) -> str:
    """Blank a wire dateline ("LONDON, Dec 30 (IANS):") so it does not disturb the parse.

    Offsets are kept: the dateline is replaced by spaces of the same length.
    """
    m = DATELINE.match(text)
    if not m:
        return text
    return " " * m.end() + text[m.end() :]


def _dateline_entities(text: str, table: EntityTable) -> None:
    m = DATELINE.match(text)
    if not m:
        return
    from claimgraph.extraction._entities import _attach

    _attach(table, m.group("place"), "Place", m.span("place"))
    agency = m.group("agency").strip()
    start = m.start("agency") + m.group("agency").find(agency)
    _attach(table, agency, "NewsOutlet", (start, start + len(agency)))


def _overlap(a: Draft, b: Draft) -> float:
    inter = sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a.content for s2, e2 in b.content)
    size = sum(e - s for s, e in a.content) or 1
    return inter / size


def _drafts(doc: Doc) -> list[Draft]:
    text = doc_text(doc)
    quotes = find_quotes(text)
    index = QuoteIndex(quotes)
    labelled = list(label_drafts(doc))
    drafts = labelled + [
        d
        for d in quote_drafts(doc, quotes, index)
        if not any(_overlap(d, x) > 0.5 for x in labelled) and not _turn(d, labelled)
    ]
    used = {d.cue.i for d in drafts if d.cue is not None}

    def skip(tok: Token) -> bool:
        return tok.i in used or index.inside(tok.idx)

    direct = list(drafts)
    for draft in indirect_drafts(doc, skip):
        if any(_overlap(draft, d) > 0.5 and not _absorbs(draft, d) for d in direct):
            continue
        for d in direct:
            if _overlap(draft, d) > 0.5:
                inside = [(s, e) for s, e in d.content if _within(draft, s, e)]
                (cs, ce), last = draft.content[-1], max(e for _, e in inside)
                draft.content[-1] = (cs, max(ce, last))
                d.content = [(s, e) for s, e in d.content if (s, e) not in inside]
                d.dropped = d.dropped or not d.content
        s, e = draft.content[-1]
        quote_end = index.end_of(e - 1)
        if quote_end is not None and quote_end - e <= CLOSING_CHARS:
            draft.content[-1] = (s, quote_end)  # the closing mark (and stop) the trim left out
        s, e = draft.content[0]
        if any(index.inside(i) for i in (s, e - 1)) or '"' in text[s:e] or "“" in text[s:e]:
            draft.kind = "mixed"
        drafts.append(draft)
    drafts.sort(key=lambda d: d.start)
    notes = _editorial_paragraphs(text)
    return [
        d
        for d in drafts
        if not _nested_stance(d, drafts) and not any(s <= d.start < e for s, e in notes)
    ]


def _editorial_paragraphs(text: str) -> list[tuple[int, int]]:
    """Return the paragraphs a label of the publication's own voice opens ("Editor's note: ...",
    words.yaml ``editorial_labels``): the publication's boilerplate reports no one's claim.
    The paragraph ends at a blank line or at a sentence that ends its line."""
    labels = word_class("editorial_labels")
    found: list[tuple[int, int]] = []
    for m in re.finditer(r"(?m)^[ \t]*([^:\n]{3,30}):", text):
        if m.group(1).strip().lower().replace("\u2019", "'") in labels:
            close = PARAGRAPH_END.search(text, m.end())
            found.append((m.start(), len(text) if close is None else close.end()))
    return found


def _turn(quote: Draft, labelled: list[Draft]) -> bool:
    """Give a quote that opens with a speaker label (``"PENCE: Well, ...``, then more quoted
    paragraphs) to that label: the label's draft takes the quote's other paragraphs."""
    first_start, first_end = quote.content[0]
    for label in labelled:
        start, end = label.content[0]
        if first_start <= start and end <= first_end + CLOSING_CHARS:
            label.content = [label.content[0], *quote.content[1:]]
            return True
    return False


def _within(draft: Draft, start: int, end: int) -> bool:
    return any(s - 2 <= start and end <= e + 2 for s, e in draft.content)


def _absorbs(clause: Draft, quote: Draft) -> bool:
    """Return whether a reported clause takes in quoted words a nearby cue claimed.

    "She says it shows that he is \"unfit to serve.\"": the quote, joined to a quote before it
    or claimed by a cue outside the clause, is part of the clause the verb "says" introduces;
    the clause (much longer than the quoted words it holds) is the claim.
    """
    if quote.cue is None or quote.cue_span is None or _within(clause, *quote.cue_span):
        return False
    inside = [(s, e) for s, e in quote.content if _within(clause, s, e)]
    if not inside:
        return False
    size = sum(e - s for s, e in clause.content)
    return size >= MIXED_RATIO * sum(e - s for s, e in inside)


def _nested_stance(draft: Draft, drafts: list[Draft]) -> bool:
    """A cue inside another claim's content is part of that claim, except a plain "say".

    "X said Y told him Z", "X accused Y of attacking Z": the inner cue is what X reported, not a
    claim of its own; only a nested "said" reports a second, separate statement.
    """
    if draft.lemma in word_class("nested_cues") or draft.cue_span is None:
        return False
    cue = draft.cue
    if (
        cue is not None
        and cue.tag_ in ("VBD", "VBZ", "VBP")
        and any(c.dep_ == "nsubj" and c.tag_ == "PRP" for c in cue.children)
        and act_of(draft, lexicon()) not in (None, "speech")
    ):
        return False
    pos = draft.cue_span[0]
    return any(o is not draft and any(s <= pos < e for s, e in o.content) for o in drafts)


def _resolve(drafts: list[Draft], resolver: Resolver) -> None:
    previous: Draft | None = None
    for draft in drafts:
        if draft.speaker is not None:
            continuing = draft.lemma in word_class("continuing_cues")
            draft.entity = resolver.resolve(draft.speaker, continuing=continuing)
        elif (
            draft.continues
            and previous is not None
            and draft.start - previous.start < CONTINUE_WINDOW
        ):
            draft.entity = previous.entity
        if draft.entity is not None:
            previous = draft


def _speaking_places(drafts: list[Draft], table: EntityTable) -> None:
    """A place that speaks stands for its government ("Russia said", "Ohio warned").

    The speaker becomes an organisation of the same name (one per place and article), with the
    speaking mentions; the place keeps its own type and mentions.
    """
    governments: dict[str, Ent] = {}
    for draft in drafts:
        place = draft.entity
        if place is None or place.type != "Place":
            continue
        org = governments.get(place.key)
        if org is None:
            org = governments[place.key] = table.new(place.name, "Organization")
            org.aliases |= place.aliases
        if draft.speaker is not None:
            org.add((draft.speaker.start_char, draft.speaker.end_char))
        draft.entity = org


def _speaking_others(drafts: list[Draft]) -> None:
    """A name of unknown kind that speaks is an agent ("Ivanka Trump acknowledged ...").

    The parser's entity label may call a person or a body a product; as the subject of a cue it
    is a person when its name reads as one (two or three capitalised words), else an organisation.
    """
    for draft in drafts:
        ent = draft.entity
        if ent is None or ent.type != "Other" or draft.speaker is None:
            continue
        words = ent.name.split()
        person = 2 <= len(words) <= 3 and all(w[:1].isupper() and w.isalpha() for w in words)
        ent.type = "Person" if person else "Organization"


AGENT_TYPES = frozenset({"Person", "Organization", "NewsOutlet", "UnnamedSource"})
"""Entity types that can speak or publish; a place or a platform is never a claim's speaker."""


def _agent_key(entity: Ent | None) -> str | None:
    return entity.key if entity is not None and entity.type in AGENT_TYPES else None


def _claims(drafts: list[Draft]) -> list[Claim]:
    claims: list[Claim] = []
    seen: set[tuple[Span, ...]] = set()
    for draft in drafts:
        if draft.dropped or tuple(draft.content) in seen:
            continue  # two cues over the same words make one claim (the first cue's)
        seen.add(tuple(draft.content))
        claims.append(
            Claim(
                key=f"c{len(claims) + 1}",
                content=draft.content,
                kind=draft.kind,
                cue=draft.cue_span,
                cue_lemma=draft.lemma,
                speaker=_agent_key(draft.entity),
                source_span=(
                    (draft.speaker.start_char, draft.speaker.end_char) if draft.speaker else None
                ),
                reported_by=_agent_key(draft.reported_by),
                act=draft.act,
            )
        )
    return claims


def build(doc: Doc, article: Article) -> Extraction:
    """Run every stage over a parsed article and return its :class:`Extraction`."""
    table = EntityTable()
    _dateline_entities(article.text, table)
    find_entities(doc, table)
    drafts = assign_acts(_drafts(doc))
    resolver = Resolver(table)
    resolver.learn_titles(doc)
    _resolve(drafts, resolver)
    _speaking_places(drafts, table)
    _speaking_others(drafts)
    apply_reporting(drafts)
    claims = _claims(drafts)
    from claimgraph.extraction._authorial import authorial_claims  # the article's own voice

    claims += authorial_claims(doc, claims, title=article.title)
    roles = find_roles(doc, table)  # before the records: a title or an ownership may retype
    ownerships = find_ownership(doc, table)
    return Extraction(
        article=article,
        entities=table.records(),
        claims=claims,
        roles=roles,
        ownerships=ownerships,
        observations=find_numbers(doc, claims),
    )
