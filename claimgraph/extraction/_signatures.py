"""Signatures: a cue set off by commas that signs the words beside it.

"A, he said, B" -> A and B; "People like him, she said." -> the words before; "As the mayor put
it, the city is broke" -> the words after. "put" is a cue only in "as X put it".
"""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimgraph.extraction._cue_content import paragraph_of
from claimgraph.extraction._drafts import trim
from claimgraph.extraction._lexicon import word_class
from claimgraph.extraction._subject_breaks import FINITE
from claimgraph.extraction._subjects import CLOSING_MARKS, is_cue_verb, own_subject, subject_of

__all__ = ["MIN_TOKENS", "is_signature_idiom", "parenthetical", "signature_parts"]

MIN_TOKENS = 2


def parenthetical(verb: Token) -> list[tuple[int, int]] | None:
    """Return the two parts of a clause a cue interrupts ("A, he said, B" -> "A", "B")."""
    head = verb.head
    if verb.dep_ != "parataxis" or head.i < verb.i or head.pos_ not in ("VERB", "AUX"):
        return None
    doc, sent = verb.doc, verb.sent
    cut = verb.left_edge.i
    subj = own_subject(verb)
    if subj is not None and 0 < subj.left_edge.i < verb.i and doc[subj.left_edge.i - 1].text == ",":
        cut = subj.left_edge.i  # "If A fails, X argues, B": the parser hung "If A" on the cue
    left = trim(doc, max(head.left_edge.i, sent.start), cut)
    right = trim(doc, verb.right_edge.i + 1, min(head.right_edge.i + 1, sent.end))
    if left[1] <= left[0] or right[1] - right[0] < MIN_TOKENS:
        return None
    return [left, right]


def signature_parts(verb: Token) -> list[tuple[int, int]] | None:
    """Return what a signing cue set off by commas reports: "People like him, she said." ->
    "People like him"; "These workers, Lee explained, were well paid" -> "These workers",
    "were well paid"; "Hawaii, as one adviser pointed out, rarely gets two storms" -> both sides;
    "As the mayor put it, the city is broke" -> "the city is broke".

    The parser often makes such a cue the root with no clause of its own. The signature is the
    subject (and "as") set off by a comma before it (or opening the sentence, with "as"), the cue
    and its adverbs or hearer; nothing else may stand in it.
    """
    subj = subject_of(verb)
    if subj is None or subj.i > verb.i or verb.tag_ not in FINITE:
        return None
    if subj.lower_ in word_class("relative_pronouns"):
        return None  # "A, who watched it on a screen, said B": a relative clause signs nothing
    doc, sent = verb.doc, verb.sent
    open_at = subj.left_edge.i
    opens = open_at > sent.start and doc[open_at - 1].lower_ == "as"
    if opens:
        open_at -= 1
    before = _before_signature(doc, sent.start, open_at)
    if before is None and not (opens and open_at == sent.start):
        return None
    close = verb.i + 1
    while close < sent.end and doc[close].text != "," and not doc[close].is_sent_end:
        if doc[close].pos_ in ("VERB", "AUX") or doc[close].text in ('"', "“", "”"):
            return None
        close += 1
    parts: list[tuple[int, int]] = []
    words: list[Token] = []
    if before is not None:
        left = trim(doc, *paragraph_of(verb, *trim(doc, sent.start, before)))
        words = [t for t in doc[left[0] : left[1]] if t.pos_ != "CCONJ"]
        if len(words) < MIN_TOKENS or any(t.pos_ == "VERB" and is_cue_verb(t) for t in words):
            return None
        if not _adjunct(doc[left[0] : left[1]], verb):
            parts.append(left)
    if close < sent.end and doc[close].text == ",":
        right = trim(doc, close + 1, paragraph_of(verb, close + 1, sent.end)[1])
        if right[1] - right[0] >= MIN_TOKENS and not _adjunct(doc[right[0] : right[1]], verb):
            parts.append(right)
    if not parts or (
        len(parts) == 1 and words and words[0].lower_ in word_class("adverbial_openers")
    ):
        return None  # "When the storm came, she said." only sets the scene
    return parts


def _adjunct(words: SpacySpan, verb: Token) -> bool:
    """Return whether words beside a cue are its own adjunct, not what it reports: a phrase of
    time or place ("On Monday, the mayor spoke ...") or the cue's participle clause ("..., the
    mayor spoke to farmers, promising lower taxes": the participle is a cue of its own)."""
    roots = [t for t in words if not words.start <= t.head.i < words.end or t.head.i == t.i]
    if len(roots) != 1 or roots[0].head.i != verb.i:
        return False
    root = roots[0]
    if root.dep_ in ("prep", "npadvmod") or root.ent_type_ in ("DATE", "TIME"):
        return True
    return root.dep_ == "advcl" and root.tag_ in ("VBG", "VBN") and root.i == words.start


def _before_signature(doc: Doc, start: int, at: int) -> int | None:
    """Where the words before a signature end: at the comma before it (a closing quote mark may
    follow the comma: '"... income," as a memo put it'), or ``None`` if no comma sets it off."""
    i = at - 1
    if i > start and doc[i].text in CLOSING_MARKS:
        i -= 1
    if i <= start or not doc[i].text.endswith(","):
        return None
    return i


def _as_signature(verb: Token) -> bool:
    """Return whether a verb heads an "as X said" clause with no clause of its own."""
    children = list(verb.children)
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in children) and not any(
        c.dep_ == "ccomp" for c in children
    )


def is_signature_idiom(tok: Token) -> bool:
    """Return whether ``tok`` is "put" in "as X put it" (a cue only in that idiom)."""
    return (
        tok.pos_ == "VERB"
        and tok.lemma_.lower() == "put"
        and any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children)
        and _as_signature(tok)
    )
