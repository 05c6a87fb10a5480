"""Graph payloads: what parallel workers send the single writer, and how the store commits them."""

from __future__ import annotations

import hashlib
import pickle

from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.graph.store._payload import GraphPayload, fingerprint
from claimgraph.loaders._mapping import article_lines
from tests.builders import harbour_extraction

G = "https://example.org/graph/one"
TRICKY = [
    f'<https://example.org/a> <https://example.org/p> "two\\nlines <{G}> ."',
    '<https://example.org/a> <https://example.org/q> "caf\u00e9 \u2014 \u201cquoted\u201d"@fr',
    "<https://example.org/b> <https://example.org/r> <https://example.org/c>",
]


def _quads(kg: KnowledgeGraph) -> list[str]:
    data = kg.serialize(format="nquads")
    assert data is not None
    return sorted(data.decode("utf-8").splitlines())


def test_payload_round_trips_lines_even_with_escaped_breaks_and_the_graph_in_a_literal() -> None:
    payload = GraphPayload.from_lines(G, TRICKY)
    assert payload.lines() == TRICKY
    assert payload.triples == 3
    assert payload.nquads.count(b"\n") == 3
    assert payload.nquads.decode("utf-8").endswith(f"<{G}> .\n")
    assert pickle.loads(pickle.dumps(payload)) == payload


def test_fingerprint_is_the_sha256_of_the_joined_lines() -> None:
    expected = hashlib.sha256("\n".join(TRICKY).encode("utf-8")).hexdigest()
    assert fingerprint(TRICKY) == expected == GraphPayload.from_lines(G, TRICKY).fingerprint
    assert fingerprint(TRICKY[:2]) != expected


def test_an_empty_graph_has_no_quads() -> None:
    payload = GraphPayload.from_lines(G, [])
    assert (payload.nquads, payload.lines(), payload.triples) == (b"", [], 0)


def test_committing_a_payload_stores_the_same_as_committing_lines() -> None:
    iri, lines = article_lines(harbour_extraction("payload"))
    with KnowledgeGraph.memory() as by_lines, KnowledgeGraph.memory() as by_payload:
        by_lines._commit_lines(str(iri), lines, article="payload")
        result = by_payload._commit_payload(
            GraphPayload.from_lines(str(iri), lines), article="payload", minted=True
        )
        assert (result.status, result.triples) == ("added", len(lines))
        assert _quads(by_payload) == _quads(by_lines)
        assert any(fingerprint(lines) in q for q in _quads(by_payload))


def test_a_payload_replaces_a_changed_graph_and_leaves_an_equal_one() -> None:
    iri, lines = article_lines(harbour_extraction("again"))
    smaller = lines[: len(lines) // 2]
    with KnowledgeGraph.memory() as kg, KnowledgeGraph.memory() as fresh:
        kg._commit_payload(GraphPayload.from_lines(str(iri), lines), article="again")
        same = kg._commit_payload(GraphPayload.from_lines(str(iri), lines), article="again")
        changed = kg._commit_payload(GraphPayload.from_lines(str(iri), smaller), article="again")
        fresh._commit_payload(GraphPayload.from_lines(str(iri), smaller), article="again")
        assert (same.status, changed.status) == ("unchanged", "replaced")
        assert _quads(kg) == _quads(fresh)
