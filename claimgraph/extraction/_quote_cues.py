"""The cue of a direct quote and its speaker: ``"...," he said``, ``He said: "..."``,
``"...," said Rep. Ann Lee``, ``X told his listeners: "..."``.

:func:`cue_after` finds a cue that signs a quote after it, :func:`cue_before` one that
introduces a quote before it; :func:`speaker_of` finds the cue's subject, looking around the cue
when the parse took the subject from inside the quote.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimgraph.extraction._cues import is_cue_verb, subject_of
from claimgraph.extraction._doctext import doc_text
from claimgraph.extraction._drafts import phrase_of
from claimgraph.extraction._lexicon import lexicon, word_class
from claimgraph.extraction._quote_marks import CLOSE, OPEN, QuoteIndex

__all__ = [
    "NEAR_TOKENS",
    "cue_after",
    "cue_before",
    "run_on_signature",
    "speaker_of",
    "speaker_phrase",
]

NEAR_TOKENS = 14
FAR_TOKENS = 40
NICKNAME_WORDS = 2
"""A nickname quoted inside a name has at most this many words."""
DESCRIBING = frozenset({"relcl", "acl"})
"""Verbs of a speaker's description ("..., who heads the group, said") do not end the search."""
MAX_REPORT_CLIMB = 3
SIGN_OFF = frozenset(",.?!…—–-;:")
"""Marks that end a quoted clause or set it off from the signature that follows it."""
BARE_SIGN_TOKENS = 4
CLOSING = "\"”»'’ "
"""Closing marks (a nested quote's single mark too: ``‘criminal,’”``) and spaces after a clause."""
NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "ADJ"})
SPEAKER_PHRASE = frozenset({"PROPN", "NOUN", "DET", "ADJ", "PRON", "PUNCT", "PART", "NUM", "ADP"})
"""Parts of speech a speaker's phrase between a comma and its cue is made of ("the head of the
River Trust, Ann Lee,")."""


def _signs_off(text: str, end: int) -> bool:
    """Return whether a quote ending at ``end`` ends its clause, as a quote before its signature
    does (``"...," she said``, ``"...?" he asked``, ``"..." -- she said``).

    A quote that runs on into its sentence (``reduced to "taunts" because he cannot defend it``)
    is not signed by a cue after it.
    """
    inner = text[max(0, end - 3) : end].rstrip(CLOSING)
    if inner[-1:] in SIGN_OFF:
        return True
    after = text[end : end + 3].lstrip(" \t\u00a0")
    return after[:1] in SIGN_OFF


def cue_after(doc: Doc, end: int, index: QuoteIndex) -> Token | None:
    span = doc.char_span(end, end, alignment_mode="expand")
    i = span.start if span is not None else len(doc)
    if not _signs_off(doc_text(doc), end):
        return _cue_next_to(doc, i)
    text = doc_text(doc)
    # the quote ends its sentence: a stop inside the marks, or right after them ('"A". She said')
    closed = text[max(0, end - 3) : end].rstrip(CLOSING)[-1:] == "." or text[end : end + 1] == "."
    nick = -1
    for tok in doc[i : min(len(doc), i + FAR_TOKENS)]:
        if tok.i <= nick:
            continue
        nick = _nickname_end(doc, tok.i)
        if nick > tok.i:
            continue  # 'Sen. Ann "Annie" Lee said': a nickname inside the name is no quote
        if tok.text in OPEN or "\n" in tok.text or index.inside(tok.idx):
            return None
        if _signing_verb(tok) and not _describes(tok) and subject_of(tok) is not None:
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
            and not _relative(tok)
        ):
            return None
    return None


def _nickname_end(doc: Doc, i: int) -> int:
    """Return the index of the closing mark of a nickname quoted inside a name that opens at
    ``i`` (``Ann "Annie" Lee``: capitalised words in marks between two parts of a name), or -1."""
    if not (0 < i < len(doc) - 3) or doc[i].text not in OPEN or not doc[i - 1].is_title:
        return -1
    for j in range(i + 1, min(len(doc) - 1, i + 1 + NICKNAME_WORDS + 1)):
        if doc[j].text in CLOSE and j > i + 1:
            return j if doc[j + 1].is_title and doc[j].whitespace_ != "" else -1
        if not doc[j].is_title:
            return -1
    return -1


def _relative(verb: Token) -> bool:
    """Return whether a verb heads a relative clause the parser did not label as one: a relative
    pronoun is among its words (``Ann Lee, the director and whose son also featured in the
    film, told ...``): it describes the speaker and does not end the search for the cue."""
    pronouns = word_class("relative_pronouns")
    return any(c.lower_ in pronouns for c in verb.children if c.i < verb.i)


def _signing_verb(tok: Token) -> bool:
    """Return whether ``tok`` can sign a quote before it: a cue verb, or a verb that gives a
    document's wording (``"...," the letter reads``; ``document_signing_verbs``)."""
    if is_cue_verb(tok):
        return True
    return tok.pos_ == "VERB" and tok.lemma_.lower() in word_class("document_signing_verbs")


def run_on_signature(doc: Doc, end: int, index: QuoteIndex) -> tuple[Token, int] | None:
    """Return the cue of a quote that runs on into a phrase with no verb before a signature, and
    where the phrase ends: ``"I admire the engineers" of the bridge, Ms Varga said`` -> ("said",
    the comma's offset). The quote and the phrase are what the signature reports (a mixed quote).
    """
    text = doc_text(doc)
    if _signs_off(text, end):
        return None
    span = doc.char_span(end, end, alignment_mode="expand")
    i = span.start if span is not None else len(doc)
    for tok in doc[i : min(len(doc), i + FAR_TOKENS)]:
        if tok.text in OPEN | CLOSE or "\n" in tok.text_with_ws or index.inside(tok.idx):
            return None
        if tok.text == ",":
            cue = _signature_after(doc, tok.i + 1)
            return (cue, tok.idx) if cue is not None and tok.i > i else None
        if tok.pos_ in ("VERB", "AUX") or (tok.i > i and tok.is_sent_start):
            return None
    return None


def _signature_after(doc: Doc, start: int) -> Token | None:
    """Return the cue of a signature that closes its sentence after a comma: ``, Ms Varga
    said.``, ``, said Ms Varga.``, ``, Ann Lee, head of the trust, told reporters.``: a cue verb
    with no clause of its own, after nothing but its speaker's phrase."""
    for tok in doc[start : min(len(doc), start + NEAR_TOKENS)]:
        if is_cue_verb(tok) and tok.dep_ not in DESCRIBING:
            signs = subject_of(tok) is not None or _inverted_subject(tok) is not None
            return tok if signs and not _introduces(tok) else None
        if tok.pos_ not in SPEAKER_PHRASE or "\n" in tok.text_with_ws:
            return None
    return None


def _coordinated(between: SpacySpan) -> bool:
    """Return whether the words between a quote and a cue join a new predicate ("and", "but").

    A conjunction inside the speaker's description joins nouns, not predicates (``"...," Ann
    Lee, an economist and tax expert, told me``)."""
    return any(
        t.pos_ == "CCONJ" and t.head.pos_ not in NOMINAL and not _describes(t.head) for t in between
    )


def _describes(verb: Token) -> bool:
    """Return whether a verb belongs to a description of the speaker (a relative clause)."""
    return verb.dep_ in DESCRIBING or _relative(verb)


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


def cue_before(doc: Doc, start: int, index: QuoteIndex) -> Token | None:
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
    """Return the first noun between a quote and its cue (``"...," Ann Lee, a senator, said``)
    that is no object of a preposition."""
    doc = cue.doc
    j = cue.i - 1
    while j >= 0 and not index.inside(doc[j].idx) and doc[j].text not in OPEN | CLOSE:
        if "\n" in doc[j].text_with_ws:
            break
        j -= 1
    for tok in doc[j + 1 : cue.i]:
        if tok.pos_ in ("PROPN", "NOUN", "PRON") and _noun_head(tok).dep_ != "pobj":
            return _noun_head(tok)  # not "the hearing" of '..., when asked after the hearing,'
    return None


def _participle_doer(cue: Token, index: QuoteIndex) -> Token | None:
    """The doer of a participle cue whose parse took its subject from a quote: the first
    subject outside quotes earlier in its sentence ("X ignored the remark -- "A" -- and, when
    asked, asserting, "B"": X asserts)."""
    if cue.tag_ != "VBG":
        return None
    for tok in cue.doc[cue.sent.start : cue.i]:
        if tok.dep_ == "nsubj" and tok.pos_ in ("PROPN", "NOUN", "PRON"):
            return None if index.inside(tok.idx) else tok
    return None


def speaker_of(cue: Token, index: QuoteIndex) -> Token | None:
    """Return the subject of a quote's cue, looking around the cue when the parse took the subject
    from inside the quote (``"..., one of the best," said Rep. Ann Lee`` -> ``Ann Lee``;
    ``"... the best," Ann Lee (D) said in an interview`` -> ``Ann Lee``)."""
    subj = subject_of(cue)
    if subj is None:
        return _inverted_subject(cue)
    if not index.inside(subj.idx):
        return subj
    between = _speaker_between(cue, index) or _participle_doer(cue, index)
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


def speaker_phrase(subj: Token, cue: Token) -> SpacySpan:
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
