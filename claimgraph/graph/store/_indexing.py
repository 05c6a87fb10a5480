"""The name index and the running totals: their form in the store, and the quads one write of
an article adds to them and removes from them.

Both live in the store as RDF, outside claimgraph's data graphs (``cgg:``), so exports,
``graph-stats`` and ``class-counts`` see the data as before and any SPARQL 1.1 store answers
the same way:

- ``cgi:names`` (:data:`NAMES_GRAPH`) holds ``<entity> cg:nameKey "key"`` for every key of
  every ``schema:name`` of the entity and ``<entity> cg:aliasKey "key"`` for its
  ``schema:alternateName`` (keys: :mod:`claimgraph.queries._namekeys`).
- ``cgi:totals`` (:data:`TOTALS_GRAPH`) holds tallies, one triple each: ``<key> cg:KINDTally
  "CLAIMS ARTICLES VALUE"`` (two numbers and the value, one space between: the value may hold
  spaces, the numbers do not). Kinds ``outlet`` and ``store`` count claims per act selector
  (value ``speech`` ... ``all``; the ``store`` tallies have the totals graph as key). A
  speaker's claims are counted per act selector in the predicate (``cg:speakerSpeechTally`` ...
  ``cg:speakerAllTally``) and per kind of agent (``person``, ``news outlet``, ``unnamed
  source``) and name as stated where it speaks, packed in the value as ``KIND<tab>NAME``:
  everything a row of the ranking shows but the roles. ``role`` tallies hold the "role at
  organisation" texts of every person with a role. So the ranking of speakers is one scan of its
  act's predicate (and the role tallies). A tally may have more than one line for a while:
  adding an article only adds lines (the counts only grow), in the one load that writes the
  article, and the lines it supersedes are removed later in batches (see
  :class:`~claimgraph.graph.store._backend.OxigraphBackend`); readers take the largest counts.
  Replacing or removing an article (which may lower counts) removes every line of the tallies it
  touches and writes one, in one update. Per data graph: ``<graph> cg:tripleCount n ;
  cg:claimCount c ; cg:agentCount a ; cg:observationCount o`` (and ``cg:graphKind
  "article"|"curated"|"other"``, ``cg:articleId "article id"`` for an article's graph). A claim
  without ``cg:act`` counts as speech.
- ``cgi:totals cg:indexVersion`` :data:`INDEX_VERSION` says the index and the totals are
  complete. It is written with the first article of an empty store and by a rebuild; a store
  written before the index existed has data but no version, and the named queries that read
  the index refuse it until ``claimgraph index --store LOCATION`` rebuilds it.

What a graph contributes is computed in Python from its lines (:mod:`._contribution`);
:func:`plan_write` turns the old and new versions' contributions and the current values of the
tallies they touch (read by key IRI) into an :class:`IndexWrite`: the lines to remove and add.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import URIRef

from claimgraph.graph.store._contribution import Contribution, Tally
from claimgraph.loaders._ntwrite import integer, string
from claimgraph.ontology.namespaces import CG
from claimgraph.queries._namekeys import name_keys

__all__ = [
    "INDEX",
    "INDEX_VERSION",
    "NAMES_GRAPH",
    "TOTALS_GRAPH",
    "IndexWrite",
    "data_ops",
    "key_lines",
    "parse_tally",
    "plan_write",
    "tally_key",
    "tally_line",
    "tally_predicate",
    "touched_tallies",
    "version_line",
]

INDEX = "https://w3id.org/claimgraph/index/"
NAMES_GRAPH = URIRef(INDEX + "names")
TOTALS_GRAPH = URIRef(INDEX + "totals")
INDEX_VERSION = 3  # raise when the index's form changes: older stores must be rebuilt
_CG = str(CG)
CHUNK = 1000  # triples per INSERT/DELETE DATA: Virtuoso's SPARQL parser gives up near 5,000


def tally_predicate(kind: str) -> str:
    """The predicate of a kind of tally (``speaker`` -> ``cg:speakerTally``)."""
    return f"{_CG}{kind}Tally"


def tally_key(tally: Tally) -> str:
    """The IRI a tally is about (the totals graph for the ``store`` tallies)."""
    return tally[1] or str(TOTALS_GRAPH)


def tally_line(tally: Tally, claims: int, articles: int) -> str:
    """The tally's line with these counts."""
    kind, _, value = tally
    text = string(f"{claims} {articles} {value}")
    return f"<{tally_key(tally)}> <{tally_predicate(kind)}> {text}"


def parse_tally(kind: str, key: str, text: str) -> tuple[Tally, tuple[int, int]]:
    """The tally and counts a tally's literal ``text`` holds (see :func:`tally_line`)."""
    claims, articles, value = text.split(" ", 2)
    return (kind, "" if key == str(TOTALS_GRAPH) else key, value), (int(claims), int(articles))


def key_lines(names: Iterable[tuple[str, str, str]]) -> set[str]:
    """The name index's N-Triples lines (no final dot) for ``(entity IRI, kind, name)``."""
    lines: set[str] = set()
    for entity, kind, name in names:
        lines.update(f"<{entity}> <{_CG}{kind}> {key}" for key in _key_literals(name))
    return lines


@lru_cache(maxsize=1 << 16)
def _key_literals(name: str) -> tuple[str, ...]:
    """The keys of ``name`` as N-Triples literals (names recur: a few are very frequent)."""
    return tuple(string(key) for key in name_keys(name))


def version_line() -> str:
    """The line of the totals graph that marks the index and totals complete."""
    return f"<{TOTALS_GRAPH}> <{_CG}indexVersion> {integer(INDEX_VERSION)}"


@dataclass(frozen=True)
class IndexWrite:
    """Lines (N-Triples, no final dot) to remove from and add to the two index graphs, and what
    the store holds once they are written (for the writer's :class:`~._indexcache.IndexCache`):
    the touched tallies' counts (``None``: gone), the names filed, the entities some of whose
    keys were removed."""

    remove_names: Sequence[str] = ()
    remove_totals: Sequence[str] = ()
    add_names: Sequence[str] = ()
    add_totals: Sequence[str] = ()
    tally_values: Mapping[Tally, tuple[int, int] | None] = field(default_factory=dict)
    filed: Sequence[tuple[str, str, str]] = ()
    dropped: Sequence[str] = ()

    def delete_ops(self) -> list[str]:
        """``DELETE DATA`` operations for the removals (run before the graph is replaced)."""
        return data_ops("DELETE", self.remove_names, self.remove_totals)

    def insert_ops(self) -> list[str]:
        """``INSERT DATA`` operations for the additions (run after the graph is written)."""
        return data_ops("INSERT", self.add_names, self.add_totals)

    def add_nquads(self) -> bytes:
        """N-Quads of the additions."""
        names = "".join(f"{ln} <{NAMES_GRAPH}> .\n" for ln in self.add_names)
        totals = "".join(f"{ln} <{TOTALS_GRAPH}> .\n" for ln in self.add_totals)
        return (names + totals).encode("utf-8")


def data_ops(verb: str, names: Sequence[str], totals: Sequence[str]) -> list[str]:
    """``INSERT DATA`` or ``DELETE DATA`` operations of these lines, :data:`CHUNK` at a time."""
    ops = []
    for graph, lines in ((NAMES_GRAPH, names), (TOTALS_GRAPH, totals)):
        for i in range(0, len(lines), CHUNK):
            body = " .\n".join(lines[i : i + CHUNK])
            ops.append(f"{verb} DATA {{ GRAPH <{graph}> {{ {body} . }} }}")
    return ops


def touched_tallies(*versions: Contribution | None) -> list[Tally]:
    """The tallies these contributions touch (to read their current values)."""
    seen: set[Tally] = set()
    for c in versions:
        if c is not None:
            seen.update(c.tallies)
    return sorted(seen)


def plan_write(
    old: Contribution | None,
    new: Contribution | None,
    current: Mapping[Tally, tuple[int, int]],
    *,
    kept_names: Iterable[tuple[str, str, str]] = (),
    indexed_names: Iterable[tuple[str, str, str]] = (),
    stale: Sequence[str] = (),
    mark_version: bool = False,
) -> IndexWrite:
    """The index and totals lines to remove and add when ``old`` becomes ``new``.

    Args:
        old: the stored version's contribution (``None`` for a new graph).
        new: the new version's (``None`` when the graph is dropped).
        current: ``tally -> (claims, articles)`` now stored, for :func:`touched_tallies`.
        kept_names: names, in other graphs, of the entities the old version names (their keys
            stay).
        indexed_names: new names whose keys are known to be filed already (not written again).
        stale: superseded tally lines found stored (removed too).
        mark_version: write :func:`version_line` too (the first graph of an empty store).
    """
    values: dict[Tally, tuple[int, int] | None] = {}
    rm_totals, add_totals = _tally_lines(old, new, current, values)
    rm_totals += stale
    old_g = set(old.graph_lines) if old else set()
    new_g = set(new.graph_lines) if new else set()
    rm_totals += sorted(old_g - new_g)
    add_totals += sorted(new_g - old_g)
    if mark_version:
        add_totals.append(version_line())
    filed = set(indexed_names)
    to_add = key_lines(n for n in new.names if n not in filed) if new else set()
    old_keys: set[str] = set()
    removed: list[str] = []
    if old is not None:  # a new graph removes no key
        old_keys = key_lines(old.names)
        stay = (key_lines(new.names) if new else set()) | key_lines(kept_names)
        removed = sorted(old_keys - stay)
    return IndexWrite(
        remove_names=removed,
        remove_totals=rm_totals,
        add_names=sorted(to_add - old_keys),
        add_totals=add_totals,
        tally_values=values,
        filed=new.names if new else (),
        dropped=sorted({ln[1 : ln.index(">")] for ln in removed}),
    )


def _tally_lines(
    old: Contribution | None,
    new: Contribution | None,
    current: Mapping[Tally, tuple[int, int]],
    values: dict[Tally, tuple[int, int] | None],
) -> tuple[list[str], list[str]]:
    """The tally lines to remove and add: each touched tally's counts plus the difference
    (``values`` gets the counts written, ``None`` for a tally that goes)."""
    before = old.tallies if old else {}
    after = new.tallies if new else {}
    remove: list[str] = []
    add: list[str] = []
    for tally in sorted({*before, *after}):
        dc = after.get(tally, 0) - before.get(tally, 0)
        da = (tally in after) - (tally in before)
        if dc == 0 and da == 0:
            continue
        stored = current.get(tally)
        claims, articles = stored if stored else (0, 0)
        if stored:
            remove.append(tally_line(tally, claims, articles))
        if claims + dc > 0:
            add.append(tally_line(tally, claims + dc, articles + da))
            values[tally] = (claims + dc, articles + da)
        else:
            values[tally] = None
    return remove, add
