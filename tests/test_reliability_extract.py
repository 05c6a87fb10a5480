"""Issue 23, items 3 and 4, with the real extractor (spaCy's small model).

3: a run-on text (no full stop) is cut into sentences of a bounded length, and the article's
   report says so; the graph still conforms.
4: every extraction maps to a graph that the extractor's own shapes accept: a property over
   texts generated from clauses, speakers, cues and punctuation written for the test.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from claimgraph.errors import InputError
from claimgraph.extraction import extract
from claimgraph.extraction._bound import MAX_SENTENCE_TOKENS
from claimgraph.graph.shacl._validation import validate_lines
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.ingestion._pipeline import ingest
from claimgraph.loaders._mapping import article_lines
from claimgraph.records import Article, Extraction


def conforms(ex: Extraction) -> list[str]:
    """The violations of an extraction's graph (empty when it conforms)."""
    _, lines = article_lines(ex)
    return [str(v) for v in validate_lines(lines).violations]


# ------------------------------------------------------------------ 3: run-on sentences


def test_a_run_on_text_is_cut_at_the_bound_and_the_report_says_so(nlp: Language) -> None:
    text = 'Ann Lee said "the dam holds" ' * 120  # ~3,500 characters, no full stop
    ex = extract(Article(id="runon", text=text), nlp=nlp)
    doc = nlp(text)
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS + 50
    assert len(list(doc.sents)) >= 3
    [note] = ex.notes
    assert "run-on sentence cut" in note
    assert conforms(ex) == []
    longest = max(e - s for c in ex.claims for s, e in c.content)
    assert longest < len(text) // 2  # no claim runs to the end of the whole text
    with KnowledgeGraph.memory() as kg:
        report = ingest(kg, [Article(id="runon", text=text)])
        assert report.added == 1
        assert [(n.input, n.kind) for n in report.notes] == [("runon", "note")]


def test_ordinary_prose_is_not_cut(nlp: Language) -> None:
    text = "Mayor Ann Lee said the bridge would reopen on Monday after the repairs. " * 40
    ex = extract(Article(id="prose", text=text), nlp=nlp)
    assert ex.notes == []


# ------------------------------------------------------------------ 4: every extraction conforms

CLAUSES = [
    "The plan failed",
    "prices will rise next year",
    "the bridge, owned by Bluewave, would reopen",
    '"we are on schedule"',
    "1,200 ships used the channel in 2023",
    "it was",
    "",
]
SPEAKERS = ["Smith", "Jones", "Mayor Ann Lee", "officials", "a source", "Reuters", "he", "Ohio"]
CUES = ["said", "told reporters", "added", "warned", "according to", "claimed", "says"]
MARKS = [", ", ". ", " ", "; ", " - ", ": ", "\n", ', "', '" ', "“", "” "]

piece = st.one_of(
    st.sampled_from(CLAUSES),
    st.sampled_from(SPEAKERS),
    st.sampled_from(CUES),
    st.builds(lambda s, c: f"{s} {c}", st.sampled_from(SPEAKERS), st.sampled_from(CUES)),
    st.builds(lambda c, s: f"{c} {s}", st.sampled_from(CUES), st.sampled_from(SPEAKERS)),
)
texts = st.lists(st.tuples(piece, st.sampled_from(MARKS)), min_size=2, max_size=14).map(
    lambda parts: "".join(p + m for p, m in parts).strip() + "."
)


def test_the_merged_claims_example_conforms(nlp: Language) -> None:
    text = "The plan failed, Smith said, told reporters, said Jones."
    ex = extract(Article(id="merged", text=text), nlp=nlp)
    assert len(ex.claims) >= 2
    assert conforms(ex) == []


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=texts)
# cases the property found after roles and numbers were added: one role stated twice (two
# evidence spans), and two claims over the same words (numbers sorted claims by value)
@example(text="Mayor Ann Lee - said, The plan failed, The plan failed, Mayor Ann Lee,.")
@example(text='The plan failed, "Smith" said, said..')
def test_every_extraction_maps_to_a_conforming_graph(nlp: Language, text: str) -> None:
    ex = extract(Article(id="gen", text=text, publisher="Test Wire"), nlp=nlp)
    assert conforms(ex) == [], text


def test_empty_and_blank_spans_never_leave_the_extractor() -> None:
    from claimgraph.extraction._sound import sound
    from claimgraph.records import Claim, Entity, Observation

    text = "Ann Lee said the toll will rise to 5 dollars.   And then."
    blank = (45, 48)  # three spaces
    ex = Extraction(
        article=Article(id="blank", text=text, publisher="Test Wire"),
        entities=[Entity(key="e1", name="Ann Lee", type="Person", mentions=[(0, 7), (7, 7)])],
        claims=[
            Claim(
                key="c1",
                content=[(13, 44)],
                kind="indirect",
                cue=(8, 12),
                cue_lemma="say",
                speaker="e1",
                source_span=(0, 7),
            ),
            Claim(
                key="c2",
                content=[blank],
                kind="indirect",
                cue=(8, 12),
                cue_lemma="say",
                speaker="e1",
            ),
            Claim(
                key="c3",
                content=[(13, 44), (50, 50)],
                kind="indirect",
                cue=(30, 30),
                cue_lemma="say",
                speaker="e1",
            ),
        ],
        observations=[
            Observation(claim="c3", value=5.0, measure="toll", span=(35, 44)),
            Observation(claim="c2", value=1.0, measure="x", span=blank),
        ],
    )
    with pytest.raises(InputError, match="or empty"):  # as the extractor could make it
        conforms(ex)
    sound(ex)
    assert [c.key for c in ex.claims] == ["c1"]
    assert [(o.claim, o.span) for o in ex.observations] == [("c1", (35, 44))]
    assert ex.entities[0].mentions == [(0, 7)]
    assert conforms(ex) == []


def test_one_fact_stated_twice_keeps_an_evidence_node_per_statement() -> None:
    """Two records of one role (or ownership) map to one node with two evidence nodes, not to
    one evidence node with two selectors (found by the property above: "Mayor Ann Lee ...
    Mayor Ann Lee")."""
    from claimgraph.records import Entity, Ownership, Role

    text = "Mayor Ann Lee spoke. Acme owns Widgetco. Later, Mayor Ann Lee said Acme owns Widgetco."
    first, second = text.index("Mayor Ann Lee"), text.rindex("Mayor Ann Lee")
    owns1, owns2 = text.index("Acme owns Widgetco"), text.rindex("Acme owns Widgetco")
    n = len("Acme owns Widgetco")
    ann = Entity(key="e1", name="Ann Lee", type="Person", mentions=[(first + 6, first + 13)])
    acme = Entity(key="e2", name="Acme", type="Organization", mentions=[(owns1, owns1 + 4)])
    widget = Entity(
        key="e3", name="Widgetco", type="Organization", mentions=[(owns1 + 10, owns1 + n)]
    )
    ex = Extraction(
        article=Article(id="twice", text=text),
        entities=[ann, acme, widget],
        roles=[
            Role(person="e1", organization=None, title="Mayor", evidence=(first, first + 13)),
            Role(person="e1", organization=None, title="Mayor", evidence=(second, second + 13)),
        ],
        ownerships=[
            Ownership(owner="e2", owned="e3", evidence=(owns1, owns1 + n)),
            Ownership(owner="e2", owned="e3", evidence=(owns2, owns2 + n)),
            Ownership(owner="e2", owned="e3", evidence=(owns1, owns1 + n)),  # the very same
        ],
    )
    _, lines = article_lines(ex)
    report = validate_lines(lines)
    assert report.conforms, report.violations
    evidence = [line for line in lines if "/evidence/" in line.split()[0] and "#start>" in line]
    assert len(evidence) == 4  # two for the role, two for the ownership
