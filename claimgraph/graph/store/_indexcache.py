"""What the one writer of an embedded store knows of its index graphs, so that a write need not
look it up again.

An on-disk store has one writer (it holds the writer lock) and an in-memory store belongs to its
process, so the tallies a write leaves and the names it files stay true until something else
writes the index graphs. The back end clears the cache on every write that does not come with
an :class:`~claimgraph.graph.store._indexing.IndexWrite` (a raw update, a rebuild's load).

- ``tallies``: ``(kind, key, value) -> (claims, articles)``, or ``None`` for a tally known not
  to be stored;
- ``filed``: ``(entity, kind, name)`` whose keys are known to be filed (never a name that is
  not: a wrong "not filed" only writes keys that are there already);
- ``complete``: the writer saw the store empty, and everything since went through it, so what
  the cache does not hold is not stored.

Example:
    >>> cache = IndexCache()
    >>> t1, t2, t3 = ("speaker", "e", "all"), ("speaker", "e", "speech"), ("store", "", "all")
    >>> cache.learn({t1: (2, 1), t2: None}, filed=[("e", "nameKey", "Ann")], dropped=[])
    >>> cache.tally(t1), cache.tally(t2), cache.tally(t3)
    ((2, 1), None, Ellipsis)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import EllipsisType

__all__ = ["IndexCache"]

MAX_ENTRIES = 1_000_000  # past this many tallies or names the cache starts again (memory)

Name = tuple[str, str, str]
Tally = tuple[str, str, str]  # (kind, key, value), as in ._contribution


class IndexCache:
    """The index facts one writer knows (see the module doc)."""

    def __init__(self) -> None:
        self.tallies: dict[Tally, tuple[int, int] | None] = {}
        self.filed: set[Name] = set()
        self.complete = False

    def clear(self) -> None:
        """Forget everything (the index graphs were written some other way)."""
        self.tallies.clear()
        self.filed.clear()
        self.complete = False

    def tally(self, tally: Tally) -> tuple[int, int] | EllipsisType | None:
        """The tally's stored counts, ``None`` when it is not stored, ``...`` when unknown."""
        if tally in self.tallies:
            return self.tallies[tally]
        return None if self.complete else ...

    def is_filed(self, name: Name) -> bool | None:
        """Whether the name's keys are filed; ``None`` when unknown."""
        if name in self.filed:
            return True
        return False if self.complete else None

    def learn(
        self,
        tallies: Mapping[Tally, tuple[int, int] | None],
        *,
        filed: Iterable[Name],
        dropped: Iterable[str],
    ) -> None:
        """Record what a write (or a look-up) showed: tally counts, names filed, and entities
        some of whose keys were removed (their names are looked up again)."""
        gone = set(dropped)
        if gone:
            self.filed = {n for n in self.filed if n[0] not in gone}
        self.tallies.update(tallies)
        self.filed.update(filed)
        if len(self.tallies) > MAX_ENTRIES or len(self.filed) > MAX_ENTRIES:
            self.clear()
