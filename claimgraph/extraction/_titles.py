"""Job titles: which runs of words name a position ("chief executive", "head of resources
research", "Emergency Management Minister"), from ``titles.yaml`` and ``relations.yaml``."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from claimgraph.extraction._lexicon import DATA
from claimgraph.extraction._ownership_patterns import relations_data
from claimgraph.loaders._yamldata import safe_load

__all__ = ["COMPLEMENT", "is_head", "is_title", "modifier", "relation_words", "role_words"]

COMPLEMENT = frozenset({"of", "for"})


def relation_words() -> dict[str, Any]:
    """The word lists of ``relations.yaml``."""
    return relations_data()


@lru_cache(maxsize=1)
def role_words() -> tuple[frozenset[str], frozenset[str]]:
    """Return the role heads and title modifiers (``titles.yaml`` plus ``relations.yaml``)."""
    data = safe_load((DATA / "titles.yaml").read_text(encoding="utf-8"))
    extra = relation_words()
    heads = frozenset(str(w).lower() for w in [*data.get("role_heads", ()), *extra["role_heads"]])
    mods = frozenset(
        str(w).lower() for w in [*data.get("title_modifiers", ()), *extra["title_words"]]
    )
    return heads, mods


def is_head(word: str) -> bool:
    heads, _ = role_words()
    low = word.lower().rstrip(".")
    if low in heads:
        return True
    return len(low) > 6 and any(low.endswith(s) for s in relation_words()["agent_suffixes"])


def is_title(words: list[str]) -> bool:
    """A job title: a head (a position) after modifiers, with an "of"/"for" complement.

    Example:
        >>> is_title(["chief", "executive"]), is_title(["said", "spokesman"])
        (True, False)
        >>> is_title(["head", "of", "resources", "research"])
        True
    """
    low = [w.lower() for w in words]
    cut = next((i for i, w in enumerate(low) if w in COMPLEMENT), len(low))
    core, rest = words[:cut], low[cut + 1 :]
    if not core or not is_head(core[-1]) or len(rest) > 4:
        return False
    office = core[-1].lower().rstrip(".") in relation_words()["offices"]
    return all(modifier(w, office) for w in core[:-1]) and (cut == len(low) or bool(rest))


def modifier(word: str, office: bool = False) -> bool:
    """A word before a title's head; a capitalised one before an office is its portfolio
    ("Emergency Management Minister")."""
    _, mods = role_words()
    return word.lower() in mods or is_head(word) or (office and word[:1].isupper())
