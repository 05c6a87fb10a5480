"""The speaker-centred model of the HTML view: who said what, drawn from the projection.

The page draws people and organisations that said something as nodes (sized by how many claims
they made), the entities their claims mention, the organisations they hold roles in, and
ownership; claims are not nodes but rows of a side panel. This module turns the projected
``MultiDiGraph`` into the compact JSON the page works from: tables of entities, claims, links
(roles and ownership) and articles. The page itself picks the top speakers under the current
filters, so a filter re-lays out the graph without another trip through Python.

Example:
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("person/ann", kind="entity", type="Person", label="Ann")
    >>> g.add_node("claim/1", kind="claim", text="Rain is coming.", spans="4-19")
    >>> g.add_edge("claim/1", "person/ann", key="said_by", relation="said_by")
    'said_by'
    >>> m = speaker_model(g)
    >>> [(c[0], m["entities"][c[5]]["label"]) for c in m["claims"]]
    [('claim/1', 'Ann')]
"""

from __future__ import annotations

from typing import Any

import networkx as nx

__all__ = ["CLAIM_FIELDS", "TOP_ENTITIES", "TOP_SPEAKERS", "WHOLE_GRAPH_MAX_NODES", "speaker_model"]

TOP_SPEAKERS = 60
"""Speakers drawn at once (the most prolific under the current filters); the page says how many
more are hidden and filters or search reach them."""
TOP_ENTITIES = 70
"""Mentioned entities drawn at once (the most mentioned by the drawn speakers' claims)."""
WHOLE_GRAPH_MAX_NODES = 1500
"""The whole-graph mode (every article, claim, entity and number as a node) is offered only for
projections up to this many nodes; past that it is an unreadable hairball."""

_CLAIM_KEYS = ("text", "act", "cue", "type", "original_publisher")
_ENTITY_KEYS = ("label", "type", "aliases")
_ARTICLE_KEYS = ("headline", "date", "publisher", "body")
_LINKS = ("holds_role", "owns")


def _spans(value: object) -> list[list[int]]:
    """``"3-9;12-20"`` as ``[[3, 9], [12, 20]]`` (code-point offsets into the article body)."""
    out = []
    for part in str(value or "").split(";"):
        start, _, end = part.partition("-")
        if start.isdigit() and end.isdigit():
            out.append([int(start), int(end)])
    return out


def _pick(data: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: data[k] for k in keys if data.get(k) not in (None, "")}


def _claims(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    claims = []
    for cid, data in graph.nodes(data=True):
        if data.get("kind") != "claim":
            continue
        speaker = mentions = None
        found: list[str] = []
        for _, target, rel in graph.out_edges(cid, data="relation"):
            if rel == "said_by":
                speaker = target
            elif rel == "mentions":
                found.append(target)
        mentions = sorted(set(found))
        row = {"id": cid, **_pick(data, _CLAIM_KEYS), "spans": _spans(data.get("spans"))}
        row.update(speaker=speaker, article=data.get("article_id"), mentions=mentions)
        claims.append(row)
    return sorted(claims, key=lambda c: (str(c["article"]), c["spans"], c["id"]))


def _links(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    links = []
    for u, v, data in graph.edges(data=True):
        if data.get("relation") in _LINKS:
            link = {"source": u, "target": v, "relation": data["relation"]}
            link.update(_pick(data, ("role", "article_id")))
            links.append(link)
    return links


def _whole(graph: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]] | None:
    """Every node and edge, for small stores (article bodies stay in the article table)."""
    if graph.number_of_nodes() > WHOLE_GRAPH_MAX_NODES:
        return None
    nodes = [
        {
            "id": str(n),
            "kind": d.get("kind", ""),
            "type": d.get("type", ""),
            "label": str(d.get("label", n)),
        }
        for n, d in graph.nodes(data=True)
    ]
    edges = [
        {"source": str(u), "target": str(v), "relation": str(d.get("relation", k))}
        for u, v, k, d in graph.edges(keys=True, data=True)
    ]
    return {"nodes": nodes, "edges": edges}


CLAIM_FIELDS = (
    "id",
    "text",
    "act",
    "cue",
    "type",
    "speaker",
    "article",
    "spans",
    "mentions",
    "original_publisher",
)
"""The columns of a claim row in the model (``speaker``, ``article`` and ``mentions`` are indices
into ``entities`` and ``articles``; absent values are ``null``)."""


def speaker_model(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The compact JSON model of the speaker-centred view of a projected graph.

    Returns:
        ``{"entities", "articles", "bodies", "claim_fields", "claims", "links", "whole",
        "limits"}``: entities that speak, are mentioned or take part in a role or ownership;
        articles with headline, date and publisher, and their bodies in the same order (the page
        reads a body only when it shows a claim's evidence); claims as rows of
        :data:`CLAIM_FIELDS`; role and ownership links as ``[source, target, relation, role]``
        rows of entity indices; the whole graph when it is small (else ``None``); and the
        drawing limits.
    """
    claims = _claims(graph)
    links = _links(graph)
    used = {c["speaker"] for c in claims} | {m for c in claims for m in c["mentions"]}
    used |= {lk["source"] for lk in links} | {lk["target"] for lk in links}
    entities = [
        {"id": n, **_pick(d, _ENTITY_KEYS)}
        for n, d in sorted(graph.nodes(data=True))
        if d.get("kind") == "entity" and n in used
    ]
    articles = [
        {"id": d["article_id"], **_pick(d, _ARTICLE_KEYS)}
        for _, d in sorted(graph.nodes(data=True))
        if d.get("kind") == "article" and d.get("article_id")
    ]
    ent = {e["id"]: i for i, e in enumerate(entities)}
    art = {a["id"]: i for i, a in enumerate(articles)}
    rows = [
        [
            c["id"],
            c.get("text", ""),
            c.get("act"),
            c.get("cue"),
            c.get("type"),
            ent.get(c["speaker"]) if c["speaker"] is not None else None,
            art.get(c["article"]),
            c["spans"],
            [ent[m] for m in c["mentions"] if m in ent],
            c.get("original_publisher"),
        ]
        for c in claims
    ]
    return {
        "entities": entities,
        "articles": [{k: v for k, v in a.items() if k != "body"} for a in articles],
        "bodies": [a.get("body", "") for a in articles],
        "claim_fields": list(CLAIM_FIELDS),
        "claims": rows,
        "links": [
            [ent[lk["source"]], ent[lk["target"]], lk["relation"], lk.get("role")] for lk in links
        ],
        "whole": _whole(graph),
        "limits": {"speakers": TOP_SPEAKERS, "entities": TOP_ENTITIES},
    }
