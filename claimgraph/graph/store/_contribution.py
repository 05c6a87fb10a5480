"""What one data graph adds to the name index and the running totals, computed in Python.

The input is the graph as N-Triples or N-Quads text, the same bytes the store is about to load
or has just given back, so no SPARQL runs over the store: writing an article costs what reading
its own lines costs. Each line is split at its first two spaces (subjects and predicates hold
none) and only the few predicates below are kept; literal values are unescaped here.

A :class:`Contribution` holds, for one graph:

- ``names``: ``(entity IRI, "nameKey"|"aliasKey", name)`` for every ``schema:name`` and
  ``schema:alternateName`` of an IRI (the index files their keys, :mod:`._namekeys`);
- ``tallies``: claims per ``(kind, key, value)``, as :mod:`._indexing` describes them
  (``speakerSpeech`` ... ``speakerAll`` per speaker and act selector, valued by the speaker's
  kind of agent and name where it speaks; ``outlet`` and ``store`` tallies per act selector;
  ``role`` texts); each tally present counts the graph once as an article;
- ``graph_lines``: the graph's own numbers (triples, claims, agents, observations, its kind
  and article id) as N-Triples lines of the totals graph.

Example:
    >>> text = (
    ...     '<http://ex/c> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
    ...     '<https://w3id.org/claimgraph/ns#Claim> .\\n'
    ...     '<http://ex/c> <https://w3id.org/claimgraph/ns#speaker> <http://ex/ann> .\\n'
    ...     '<http://ex/ann> <https://schema.org/name> "Ann \\\\"A\\\\" Lee" .\\n'
    ... )
    >>> c = contribution("https://w3id.org/claimgraph/graph/article/x", text)
    >>> c.names
    [('http://ex/ann', 'nameKey', 'Ann "A" Lee')]
    >>> sorted((k, s, n) for (k, _, s), n in c.tallies.items() if k.startswith("speaker"))
    []
    >>> c = contribution("g", text + '<http://ex/ann> ' + TYPE + ' <https://schema.org/Person> .')
    >>> sorted((k, s, n) for (k, _, s), n in c.tallies.items() if k.startswith("speaker"))
    [('speakerAll', 'person\\tAnn "A" Lee', 1), ('speakerSpeech', 'person\\tAnn "A" Lee', 1)]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from claimgraph.graph.shacl._ntterms import unescape
from claimgraph.loaders._mapping import ACT_CONCEPTS
from claimgraph.loaders._ntwrite import integer, string
from claimgraph.ontology.namespaces import CG, SDO

__all__ = ["Contribution", "contribution", "literal_value"]

_CG = str(CG)
_SCHEMA = str(SDO)
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_CLAIM = f"<{_CG}Claim>"
_AGENT = "<http://www.w3.org/ns/prov#Agent>"
_OBSERVATION = f"<{_SCHEMA}Observation>"
_SPEECH = f"<{_CG}Speech>"
_SEL_OF_ACT = {f"<{cls}>": sel for sel, cls in ACT_CONCEPTS.items()}
_KIND_OF_CLASS = {
    f"<{_SCHEMA}Person>": "person",
    f"<{_SCHEMA}NewsMediaOrganization>": "news outlet",
    f"<{_CG}UnnamedSource>": "unnamed source",
}
_NAME_KIND = {f"<{_SCHEMA}name>": "nameKey", f"<{_SCHEMA}alternateName>": "aliasKey"}
_P = {
    "speaker": f"<{_CG}speaker>",
    "act": f"<{_CG}act>",
    "appearance": f"<{_SCHEMA}appearance>",
    "publisher": f"<{_SCHEMA}publisher>",
    "memberOf": f"<{_SCHEMA}memberOf>",
    "roleName": f"<{_SCHEMA}roleName>",
    "describes": f"<{_CG}describes>",
    "identifier": f"<{_SCHEMA}identifier>",
}
_KEPT = {TYPE, *_NAME_KIND, *_P.values()}

Tally = tuple[str, str, str]  # (kind, key IRI, value)


@dataclass
class Contribution:
    """One graph's share of the name index and the totals (see the module doc)."""

    names: list[tuple[str, str, str]] = field(default_factory=list)
    tallies: dict[Tally, int] = field(default_factory=dict)
    graph_lines: list[str] = field(default_factory=list)


class _Triples:
    """The kept triples of a graph by predicate: ``{predicate: {subject: [objects]}}``.

    Read from N-Triples or N-Quads text (one statement per line, each ending in `` .``): a line
    is split at its first two spaces (subjects and predicates hold none).
    """

    def __init__(self, graph: str, text: str) -> None:
        self.by: dict[str, dict[str, list[str]]] = {p: defaultdict(list) for p in _KEPT}
        self.count = text.count("\n") + bool(text and not text.endswith("\n"))
        quad_end = f" <{graph}> ."
        for line in text.split("\n"):
            parts = line.split(" ", 2)
            if len(parts) < 3 or parts[1] not in _KEPT:
                continue
            obj = parts[2].rstrip()
            if obj.endswith(quad_end):
                obj = obj[: -len(quad_end)]
            elif obj.endswith(" ."):
                obj = obj[:-2].rstrip()
            self.by[parts[1]][parts[0]].append(obj)

    def objects(self, subject: str, predicate: str) -> list[str]:
        return self.by[predicate].get(subject, [])

    def subjects_of_type(self, cls: str) -> list[str]:
        return [s for s, objs in self.by[TYPE].items() if cls in objs]


def contribution(graph: str, text: str) -> Contribution:
    """The names, tallies and graph numbers of the graph ``graph`` given as N-Triples or
    N-Quads ``text`` (one statement a line, each ending in `` .``, the graph's own quads only)."""
    t = _Triples(graph, text)
    out = Contribution(names=_names(t))
    claims = t.subjects_of_type(_CLAIM)
    counts: dict[Tally, set[str]] = defaultdict(set)
    for claim in claims:
        _count_claim(t, claim, counts)
    for tally, members in _roles(t).items():
        counts[tally] = members
    out.tallies = {k: len(v) for k, v in counts.items() if v}
    out.graph_lines = _graph_lines(t, graph, len(claims))
    return out


def _names(t: _Triples) -> list[tuple[str, str, str]]:
    out = []
    for predicate, kind in _NAME_KIND.items():
        for subject, objects in t.by[predicate].items():
            if not subject.startswith("<"):
                continue
            for obj in objects:
                value = literal_value(obj)
                if value is not None:
                    out.append((subject[1:-1], kind, value))
    return out


def _count_claim(t: _Triples, claim: str, counts: dict[Tally, set[str]]) -> None:
    """Count one claim under its speakers, outlets, names, kinds of agent and the store."""
    speakers = t.objects(claim, _P["speaker"])
    if not speakers:
        return
    acts = t.objects(claim, _P["act"]) or [_SPEECH]
    sels = ["all", *sorted({_SEL_OF_ACT[a] for a in acts if a in _SEL_OF_ACT})]
    outlets = {
        pub
        for art in t.objects(claim, _P["appearance"])
        for pub in t.objects(art, _P["publisher"])
        if pub.startswith("<")
    }
    for sel in sels:
        counts[("store", "", sel)].add(claim)  # the key is filled in by the writer
        for outlet in outlets:
            counts[("outlet", outlet[1:-1], sel)].add(claim)
    for who in speakers:
        if not who.startswith("<"):
            continue
        key = who[1:-1]
        for row in _ranking_values(t, who):
            for sel in sels:
                counts[(speaker_kind(sel), key, row)].add(claim)


def speaker_kind(sel: str) -> str:
    """The kind of the speaker tallies of an act selector (``speech`` -> ``speakerSpeech``, so
    ``cg:speakerSpeechTally``): one predicate per act, so a ranking reads only its act's lines."""
    return "speaker" + sel.capitalize()


def _ranking_values(t: _Triples, who: str) -> list[str]:
    """``KIND<tab>NAME`` for every kind of agent and name the speaker has in this graph: what a
    row of the ranking shows, packed into its tally so the ranking is one scan."""
    kinds = sorted({_KIND_OF_CLASS[c] for c in t.objects(who, TYPE) if c in _KIND_OF_CLASS})
    values = (literal_value(n) for n in t.objects(who, f"<{_SCHEMA}name>"))
    names = sorted({v for v in values if v is not None})
    return [f"{kind}\t{name}" for kind in kinds for name in names]


def _roles(t: _Triples) -> dict[Tally, set[str]]:
    """``role`` tallies: the role nodes behind each "role at organisation" text of a member."""
    out: dict[Tally, set[str]] = defaultdict(set)
    member_of = t.by[_P["memberOf"]]
    for who, roles in member_of.items():
        if not who.startswith("<"):
            continue
        for role in roles:
            texts = [literal_value(rn) for rn in t.objects(role, _P["roleName"])]
            orgs = [
                literal_value(on)
                for org in member_of.get(role, [])
                for on in t.objects(org, f"<{_SCHEMA}name>")
            ]
            for rn in texts:
                for on in orgs:
                    if rn is not None and on is not None:
                        out[("role", who[1:-1], f"{rn} at {on}")].add(role)
    return out


def _graph_lines(t: _Triples, graph: str, claims: int) -> list[str]:
    """The graph's numbers as lines of the totals graph."""
    g = f"<{graph}>"
    agents = len(t.subjects_of_type(_AGENT))
    observations = len(t.subjects_of_type(_OBSERVATION))
    kind = "other"
    if "/graph/article/" in graph:
        kind = "article"
    elif graph.endswith("/graph/curated"):
        kind = "curated"
    lines = [
        f"{g} <{_CG}tripleCount> {integer(t.count)}",
        f"{g} <{_CG}claimCount> {integer(claims)}",
        f"{g} <{_CG}agentCount> {integer(agents)}",
        f"{g} <{_CG}observationCount> {integer(observations)}",
        f"{g} <{_CG}graphKind> {string(kind)}",
    ]
    for art in t.objects(g, _P["describes"]):
        lines += [f"{g} <{_CG}articleId> {i}" for i in t.objects(art, _P["identifier"])]
    return lines


def literal_value(term: str) -> str | None:
    """The lexical form of an N-Triples literal term (``None`` for an IRI or blank node)."""
    if not term.startswith('"'):
        return None
    return unescape(term[1 : term.rindex('"')])
