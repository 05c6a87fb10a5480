"""Quote marks: where the quoted passages of a text are.

News style lets a quote run over several paragraphs: each paragraph opens a quote mark and only
the last one closes. :func:`find_quotes` returns such a quote as one list of spans (one per
paragraph, marks included). A stray or unclosed mark ends at the end of its paragraph, so a bad
mark never swallows the rest of the article. :class:`QuoteIndex` answers whether a character
lies inside a quote.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from claimgraph.records import Span

__all__ = ["CLOSE", "OPEN", "QuoteIndex", "find_quotes", "paragraphs"]

OPEN = frozenset('"“„«')
CLOSE = frozenset('"”»')
MARK = re.compile("[\"“”„«»']")
"""The characters :func:`find_quotes` acts on (an apostrophe pair stands for a double mark)."""
TURN = re.compile(r"[\"“]?(?P<name>[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3}):[ \t]+(?=\S)")
"""A transcript turn ("PENCE: Well, ..."): it ends a quote running over paragraphs."""


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

    A straight mark may be closed by a curly one ('"Yes,” she said'); curly marks paired inside a
    straight-quoted passage quote someone within it.

    Example:
        >>> find_quotes('He said "yes, we will".')
        [[(8, 22)]]
    """
    quotes: list[list[Span]] = []
    current: list[Span] = []
    open_at: int | None = None
    inner = False  # a curly quote is open inside a straight-quoted passage
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
            if (
                open_at is not None
                and _straight(text[open_at])
                and (ch == "“" or (ch == "”" and inner))
            ):
                inner = ch == "“"
                continue  # curly marks inside a straight-quoted passage quote someone within it
            if open_at is None and (ch in OPEN or (i == first and ch == "”")):
                open_at = i  # a paragraph may open with a closing mark set the wrong way round
            elif open_at is not None and ch in CLOSE and i > open_at + 1:
                seg = _segment(text, open_at, i + 2 if text[i : i + 2] == "''" else i + 1)
                if seg:
                    current.append(seg)
                if current:
                    quotes.append(current)
                current, open_at, inner = [], None, False
            elif open_at is not None and ch == "“":
                open_at = i
        if open_at is not None:
            seg = _segment(text, open_at, p_end)
            if seg:
                current.append(seg)
            open_at, inner = None, False
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
