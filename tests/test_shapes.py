"""Each SHACL shape has a graph that breaks exactly it; the (focus, component) pair is asserted."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SDO, SH, XSD

from claimgraph.graph.shacl._validation import focus_nodes, validate_graph
from claimgraph.loaders._iris import article_iri
from claimgraph.loaders._mapping import article_graph
from claimgraph.ontology.namespaces import CG, OA
from tests.builders import harbour_extraction

ART = article_iri("harbour-1")
CLAIM = URIRef(f"{ART}/claim/111-168")  # the relayed claim (Quinn, reported by the Ledger)
EVIDENCE = URIRef(f"{CLAIM}/evidence/0")
SELECTOR = URIRef(f"{EVIDENCE}/selector")
QUINN = URIRef("https://w3id.org/claimgraph/id/person/ada-quinn")
OWNERSHIP = URIRef(f"{ART}/ownership/northstar-holdings/bluewave")
ROLE = URIRef(f"{ART}/role/ada-quinn/port-authority/head-of-safety")


@pytest.fixture(scope="module")
def base() -> Graph:
    return article_graph(harbour_extraction())


def test_the_unbroken_graph_conforms(base: Graph) -> None:
    report = validate_graph(base)
    assert report.conforms, [str(v) for v in report.violations]
    assert (CLAIM, RDF.type, CG.RelayedClaim) in base
    claims = set(base.subjects(RDF.type, CG.Claim))
    assert claims and all(len(set(base.objects(c, CG.act))) == 1 for c in claims)


def _drop(p: URIRef, s: URIRef | None = None) -> Callable[[Graph], None]:
    def edit(g: Graph) -> None:
        g.remove((s, p, None))

    return edit


def _set(s: URIRef, p: URIRef, o: URIRef | Literal) -> Callable[[Graph], None]:
    def edit(g: Graph) -> None:
        g.set((s, p, o))

    return edit


def _drop_speaker_role(g: Graph) -> None:
    g.remove((URIRef(f"{CLAIM}/attribution/speaker"), PROV.hadRole, CG.SpeakerRole))


def _second_act(g: Graph) -> None:
    g.add((CLAIM, CG.act, CG.Thought))


def _untype_speaker(g: Graph) -> None:
    g.remove((QUINN, RDF.type, None))


def _second_appearance(g: Graph) -> None:
    g.add((CLAIM, SDO.appearance, URIRef("https://example.org/other-article")))
    g.add((URIRef("https://example.org/other-article"), RDF.type, SDO.NewsArticle))


def _move_to_other_article(g: Graph) -> None:
    other = URIRef("https://example.org/other-article")
    g.add((other, RDF.type, SDO.NewsArticle))
    g.set((CLAIM, SDO.appearance, other))


def _drop_original_publisher_attribution(g: Graph) -> None:
    g.remove((URIRef(f"{CLAIM}/attribution/original-publisher"), PROV.hadRole, None))


def _shift_start(g: Graph) -> None:
    start = int(g.value(SELECTOR, OA.start).toPython())  # type: ignore[union-attr]
    g.set((SELECTOR, OA.start, Literal(start + 1, datatype=XSD.integer)))


def _past_the_end(g: Graph) -> None:
    # the last three characters of the body, with an end two past the body: the text matches
    # what a substring would give, but the offsets do not fit the article
    body = str(g.value(ART, SDO.articleBody))
    n = len(body)
    g.set((SELECTOR, OA.start, Literal(n - 3, datatype=XSD.integer)))
    g.set((SELECTOR, OA.end, Literal(n + 2, datatype=XSD.integer)))
    g.set((SELECTOR, OA.exact, Literal(body[n - 3 :])))


def _bad_wikidata(g: Graph) -> None:
    g.add((QUINN, SDO.sameAs, URIRef("https://www.wikidata.org/wiki/Q42")))


C = str(SH)
BREAKS = {
    "article without body": (_drop(SDO.articleBody), ART, C + "MinCountConstraintComponent"),
    "article without publisher": (
        _drop(SDO.publisher, ART),
        ART,
        C + "MinCountConstraintComponent",
    ),
    "claim in no article": (_drop(SDO.appearance, CLAIM), CLAIM, C + "MinCountConstraintComponent"),
    "claim in two articles": (_second_appearance, CLAIM, C + "MaxCountConstraintComponent"),
    "claim without text": (_drop(SDO.text, CLAIM), CLAIM, C + "MinCountConstraintComponent"),
    "claim with empty text": (
        _set(CLAIM, SDO.text, Literal("")),
        CLAIM,
        C + "MinLengthConstraintComponent",
    ),
    "claim without evidence": (_drop(CG.evidence, CLAIM), CLAIM, C + "MinCountConstraintComponent"),
    "claim without a speaker role": (
        _drop_speaker_role,
        CLAIM,
        C + "QualifiedMinCountConstraintComponent",
    ),
    "speaker that is no agent": (
        _untype_speaker,
        CLAIM,
        C + "QualifiedMinCountConstraintComponent",
    ),
    "claim outside its article graph": (
        _move_to_other_article,
        CLAIM,
        C + "SPARQLConstraintComponent",
    ),
    "claim text that its evidence does not support": (
        _set(CLAIM, SDO.text, Literal("something else entirely")),
        CLAIM,
        C + "SPARQLConstraintComponent",
    ),
    "relayed claim without original publisher": (
        _drop(CG.originalPublisher, CLAIM),
        CLAIM,
        C + "MinCountConstraintComponent",
    ),
    "relayed claim without original-publisher attribution": (
        _drop_original_publisher_attribution,
        CLAIM,
        C + "QualifiedMinCountConstraintComponent",
    ),
    "offsets that do not reproduce the text": (
        _shift_start,
        EVIDENCE,
        C + "SPARQLConstraintComponent",
    ),
    "offsets that run past the end of the article": (
        _past_the_end,
        EVIDENCE,
        C + "SPARQLConstraintComponent",
    ),
    "evidence pointing to no article": (
        _drop(OA.hasSource, EVIDENCE),
        EVIDENCE,
        C + "MinCountConstraintComponent",
    ),
    "evidence without selector": (
        _drop(OA.hasSelector, EVIDENCE),
        EVIDENCE,
        C + "MinCountConstraintComponent",
    ),
    "ownership without evidence or source": (
        _drop(CG.evidence, OWNERSHIP),
        OWNERSHIP,
        C + "OrConstraintComponent",
    ),
    "ownership without owner": (
        _drop(CG.owner, OWNERSHIP),
        OWNERSHIP,
        C + "MinCountConstraintComponent",
    ),
    "role without evidence or source": (
        _drop(CG.evidence, ROLE),
        ROLE,
        C + "OrConstraintComponent",
    ),
    "role without title": (_drop(SDO.roleName, ROLE), ROLE, C + "MinCountConstraintComponent"),
    "malformed Wikidata link": (_bad_wikidata, QUINN, C + "SPARQLConstraintComponent"),
    "claim without an act": (_drop(CG.act, CLAIM), CLAIM, C + "MinCountConstraintComponent"),
    "claim with an act outside the scheme": (
        _set(CLAIM, CG.act, CG.SpeakerRole),
        CLAIM,
        C + "InConstraintComponent",
    ),
    "claim with two acts": (_second_act, CLAIM, C + "MaxCountConstraintComponent"),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_each_break_is_reported_on_its_focus_node(base: Graph, name: str) -> None:
    edit, focus, component = BREAKS[name]
    g = Graph()
    for t in base:
        g.add(t)
    edit(g)
    report = validate_graph(g)
    assert not report.conforms
    assert (focus, component) in focus_nodes(report), [str(v) for v in report.violations]
    # every violation is about the broken node, or about claims that rely on it
    claims = set(g.subjects(RDF.type, CG.Claim))
    assert {URIRef(v.focus) for v in report.violations} <= {focus} | claims


def test_violation_messages_are_plain_words(base: Graph) -> None:
    g = Graph()
    for t in base:
        g.add(t)
    _drop_speaker_role(g)
    report = validate_graph(g)
    text = " ".join(str(v) for v in report.violations)
    assert "speaker role" in text
    assert "claim/111-168" in text
