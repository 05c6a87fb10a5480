"""Stage 3, direct quotes: quoted passages, their cue and speaker.

News style lets a quote run over several paragraphs: each paragraph opens a quote mark and only
the last one closes. :func:`find_quotes` returns such a quote as one list of spans (one per
paragraph, marks included). A stray or unclosed mark ends at the end of its paragraph, so a bad
mark never swallows the rest of the article.

:func:`quote_drafts` attributes each quote to the cue next to it (``"...," he said`` or
``He said: "..."``); a long quote that opens a paragraph with no cue continues the previous
speaker; a short quote inside a sentence is left to the indirect stage (a mixed quote).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimgraph.extraction._cues import content_range, cue_lemma, is_cue_verb, subject_of
from claimgraph.extraction._doctext import doc_text
from claimgraph.extraction._drafts import Draft, char_span, phrase_of
from claimgraph.extraction._lexicon import lexicon, word_class
from claimgraph.records import Span

__all__ = ["QuoteIndex", "find_quotes", "quote_drafts"]

OPEN = frozenset('"“„«')
CLOSE = frozenset('"”»')
MARK = re.compile("[\"“”„«»']")
"""The characters :func:`find_quotes` acts on (an apostrophe pair stands for a double mark)."""
MIN_WORDS_STANDALONE = 6
MIN_WORDS_QUOTE = 2
TURN = re.compile(r"[\"“]?(?P<name>[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3}):[ \t]+(?=\S)")
"""A transcript turn ("PENCE: Well, ..."): it ends a quote running over paragraphs."""
NEAR_TOKENS = 14
FAR_TOKENS = 40
DESCRIBING = frozenset({"relcl", "acl"})
MAX_REPORT_CLIMB = 3
MAX_NAME_LABEL_TOKENS = 14
"""The longest name and description before a colon that labels a quote."""
"""Verbs of a speaker's description ("..., who heads the group, said") do not end the search."""
MIXED_RATIO = 1.3
MAX_TITLE_WORDS = 8
SIGN_OFF = frozenset(",.?!…—–-;:")
"""Marks that end a quoted clause or set it off from the signature that follows it."""
BARE_SIGN_TOKENS = 4
DASH_SIGN = re.compile(r"[ \t\u00a0]*(―|—|–|--|-)[ \t\u00a0]*")


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """The ``(start, end)`` spans of the non-empty lines (paragraphs) of ``text``."""
    start = 0
    while (i := text.find("\n", start)) >= 0:
        if i > start:
            yield start, i
        start = i + 1
    if start < len(text):
        yield start, len(text)


def _segment(text: str, start: int, end: int) -> Span | None:
    while end > start and text[end - 1].isspace():
        end -= 1
    inner = text[start:end].strip("\"“”„«»' \t")
    if not inner.strip() or end - start < 3:
        return None
    return (start, end)


def _straight(mark: str) -> bool:
    return mark in "\"'"


def find_quotes(text: str) -> list[list[Span]]:
    """Return the quotes in ``text``, each a list of spans (one per paragraph).

    Example:
        >>> find_quotes('He said "yes, we will".')
        [[(8, 22)]]
    """
    quotes: list[list[Span]] = []
    current: list[Span] = []
    open_at: int | None = None
    for p_start, p_end in paragraphs(text):
        first = p_start + len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip())
        if (
            current
            and open_at is None
            and (
                first >= p_end
                or text[first] not in OPEN
                or TURN.match(text, first)
                or _straight(text[first]) != _straight(text[current[-1][0]])
            )
        ):
            quotes.append(current)  # a quote goes on only into a paragraph opened the same way
            current = []
        for m in MARK.finditer(text, first, p_end):  # any other character changes nothing
            i = m.start()
            ch = '"' if text[i : i + 2] == "''" else text[i]
            if ch == "'" and text[i - 1 : i + 1] == "''" and i > first:
                continue
            nested = open_at is not None and _straight(text[open_at]) and ch in "“”"
            if nested:
                continue  # curly marks inside a straight-quoted passage quote someone within it
            if open_at is None and (ch in OPEN or (i == first and ch == "”")):
                open_at = i  # a paragraph may open with a closing mark set the wrong way round
            elif open_at is not None and ch in CLOSE and i > open_at + 1:
                seg = _segment(text, open_at, i + 2 if text[i : i + 2] == "''" else i + 1)
                if seg:
                    current.append(seg)
                if current:
                    quotes.append(current)
                current, open_at = [], None
            elif open_at is not None and ch == "“":
                open_at = i
        if open_at is not None:
            seg = _segment(text, open_at, p_end)
            if seg:
                current.append(seg)
            open_at = None
    if current:
        quotes.append(current)
    return quotes


class QuoteIndex:
    """Answers "is this character inside a quote?" in logarithmic time."""

    def __init__(self, quotes: list[list[Span]]) -> None:
        self.spans = sorted(s for q in quotes for s in q)
        self._starts = [s for s, _ in self.spans]

    def inside(self, pos: int) -> bool:
        """Return whether ``pos`` lies inside a quote (marks included)."""
        i = bisect_right(self._starts, pos) - 1
        return i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]

    def end_of(self, pos: int) -> int | None:
        """Return where the quote holding ``pos`` ends (marks included), or ``None``."""
        i = bisect_right(self._starts, pos) - 1
        if i >= 0 and self.spans[i][0] <= pos < self.spans[i][1]:
            return self.spans[i][1]
        return None


def _signs_off(text: str, end: int) -> bool:
    """Return whether a quote ending at ``end`` ends its clause, as a quote before its signature
    does (``"...," she said``, ``"...?" he asked``, ``"..." -- she said``).

    A quote that runs on into its sentence (``reduced to "taunts" because he cannot defend it``)
    is not signed by a cue after it.
    """
    inner = text[max(0, end - 3) : end].rstrip("\"”»' ")
    if inner[-1:] in SIGN_OFF:
        return True
    after = text[end : end + 3].lstrip(" \t\u00a0")
    return after[:1] in SIGN_OFF


def _cue_after(doc: Doc, end: int, index: QuoteIndex) -> Token | None:
    span = doc.char_span(end, end, alignment_mode="expand")
    i = span.start if span is not None else len(doc)
    if not _signs_off(doc_text(doc), end):
        return _cue_next_to(doc, i)
    text = doc_text(doc)
    # the quote ends its sentence: a stop inside the marks, or right after them ('"A". She said')
    closed = text[max(0, end - 3) : end].rstrip("\"”»' ")[-1:] == "." or text[end : end + 1] == "."
    for tok in doc[i : min(len(doc), i + FAR_TOKENS)]:
        if tok.text in OPEN or "\n" in tok.text or index.inside(tok.idx):
            return None
        if is_cue_verb(tok) and tok.dep_ not in DESCRIBING and subject_of(tok) is not None:
            if closed and _introduces(tok):
                return None  # '..." He said that ...': the next sentence's cue has its own claim
            if (_coordinated(doc[i : tok.i]) or tok.tag_ == "VBG") and _introduces(tok):
                return None  # '"A," but pledged to B', '"A," adding that B': a second claim
            return tok if tok.i - i < NEAR_TOKENS or _in_apposition(doc, i, tok) else None
        misread_name = tok.i == i and tok.is_title  # a name the tagger read as a verb ("Tulsa")
        if (
            tok.pos_ in ("VERB", "AUX")
            and tok.dep_ not in ("aux", "auxpass", *DESCRIBING)
            and not misread_name
        ):
            return None
    return None


def _coordinated(between: SpacySpan) -> bool:
    """Return whether the words between a quote and a cue join a new predicate ("and", "but")."""
    return any(t.pos_ == "CCONJ" for t in between)


def _introduces(cue: Token) -> bool:
    """Return whether a cue has a clause or an object of its own after it ("said it would")."""
    return any(c.dep_ in ("ccomp", "dobj", "xcomp") and c.i > cue.i for c in cue.children)


def _cue_next_to(doc: Doc, i: int) -> Token | None:
    """The cue right after an unpunctuated quote: ``"Lies" said Trump``, ``"Lies" Trump said``."""
    for tok in doc[i : min(len(doc), i + BARE_SIGN_TOKENS)]:
        if is_cue_verb(tok) and tok.dep_ not in DESCRIBING and subject_of(tok) is not None:
            return tok
        if tok.pos_ not in ("PROPN", "PRON", "DET") and tok.ent_type_ != "PERSON":
            return None
    return None


def _in_apposition(doc: Doc, start: int, cue: Token) -> bool:
    """Return whether the words between a quote and a distant cue are a name and its description.

    ``"...," Ann Lee, a senior fellow at the institute and a former ambassador, said``.
    """
    between = doc[start : cue.i]
    return any(t.text == "," for t in between) and any(t.pos_ == "PROPN" for t in between[:6])
    return None


def _cue_before(doc: Doc, start: int, index: QuoteIndex) -> Token | None:
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return None
    j = span.start - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    colon = j >= 0 and doc[j].text.endswith(":")
    comma = j >= 0 and doc[j].text == ","
    if not colon and any("\n" in t.text_with_ws for t in doc[max(j, 0) : span.start]):
        return None
    while j >= 0 and (doc[j].is_punct or doc[j].lower_ == "that") and doc[j].text not in CLOSE:
        j -= 1
    if j < 0 or index.inside(doc[j].idx):
        return None
    if is_cue_verb(doc[j]):
        if not (colon or comma) and _reported(doc[j]):
            return None  # 'X said they want "A"': the quote is part of what X said
        return doc[j]
    if colon and _delivered_noun(doc[j]):
        return doc[j]
    return _colon_cue(doc, j, index) if colon or comma else None


def _reported(verb: Token) -> bool:
    """Return whether a verb stands in the clause another cue reports ("X said she wanted to
    speak ..."): up through complements and coordination, a cue verb governs it."""
    tok = verb
    for _ in range(MAX_REPORT_CLIMB):
        if tok.dep_ not in ("ccomp", "xcomp", "conj") or tok.head.i == tok.i:
            return False
        tok = tok.head
        if is_cue_verb(tok) and tok.dep_ != "xcomp":
            return True
    return False


def _colon_cue(doc: Doc, j: int, index: QuoteIndex) -> Token | None:
    """Return the cue of ``X told his listeners: "..."`` (or ``X told them, "..."``): the nearest
    cue verb before the colon, in the same sentence and paragraph."""
    stop = max(doc[j].sent.start, j - NEAR_TOKENS)
    for k in range(j - 1, stop - 1, -1):
        tok = doc[k]
        if "\n" in tok.text_with_ws or index.inside(tok.idx) or tok.text in OPEN | CLOSE:
            return None
        if is_cue_verb(tok):
            return tok if subject_of(tok) or _inverted_subject(tok) else None
        if _delivered_noun(tok):
            return tok  # 'X made the following comment: "..."', 'X issued a statement: "..."'
    return None


def _delivered_noun(tok: Token) -> bool:
    """Return whether a cue noun is the object of a verb of delivering ("made a comment")."""
    return (
        tok.pos_ == "NOUN"
        and tok.dep_ == "dobj"
        and tok.lemma_.lower() in lexicon().cue_nouns
        and tok.head.lemma_.lower() in word_class("delivering_verbs")
        and subject_of(tok) is not None
    )


def _noun_head(tok: Token) -> Token:
    while tok.dep_ == "compound" and tok.head.i > tok.i:
        tok = tok.head
    return tok


def _speaker_between(cue: Token, index: QuoteIndex) -> Token | None:
    """Return the first noun between a quote and its cue (``"...," Ann Lee, a senator, said``)."""
    doc = cue.doc
    j = cue.i - 1
    while j >= 0 and not index.inside(doc[j].idx) and doc[j].text not in OPEN | CLOSE:
        if "\n" in doc[j].text_with_ws:
            break
        j -= 1
    for tok in doc[j + 1 : cue.i]:
        if tok.pos_ in ("PROPN", "NOUN", "PRON"):
            return _noun_head(tok)
    return None


def _speaker_of(cue: Token, index: QuoteIndex) -> Token | None:
    """Return the subject of a quote's cue, looking around the cue when the parse took the subject
    from inside the quote (``"..., one of the best," said Rep. Ann Lee`` -> ``Ann Lee``;
    ``"... the best," Ann Lee (D) said in an interview`` -> ``Ann Lee``)."""
    subj = subject_of(cue)
    if subj is None:
        return _inverted_subject(cue)
    if not index.inside(subj.idx):
        return subj
    between = _speaker_between(cue, index)
    if between is not None:
        return between
    doc = cue.doc
    for tok in doc[cue.i + 1 : min(cue.sent.end, cue.i + NEAR_TOKENS)]:
        if index.inside(tok.idx) or tok.text in OPEN:
            break
        if tok.pos_ in ("PROPN", "NOUN", "PRON") and tok.ent_type_ not in ("DATE", "TIME"):
            head = _noun_head(tok)
            if head.dep_ not in ("npadvmod", "pobj"):
                return head
    return None


def _speaker_phrase(subj: Token, cue: Token) -> SpacySpan:
    """The speaker's phrase, never holding its cue ("Said Ellis" -> "Ellis")."""
    phrase = phrase_of(subj)
    if phrase.start <= cue.i < phrase.end:
        phrase = cue.doc[cue.i + 1 : phrase.end]
    return phrase


def _inverted_subject(cue: Token) -> Token | None:
    """The name right after a cue that opens its sentence ("Said Ellis: ...")."""
    nxt = cue.doc[cue.i + 1] if cue.i + 1 < len(cue.doc) else None
    if nxt is None or nxt.pos_ != "PROPN" or cue.i != cue.sent.start:
        return None
    return _noun_head(nxt)


def _mixed_clause(cue: Token, spans: list[Span]) -> Span | None:
    """Return the reported clause a short quote is part of, or ``None`` for a full quote.

    ``He said "budget reforms" would pay for it``: the claim is the whole clause, not the quoted
    words. A quote is part of a clause when the cue's content covers its start and is clearly
    longer than the quote (the opening mark may sit just outside the parsed clause).
    """
    if len(spans) != 1:
        return None
    rng = content_range(cue)
    if rng is None:
        return None
    start, end = char_span(cue.doc, *rng)
    q_start, q_end = spans[0]
    if not start - 2 <= q_start < end or (end - start) < MIXED_RATIO * (q_end - q_start):
        return None
    return min(start, q_start), max(end, q_end)


def _name_before_colon(doc: Doc, text: str, start: int) -> tuple[Token, SpacySpan] | None:
    """Return the colon and the name of ``Her neighbour, retired teacher Bill Grady: "..."``: a
    paragraph that opens with a person's name (and its description) and a colon before the
    quote, with no verb: the name nearest the colon speaks."""
    before = text[text.rfind("\n", 0, start) + 1 : start].rstrip()
    if not before.endswith(":"):
        return None
    line = doc.char_span(start - len(before), start, alignment_mode="expand")
    if line is None or len(line) > MAX_NAME_LABEL_TOKENS or line[-1].text != ":":
        return None
    if any(t.pos_ in ("VERB", "AUX") or t.like_num for t in line):
        return None
    people = [e for e in line.ents if e.label_ == "PERSON"]
    if not people:
        return None
    return line[-1], people[-1]


def _dash_speaker(doc: Doc, text: str, end: int) -> tuple[Token, Token, str] | None:
    """Return the name after a dash that signs a quote (``"..." ― Pamela Padilla``).

    The dash may touch the quote mark or the name, or be set off by non-breaking spaces.
    Returns the name's first token, the dash's token and the dash.
    """
    m = DASH_SIGN.match(text, end)
    if m is None or m.end() >= len(text):
        return None
    name = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
    dash = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
    if name is None or dash is None or name[0].pos_ != "PROPN" or name[0].idx < m.end() - 1:
        return None
    return name[0], dash[0], m.group(1)


def _following(text: str, cue: Token, spans: list[Span], quotes: list[list[Span]]) -> list[Span]:
    """Return the quote that goes on after ``"...," he said, "..."`` in the same paragraph."""
    end = cue.sent.end_char
    line_end = text.find("\n", cue.idx)
    line_end = len(text) if line_end < 0 else line_end
    for other in quotes:
        s = other[0][0]
        near = s <= end + 2 or text[end:s].strip() == ""
        if spans[-1][1] <= cue.idx < s <= line_end and near:
            return [] if _second_cue(cue, s) else list(other)
    return []


def _second_cue(cue: Token, start: int) -> bool:
    """Return whether another cue verb stands between a cue and the quote after it.

    ``"A," he said, adding, "B."``: B is a second claim with a cue of its own ("adding"), which
    only punctuation or an adverb separates from B.
    """
    between = []
    for tok in cue.doc[cue.i + 1 :]:
        if tok.idx >= start:
            break
        between.append(tok)
    for k, tok in enumerate(between):
        if is_cue_verb(tok) and tok.head.i == cue.i and tok.dep_ in ("advcl", "conj", "xcomp"):
            return all(
                t.is_punct or t.is_space or t.pos_ == "ADV" or t.lower_ == "that"
                for t in between[k + 1 :]
            )
    return False


def _title(text: str, spans: list[Span]) -> bool:
    """Return whether a quote is the title of a work or a show ("on “Face the Nation,” he said"):
    a few words, each capitalised but for short function words."""
    if len(spans) != 1:
        return False
    inner = text[spans[0][0] : spans[0][1]].strip("\"“”„«»' ,")
    if inner[-1:] in ".!?…":
        return False  # a sentence or an exclamation ("It's Our Time.", "U-S-A!")
    words = re.findall(r"[^\W\d_][\w'’-]*", inner)
    content = [w for w in words if w.lower() not in word_class("title_small_words")]
    return 0 < len(words) <= MAX_TITLE_WORDS and all(w[0].isupper() for w in content)


def _words(text: str, spans: list[Span]) -> int:
    return sum(len(text[s:e].split()) for s, e in spans)


def _starts_paragraph(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return not text[line_start:pos].strip()


def quote_drafts(doc: Doc, quotes: list[list[Span]], index: QuoteIndex) -> Iterator[Draft]:
    """Yield a direct-quote draft for each quote with a cue next to it or continuing a speaker."""
    text = doc_text(doc)
    taken: set[Span] = set()
    for spans in quotes:
        if spans[0] in taken or _title(text, spans):
            continue
        after = _cue_after(doc, spans[-1][1], index)
        cue = after or _cue_before(doc, spans[0][0], index)
        if cue is not None:
            clause = _mixed_clause(cue, spans)
            if clause is None and _words(text, spans) < MIN_WORDS_QUOTE:
                continue  # a quoted word ("Arrogant," she said) is a label, left to the clause
            subj = _speaker_of(cue, index)
            more = _following(text, cue, spans, quotes) if after and not clause else []
            taken.update(more)
            yield Draft(
                content=[clause] if clause else list(spans) + more,
                kind="mixed" if clause else "direct",
                cue=cue,
                cue_span=char_span(doc, cue.i, cue.i + 1),
                speaker=_speaker_phrase(subj, cue) if subj is not None else None,
                lemma=cue_lemma(cue),
            )
        elif (named := _name_before_colon(doc, text, spans[0][0])) is not None:
            colon, label = named
            yield Draft(
                content=list(spans),
                kind="direct",
                cue=colon,
                cue_span=char_span(doc, colon.i, colon.i + 1),
                speaker=label,
                lemma=":",
                construction="label",
            )
        elif (signed := _dash_speaker(doc, text, spans[-1][1])) is not None:
            name, dash, sign = signed
            yield Draft(
                content=list(spans),
                kind="direct",
                cue=dash,
                cue_span=char_span(doc, dash.i, dash.i + 1),
                speaker=phrase_of(name),
                lemma=sign,
                construction="label",
            )
        elif _words(text, spans) >= MIN_WORDS_STANDALONE and _starts_paragraph(text, spans[0][0]):
            yield Draft(content=list(spans), kind="direct", continues=True)
