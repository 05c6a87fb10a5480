"""Authorial claims: the article's own statements, on texts written for these tests."""

from __future__ import annotations

import pytest
from rdflib.namespace import PROV, RDF
from spacy.language import Language

from claimgraph.cli.demo import who_said_what_table
from claimgraph.evaluation._predictions import prediction_record
from claimgraph.extraction import extract, mask_dateline
from claimgraph.extraction._authorial import authorial_claims, headline_end, quoted_regions
from claimgraph.graph.shacl._validation import validate_graph
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.loaders._iris import agent_iri
from claimgraph.loaders._mapping import UNKNOWN_PUBLISHER, article_graph
from claimgraph.ontology.namespaces import CG
from claimgraph.records import Article, Claim, Extraction

PUBLISHER = "Harbour Gazette"
STRIKE = "The ferry strike in Port Selden ended on Tuesday after ten days of closed terminals."
OFFICES = "Ticket offices at both terminals will reopen on Thursday morning."
CROSSINGS = "Crossings resumed at noon, and more than 4,000 passengers travelled on the first day."
ARTICLE = (
    "Ferry Strike Ends After Ten Days\n\n"
    "By Mara Quist, Staff Writer\n\n"
    "5:45 p.m.\n\n"
    f"{STRIKE}\n\n"
    "Union leader Tom Reyes said the workers had won a fair contract.\n\n"
    '"We held the line and we won," Reyes told reporters. "Nobody gave up on anyone."\n\n'
    f"{OFFICES}\n\n"
    "Will the fares go up this winter?\n\n"
    "___\n\n"
    f"{CROSSINGS}\n\n"
    "According to the port authority, the backlog of freight will clear by Friday.\n\n"
    "Read the full contract here.\n"
)
OWN_VOICE = [STRIKE, OFFICES, CROSSINGS]


def texts(x: Extraction, kind: str = "authorial") -> list[str]:
    return [" ".join(x.article.text[s:e] for s, e in c.content) for c in x.claims if c.kind == kind]


def own(nlp: Language, text: str, claims: list[Claim] | None = None, **kw: str) -> list[str]:
    """The authorial sentences of ``text``, given these attributed claims (none by default)."""
    found = authorial_claims(nlp(mask_dateline(text)), claims or [], **kw)
    assert all(c.kind == "authorial" and len(c.content) == 1 for c in found)
    return [text[s:e] for c in found for s, e in c.content]


@pytest.fixture(scope="module")
def article(nlp: Language) -> Extraction:
    return extract(Article(id="ferry", text=ARTICLE, publisher=PUBLISHER), nlp=nlp)


def test_exactly_the_reporting_sentences_are_authorial(article: Extraction) -> None:
    assert texts(article) == OWN_VOICE
    attributed = [c for c in article.claims if c.kind != "authorial"]
    assert len(attributed) >= 3, texts(article, "indirect")
    spans = [s for c in attributed for s in (*c.content, c.cue, c.source_span) if s]
    for claim in article.claims:
        if claim.kind == "authorial":
            ((start, end),) = claim.content
            touched = [(s, e) for s, e in spans if s < end and start < e]
            assert not touched, article.article.text[start:end]
            assert (claim.cue, claim.speaker, claim.source_span) == (None, None, None)


def test_keys_continue_the_numbering(article: Extraction) -> None:
    keys = [c.key for c in article.claims]
    assert keys == [f"c{i}" for i in range(1, len(keys) + 1)]
    assert [c.kind for c in article.claims][-3:] == ["authorial"] * 3


def test_a_number_in_an_authorial_sentence_is_an_observation(article: Extraction) -> None:
    (claim,) = [c for c in article.claims if c.content == [span(ARTICLE, CROSSINGS)]]
    (obs,) = [o for o in article.observations if o.claim == claim.key]
    assert (obs.value, obs.measure, obs.qualifier) == (4000.0, "passengers", "more than")
    assert ARTICLE[obs.span[0] : obs.span[1]] == "more than 4,000"


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return (start, start + len(part))


def test_sentences_an_attributed_claim_touches_are_left_out(nlp: Language) -> None:
    text = "The dam was built in 1961. Engineers checked it on Monday. The lake is low this year."
    claim = Claim(key="c1", content=[span(text, "checked it")], kind="indirect")
    assert own(nlp, text, [claim]) == [
        "The dam was built in 1961.",
        "The lake is low this year.",
    ]
    cue_only = Claim(
        key="c1", content=[span(text, "The dam")], kind="indirect", cue=span(text, "low")
    )
    assert own(nlp, text, [cue_only]) == ["Engineers checked it on Monday."]


def test_keys_skip_the_taken_ones(nlp: Language) -> None:
    text = "The dam was built in 1961. The lake is low this year."
    taken = [Claim(key="c2", content=[span(text, "1961")], kind="indirect")]
    found = authorial_claims(nlp(text), taken)
    assert [c.key for c in found] == ["c3"]


def test_quoted_sentences_are_not_the_articles_voice(nlp: Language) -> None:
    text = (
        'The mayor visited the site at noon. "The bridge is safe. We checked every cable '
        'twice. It will stay open," she added later.\n\n'
        '"I have seen the reports. The engineers are sure of it. It sounds “too good” to be '
        'true, but it is."\n\n'
        "The bridge carries twenty thousand cars a day."
    )
    assert own(nlp, text) == [
        "The mayor visited the site at noon.",
        "The bridge carries twenty thousand cars a day.",
    ]


def test_quoted_regions_count_nested_marks() -> None:
    text = 'Ann wrote "it is “loud” and long" today.\n”Then it ends. Here'
    assert list(quoted_regions(text)) == [(10, 33), (41, len(text))]


@pytest.mark.parametrize(
    "fragment",
    [
        "Why did the council wait so long to act?",
        "By Mara Quist and Leo Hart, Harbour Gazette",
        "5:45 p.m.",
        "___.",
        "Photo: Port Selden Harbour Authority.",
        "Reporting by Leo Hart; editing by Mara Quist.",
        "Leo Hart contributed to this report.",
        "Ferries Sail Again After Ten-Day Strike.",
        "Turn to page six for the full timetable.",
        "Calm seas.",
        "The crews, tired but relieved, at the quay.",
        "The crews were tired, she said.",
        "The crews were tired, according to the union.",
        "The crews were tired and",
    ],
)
def test_fragments_questions_and_labels_are_not_statements(nlp: Language, fragment: str) -> None:
    text = f"The harbour opened in 1890.\n{fragment}\nThe quay was rebuilt in 2004."
    assert own(nlp, text) == ["The harbour opened in 1890.", "The quay was rebuilt in 2004."]


def test_a_sentence_never_crosses_a_line_break(nlp: Language) -> None:
    text = "The harbour opened in 1890 and\nthe quay was rebuilt in 2004 by the city."
    assert len(list(nlp(text).sents)) == 1  # the parser runs the sentence over the break
    line = ["the quay was rebuilt in 2004 by the city."]
    assert own(nlp, text) == line
    assert (
        own(nlp, text, [Claim(key="c1", content=[span(text, "opened in 1890")], kind="indirect")])
        == line
    )
    assert (
        own(nlp, text, [Claim(key="c1", content=[span(text, "rebuilt in 2004")], kind="indirect")])
        == []
    )


def test_the_dateline_is_left_out(nlp: Language) -> None:
    river = "The river rose two metres overnight in the east of the city."
    assert own(nlp, f"LONDON, Dec 30 (IANS): {river}") == [river]
    x = extract(Article(id="d", text=f"LONDON, Dec 30 (IANS): {river}"), nlp=nlp)
    assert [c.content for c in x.claims] == [[span(x.article.text, river)]]
    wire = (
        "Harbour Strike Is Over\n"
        "PORT SELDEN, Maine, Oct. 3 (AP) — The ferry crews went back to work on Tuesday.\n"
        "THE NEW CONTRACT The deal raises pay by four percent a year."
    )
    assert own(nlp, wire) == [
        "The ferry crews went back to work on Tuesday.",
        "The deal raises pay by four percent a year.",
    ]


def test_a_known_headline_is_left_out(nlp: Language) -> None:
    title = "Ferry crews end strike; pay rises four percent for all crews"
    head = "Ferry crews end strike;\npay rises four percent for all crews."
    body = ["The strike ended on Tuesday.", "The crews are back at work."]
    text = f"{head}\n{body[0]}\n{body[1]}"
    assert own(nlp, text, title=title) == body
    assert headline_end(text, title) == len(head)
    # unknown title: a headline line written as a sentence reads as one
    assert headline_end(text, None) == 0
    assert own(nlp, text) == ["pay rises four percent for all crews.", *body]


def test_an_authorial_claim_is_the_publishers_in_the_graph(article: Extraction) -> None:
    graph = article_graph(article)
    publisher = agent_iri(PUBLISHER, "NewsOutlet")
    authorial = set(graph.subjects(RDF.type, CG.AuthorialClaim))
    assert len(authorial) == len(OWN_VOICE)
    for node in authorial:
        assert set(graph.objects(node, PROV.wasAttributedTo)) == {publisher}
        assert (node, RDF.type, CG.Claim) in graph
    said_by_publisher = set(graph.subjects(PROV.wasAttributedTo, publisher))
    assert said_by_publisher == authorial
    assert validate_graph(graph).conforms, validate_graph(graph).violations
    assert validate_graph(graph, engine="pyshacl").conforms


def test_with_no_publisher_the_unknown_outlet_speaks(nlp: Language) -> None:
    x = extract(Article(id="anon", text=f"{STRIKE}\n{OFFICES}"), nlp=nlp)
    graph = article_graph(x)
    unknown = agent_iri(UNKNOWN_PUBLISHER, "NewsOutlet")
    claims = set(graph.subjects(RDF.type, CG.AuthorialClaim))
    assert len(claims) == 2
    assert {o for c in claims for o in graph.objects(c, PROV.wasAttributedTo)} == {unknown}
    assert validate_graph(graph).conforms
    assert [c["speaker"] for c in prediction_record(x)["claims"]] == [None, None]


def test_the_prediction_names_the_publisher(article: Extraction) -> None:
    claims = [c for c in prediction_record(article)["claims"] if c["kind"] == "authorial"]
    assert len(claims) == len(OWN_VOICE)
    assert {c["speaker"]["name"] for c in claims} == {PUBLISHER}
    assert claims[0]["speaker"]["type"] == "Organization"
    assert claims[0]["speaker"]["subtype"] == "NewsOutlet"
    assert all(c["cue"] == [] for c in claims)


def test_the_demo_table_counts_authorial_claims_apart(article: Extraction) -> None:
    with KnowledgeGraph.memory() as kg:
        kg.add(article)
        table = who_said_what_table(kg)
    cells = [str(cell) for column in table.columns for cell in column.cells]
    assert not any(text in cells for text in OWN_VOICE)
    assert "the workers had won a fair contract" in cells
    assert table.caption is not None and str(table.caption).startswith("and 3 statement(s)")


def test_the_demo_table_has_no_caption_without_authorial_claims(extraction: Extraction) -> None:
    extraction.claims = [c for c in extraction.claims if c.kind != "authorial"]
    with KnowledgeGraph.memory() as kg:
        kg.add(extraction)
        table = who_said_what_table(kg)
    assert table.caption is None and table.row_count == len(extraction.claims)
