"""Name keys: the strings under which the name index (``cgg:names``) files an entity's names.

A name is folded (Unicode case folding, accents removed, runs of white space made one space,
ends trimmed). A word starts at the beginning of the name, after white space, and where a
letter or digit follows a character that is neither ("{Quinn}" has a word "quinn"). The keys
of a name are every start of the folded name taken from a word start, up to
:data:`MAX_KEY` characters, plus the whole folded name however long. So "Simon Bailey" is found
by "simon", "Bailey", "sim", "simon bail" or "SIMON BAILEY", and "NSPCC" by "nspcc"; not by
"mon" (inside a word) - the substring search (``match=substring``) still finds that.

Example:
    >>> fold("  Zoë   BAILEY ")
    'zoe bailey'
    >>> sorted(k for k in name_keys("Al Bo") if len(k) > 2)
    ['al b', 'al bo']
    >>> lookup_key("Bailey"), lookup_key("x" * 80)
    ('bailey', None)
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MAX_KEY", "fold", "lookup_key", "name_keys"]

MAX_KEY = 40  # longest key filed for a word start; longer queries fall back to substring search
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """``text`` case-folded, without accents, its white space collapsed and trimmed."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACE.sub(" ", unicodedata.normalize("NFC", bare).casefold()).strip()


def _word_starts(folded: str) -> list[int]:
    starts = []
    for i, char in enumerate(folded):
        if char == " ":
            continue
        prev = folded[i - 1] if i else " "
        if prev == " " or (char.isalnum() and not prev.isalnum()):
            starts.append(i)
    return starts


def name_keys(name: str) -> set[str]:
    """Every key the index files ``name`` under (see the module doc)."""
    folded = fold(name)
    keys = {folded} if folded else set()
    for start in _word_starts(folded):
        tail = folded[start : start + MAX_KEY]
        keys.update(tail[:end].rstrip() for end in range(1, len(tail) + 1))
    keys.discard("")
    return keys


def lookup_key(query: str) -> str | None:
    """The key to look ``query`` up under, or ``None`` when the index cannot answer it (empty,
    or longer than :data:`MAX_KEY`): the caller then searches names by substring."""
    key = fold(query)
    if not key or len(key) > MAX_KEY:
        return None
    return key
