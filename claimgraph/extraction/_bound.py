"""A pipeline component that cuts run-on sentences at a bound, so extraction stays near linear.

The rules look at a cue's sentence for its speaker and its content, so their cost grows with
the sentence's length for each cue in it: a text of ``Name said "x"`` repeated with no full
stop is one sentence of thousands of tokens with thousands of cues, and extraction (and the
graph it makes, where each claim's content runs to the end of the sentence) grows with the
square of the text. No news sentence is that long: long ones run to 60-100 tokens.

:func:`sentence_bound` runs after the sentence guard and before the parser. It counts the
tokens since the last place a sentence surely ended (a token ending in ``.``, ``!``, ``?`` or
``…``, or a line break); once :data:`MAX_SENTENCE_TOKENS` have gone by, it starts a sentence
at the next token where the guard allows one (after a comma, a quote mark or a bracket, say),
and at the latest :data:`HARD_SENTENCE_TOKENS` tokens in. The parser honours the cut. Each cut
is kept in ``doc.user_data[CUTS]`` (character offsets), and :func:`cut_notes` words them for
the article's report.
"""

from __future__ import annotations

from typing import Any, cast

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

__all__ = [
    "BOUND",
    "CUTS",
    "HARD_SENTENCE_TOKENS",
    "MAX_SENTENCE_TOKENS",
    "cut_notes",
    "sentence_bound",
]

BOUND = "claimgraph_sentence_bound"
CUTS = "claimgraph_sentence_cuts"
MAX_SENTENCE_TOKENS = 250
"""A sentence is cut after this many tokens, where a sentence may start."""
HARD_SENTENCE_TOKENS = 300
"""A sentence is cut after this many tokens wherever it is (a run of words with no mark)."""
_SURE_ENDS = (".", "!", "?", "…")


@Language.component(BOUND, assigns=["token.is_sent_start"])
def sentence_bound(doc: Doc) -> Doc:
    """Start a sentence in each run-on stretch of tokens past the bound (see the module).

    Example:
        >>> from spacy.lang.en import English
        >>> doc = sentence_bound(English()(" ".join(["word,"] * 600)))
        >>> doc.user_data[CUTS][:2]
        [(750, 754), (1500, 1504)]
    """
    if len(doc) <= MAX_SENTENCE_TOKENS:
        return doc
    starts = doc.to_array([SENT_START]).astype("int64")
    cuts: list[tuple[int, int]] = []
    run = 0
    for i, tok in enumerate(doc):
        if i and _ends(doc[i - 1]):
            run = 0
        run += 1
        if run > HARD_SENTENCE_TOKENS or (run > MAX_SENTENCE_TOKENS and starts[i] != -1):
            starts[i] = 1
            cuts.append((tok.idx, tok.idx + len(tok.text)))
            run = 1
    if cuts:
        doc.from_array([SENT_START], cast(Any, starts.astype("uint64").reshape(-1, 1)))
        doc.user_data[CUTS] = cuts
    return doc


def _ends(tok: Any) -> bool:
    return bool(tok.text.endswith(_SURE_ENDS) or "\n" in tok.text_with_ws)


def cut_notes(doc: Doc) -> list[str]:
    """The cuts :func:`sentence_bound` made in ``doc``, in words for the article's report."""
    cuts: list[tuple[int, int]] = doc.user_data.get(CUTS, [])
    if not cuts:
        return []
    where = ", ".join(str(start) for start, _ in cuts[:5]) + (", ..." if len(cuts) > 5 else "")
    return [
        f"{len(cuts)} run-on sentence cut(s): a sentence over {MAX_SENTENCE_TOKENS} tokens was "
        f"split at character(s) {where}; claims across a cut may be incomplete"
    ]
