"""The name index and the running totals, written in the same update as the article graph.

Both live in the store as RDF, outside claimgraph's data graphs (``cgg:``), so exports,
``graph-stats`` and ``class-counts`` see the data as before and any SPARQL 1.1 store answers
the same way:

- ``cgi:names`` (:data:`NAMES_GRAPH`) holds ``<entity> cg:nameKey "key"`` for every key of
  every ``schema:name`` of the entity and ``<entity> cg:aliasKey "key"`` for its
  ``schema:alternateName`` (keys: :mod:`claimgraph.queries._namekeys`).
- ``cgi:totals`` (:data:`TOTALS_GRAPH`) holds tallies, one node per (kind, key, value):
  ``?t cg:tallyKind ?kind ; cg:tallyOf ?key ; cg:tallyValue ?value ; cg:claimCount n ;
  cg:articleCount m``. Kinds ``speaker``, ``outlet`` and ``store`` count claims per act
  selector (value ``"speech"`` ... ``"all"``; ``store`` tallies have the totals graph as key);
  ``name`` and ``class`` tallies hold a speaker's names and kind of agent (``"person"``,
  ``"news outlet"``, ``"unnamed source"``) as stated where it speaks, ``role`` tallies the
  ``"role at organisation"`` texts of every person with a role. Per data graph:
  ``<graph> cg:tripleCount n ; cg:claimCount c ; cg:agentCount a ; cg:observationCount o``
  (and ``cg:graphKind "article"|"curated"|"other"``, ``cg:articleId "article id"`` for an
  article's graph). A claim without ``cg:act``
  counts as speech.
- ``cgi:totals cg:indexVersion`` :data:`INDEX_VERSION` says the index and the totals are
  complete. It is written with the first article of an empty store and by a rebuild
  (:func:`rebuild_ops`); a store written before the index existed has data but no version,
  and the named queries that read the index refuse it until ``claimgraph index --store
  LOCATION`` rebuilds it.

:func:`index_ops` gives the operations to run before and after the graph is replaced or dropped
in the one update request: the old graph's contribution is subtracted (and its entities' keys
removed) before it goes, the new graph's is added after it is written. The tallies are computed
by the store from the graph itself, so the arithmetic happens inside the transaction.
:func:`rebuild_ops` recomputes everything from the data (bulk-loaded or older stores).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Literal, URIRef

from claimgraph.loaders._mapping import ACT_CONCEPTS
from claimgraph.ontology.namespaces import CGG
from claimgraph.queries._namekeys import name_keys

__all__ = [
    "INDEX",
    "INDEX_VERSION",
    "NAMES_GRAPH",
    "TOTALS_GRAPH",
    "IndexOps",
    "index_ops",
    "name_key_lines",
    "names_in_lines",
    "names_insert_ops",
    "rebuild_ops",
    "version_op",
]

INDEX = "https://w3id.org/claimgraph/index/"
NAMES_GRAPH = URIRef(INDEX + "names")
TOTALS_GRAPH = URIRef(INDEX + "totals")
INDEX_VERSION = 1  # raise when the index's form changes: older stores must be rebuilt
_TALLY = INDEX + "tally/"
_CG = "https://w3id.org/claimgraph/ns#"
_SCHEMA = "https://schema.org/"
_NAME_PREDICATES = {f"<{_SCHEMA}name>": "nameKey", f"<{_SCHEMA}alternateName>": "aliasKey"}


# the operations are written with these prefixes and sent with full IRIs: an update request
# has one prologue, at its start, and the operations join the graph's own INSERT DATA
_PREFIXES = {
    "cg": _CG,
    "schema": _SCHEMA,
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}
_PREFIXED = re.compile(r"(?<![\w<])(cg|schema|prov|rdf):(\w+)")


def _expand(text: str) -> str:
    """``text`` with the prefixed names of :data:`_PREFIXES` written as full IRIs."""
    return _PREFIXED.sub(lambda m: f"<{_PREFIXES[m[1]]}{m[2]}>", text)


@dataclass(frozen=True)
class IndexOps:
    """SPARQL update operations to run around a graph's replacement, in the same request."""

    before: list[str]
    after: list[str]


def _contribution(restrict: str) -> str:
    """Tallies per (kind, key, value) in the graphs ``restrict`` lets ``?g`` range over.

    ``speaker``, ``outlet`` and ``store`` tallies count claims per act selector (the value);
    ``name`` and ``class`` tallies record a speaker's name and kind of agent in the graphs
    where it speaks, ``role`` tallies the "role at organisation" texts of every person with a
    role (the ranking of speakers reads these instead of looking them up in every graph).
    """
    acts = " ".join(f'("{sel}" <{cls}>)' for sel, cls in ACT_CONCEPTS.items())
    return f"""SELECT ?kind ?key ?sel (COUNT(DISTINCT ?c) AS ?n) (COUNT(DISTINCT ?g) AS ?a)
    WHERE {{
      {{
        {{ SELECT ?g ?c ?who ?pub ?act WHERE {{
            {restrict}
            GRAPH ?g {{
              ?c a cg:Claim ; cg:speaker ?who .
              OPTIONAL {{ ?c schema:appearance/schema:publisher ?pub }}
              OPTIONAL {{ ?c cg:act ?act }}
            }}
        }} }}
        VALUES (?sel ?selAct) {{ ("all" cg:Claim) {acts} }}
        FILTER (?sel = "all" || COALESCE(?act, cg:Speech) = ?selAct)
        VALUES ?kind {{ "speaker" "outlet" "store" }}
        BIND (IF(?kind = "speaker", ?who, IF(?kind = "outlet", ?pub, <{TOTALS_GRAPH}>)) AS ?key)
        FILTER (BOUND(?key))
      }} UNION {{
        {restrict}
        GRAPH ?g {{ ?c a cg:Claim ; cg:speaker ?key . ?key schema:name ?name }}
        BIND ("name" AS ?kind)
        BIND (STR(?name) AS ?sel)
      }} UNION {{
        {restrict}
        GRAPH ?g {{ ?c a cg:Claim ; cg:speaker ?key . ?key a ?cls }}
        VALUES (?cls ?sel) {{
          (schema:Person "person") (schema:NewsMediaOrganization "news outlet")
          (cg:UnnamedSource "unnamed source")
        }}
        BIND ("class" AS ?kind)
      }} UNION {{
        {restrict}
        GRAPH ?g {{
          ?key schema:memberOf ?c .
          ?c schema:roleName ?rn ; schema:memberOf ?o .
          ?o schema:name ?on .
        }}
        BIND ("role" AS ?kind)
        BIND (CONCAT(STR(?rn), " at ", STR(?on)) AS ?sel)
      }}
    }}
    GROUP BY ?kind ?key ?sel"""


def _totals_op(restrict: str, sign: str) -> str:
    """Add (``+``) or subtract (``-``) the claims of the graphs ``restrict`` selects."""
    t = f"<{TOTALS_GRAPH}>"
    return _expand(f"""DELETE {{ GRAPH {t} {{
    ?t cg:tallyKind ?kind ; cg:tallyOf ?key ; cg:tallyValue ?sel ;
       cg:claimCount ?old ; cg:articleCount ?oldA }} }}
INSERT {{ GRAPH {t} {{ ?keep cg:tallyKind ?kind ; cg:tallyOf ?key ; cg:tallyValue ?sel ;
                          cg:claimCount ?new ; cg:articleCount ?newA }} }}
WHERE {{
  {{ {_contribution(restrict)} }}
  BIND (IRI(CONCAT("{_TALLY}", MD5(CONCAT(?kind, " ", ?sel, " ", STR(?key))))) AS ?t)
  OPTIONAL {{ GRAPH {t} {{ ?t cg:claimCount ?old ; cg:articleCount ?oldA }} }}
  BIND (COALESCE(?old, 0) {sign} ?n AS ?new)
  BIND (COALESCE(?oldA, 0) {sign} ?a AS ?newA)
  BIND (IF(?new > 0, ?t, ?none) AS ?keep)  # a tally that falls to zero goes
}}""")


def _graph_counts_op(restrict: str) -> str:
    """Write the triple, claim, agent and observation counts of each graph ``restrict`` selects."""
    return _expand(f"""INSERT {{ GRAPH <{TOTALS_GRAPH}> {{
    ?g cg:tripleCount ?n ; cg:claimCount ?c ; cg:agentCount ?ag ; cg:observationCount ?ob ;
       cg:graphKind ?graphKind ; cg:articleId ?article }} }}
WHERE {{
  {{
    SELECT ?g (COUNT(*) AS ?n)
           (SUM(IF(?p = rdf:type && ?x = cg:Claim, 1, 0)) AS ?c)
           (SUM(IF(?p = rdf:type && ?x = prov:Agent, 1, 0)) AS ?ag)
           (SUM(IF(?p = rdf:type && ?x = schema:Observation, 1, 0)) AS ?ob)
    WHERE {{ {restrict} GRAPH ?g {{ ?s ?p ?x }} }}
    GROUP BY ?g
  }}
  OPTIONAL {{ GRAPH ?g {{ ?g cg:describes ?art }} GRAPH ?g {{ ?art schema:identifier ?article }} }}
  BIND (IF(CONTAINS(STR(?g), "/graph/article/"), "article",
        IF(STRENDS(STR(?g), "/graph/curated"), "curated", "other")) AS ?graphKind)
}}""")


def _drop_keys_op(graph: URIRef) -> str:
    """Remove every key of every entity named in ``graph`` (kept ones are written again)."""
    return _expand(f"""DELETE {{ GRAPH <{NAMES_GRAPH}> {{ ?e ?k ?v }} }}
WHERE {{
  {{ SELECT DISTINCT ?e WHERE {{
      GRAPH <{graph}> {{ ?e schema:name|schema:alternateName ?any }} }} }}
  GRAPH <{NAMES_GRAPH}> {{ ?e ?k ?v }}
}}""")


def names_in_lines(lines: Iterable[str]) -> list[tuple[str, str, str]]:
    """``(entity N-Triples term, "nameKey"|"aliasKey", name)`` for each name line of a graph."""
    picked = [ln for ln in lines if _predicate(ln) in _NAME_PREDICATES]
    if not picked:
        return []
    data = " .\n".join(picked) + " .\n"
    out = []
    for t in ox.parse(data.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES):
        if isinstance(t.object, ox.Literal):
            out.append((str(t.subject), _NAME_PREDICATES[str(t.predicate)], t.object.value))
    return out


def _predicate(line: str) -> str:
    parts = line.split(" ", 2)
    return parts[1] if len(parts) > 2 else ""


def name_key_lines(names: Iterable[tuple[str, str, str]]) -> list[str]:
    """The index's N-Triples lines (no final dot) for ``(entity, kind, name)`` triples."""
    lines = set()
    for entity, kind, name in names:
        for key in name_keys(name):
            lines.add(f"{entity} <{_CG}{kind}> {Literal(key).n3()}")
    return sorted(lines)


def _insert_data(graph: URIRef, lines: Sequence[str], chunk: int = 1000) -> list[str]:
    sep = " .\n"
    return [
        f"INSERT DATA {{ GRAPH <{graph}> {{ {sep.join(lines[i : i + chunk])} . }} }}"
        for i in range(0, len(lines), chunk)
    ]


def index_ops(
    graph: URIRef,
    *,
    old: bool,
    new_names: Sequence[tuple[str, str, str]] | None,
    kept_names: Sequence[tuple[str, str, str]],
) -> IndexOps:
    """The operations that keep the index and the totals right when ``graph`` is replaced.

    Args:
        graph: the data graph being written or dropped.
        old: a version of the graph is stored now (its contribution is subtracted first).
        new_names: the names in the new version, or ``None`` when the graph is dropped.
        kept_names: the names, in other graphs, of the entities named in the old version (their
            keys are removed with the old graph's and must be written again).
    """
    one = f"VALUES ?g {{ <{graph}> }}"
    before: list[str] = []
    if old:
        before += [
            _totals_op(one, "-"),
            f"DELETE WHERE {{ GRAPH <{TOTALS_GRAPH}> {{ <{graph}> ?p ?o }} }}",
            _drop_keys_op(graph),
        ]
    after: list[str] = []
    if new_names is not None:
        after += [_totals_op(one, "+"), _graph_counts_op(one)]
    keys = name_key_lines([*(new_names or []), *kept_names])
    after += _insert_data(NAMES_GRAPH, keys)
    return IndexOps(before, after)


def version_op() -> str:
    """The operation that marks the index and totals complete (:data:`INDEX_VERSION`)."""
    return (
        f"INSERT DATA {{ GRAPH <{TOTALS_GRAPH}> {{ <{TOTALS_GRAPH}> <{_CG}indexVersion> "
        f"{INDEX_VERSION} }} }}"
    )


def rebuild_ops() -> list[str]:
    """Operations that recompute the totals from the data graphs (the name index is written
    from the names the caller reads, see ``KnowledgeGraph.rebuild_indexes``); the version
    mark goes last, so an interrupted rebuild leaves a store that still says it has none."""
    data = f'FILTER (STRSTARTS(STR(?g), "{CGG}") && ?g != <{CGG}meta>)'
    return [
        f"DROP SILENT GRAPH <{TOTALS_GRAPH}>",
        _totals_op(data, "+"),
        _graph_counts_op(data),
    ]


def names_insert_ops(names: Iterable[tuple[str, str, str]]) -> list[str]:
    """``INSERT DATA`` operations filing these names' keys."""
    return _insert_data(NAMES_GRAPH, name_key_lines(names))
