"""Attribution acts: each claim's act from its cue and construction, the lexicon read by key, the
act in the graph, in the named queries and in the evaluation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import RDF
from spacy.language import Language

from claimgraph.errors import InputError, QueryError
from claimgraph.evaluation._score import score
from claimgraph.extraction import extract
from claimgraph.extraction._lexicon import DATA, Lexicon
from claimgraph.graph.shacl._validation import validate_graph
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.loaders._mapping import article_graph
from claimgraph.ontology.namespaces import CG
from claimgraph.records import Article, Extraction
from tests.extracting import run, text_of
from tests.test_queries_builders import ACTS_TEXT, acts_extraction


def _acts(nlp: Language, text: str) -> dict[str, str]:
    """Each attributed claim's content (without a leading "that") -> its act."""
    x = run(nlp, text)
    return {text_of(x, c).removeprefix("that "): c.act for c in x.claims}


CASES = [
    ("Ms Varga said that the ferry would run late.", "the ferry would run late", "speech"),
    ("The rangers believe the wolves have moved north.", "the wolves have moved north", "thought"),
    ("Growers fear that the frost will ruin the crop.", "the frost will ruin the crop", "thought"),
    ("The harbour master wants to dredge the channel.", "to dredge the channel", "intention"),
    ("The treasurer refused to sign the accounts.", "to sign the accounts", "intention"),
    ("The auditors declined to comment on the figures.", "to comment on the figures", "intention"),
    ("The inspection found that the wiring was unsafe.", "the wiring was unsafe", "evidence"),
    ("The survey suggests that most tenants pay more.", "most tenants pay more", "evidence"),
    ("A neighbour saw that the door had been forced.", "the door had been forced", "perception"),
    ("The caretaker heard that the boiler had failed.", "the boiler had failed", "perception"),
]


@pytest.mark.parametrize(("text", "content", "act"), CASES)
def test_the_act_comes_from_the_cue_and_its_construction(
    nlp: Language, text: str, content: str, act: str
) -> None:
    got = _acts(nlp, text)
    assert got.get(content) == act, got


def test_a_person_who_suggests_speaks_and_a_study_that_suggests_is_evidence(
    nlp: Language,
) -> None:
    got = _acts(
        nlp,
        "Dr Amari suggested that the clinic open later. "
        "A new study suggests that late clinics cut waiting times.",
    )
    assert got.get("the clinic open later") == "speech", got
    assert got.get("late clinics cut waiting times") == "evidence", got


def test_agreeing_that_is_a_view_and_agreeing_to_is_an_intention(nlp: Language) -> None:
    got = _acts(
        nlp,
        "The union agreed that the offer was fair. The union later agreed to end the strike.",
    )
    assert got.get("the offer was fair") == "thought", got
    assert got.get("to end the strike") == "intention", got


def test_a_direct_quote_and_according_to_are_speech(nlp: Language) -> None:
    x = run(
        nlp,
        '"The bridge is closed until Friday," said Nora Lind. '
        "The repairs will cost more than planned, according to the council.",
    )
    assert x.claims and {c.act for c in x.claims} == {"speech"}, [
        (text_of(x, c), c.act) for c in x.claims
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The goalkeeper tried to clear the ball.",
        "Councillors voted 12 to 9 to close the library.",
        "The board approved the merger on Monday.",
        "The club decided to sell its stadium.",
        "The mayor's latest effort to close the budget gap failed again.",
    ],
)
def test_actions_attempts_votes_and_decisions_are_not_claims(nlp: Language, text: str) -> None:
    x = run(nlp, text)
    assert x.claims == [], [(text_of(x, c), c.cue_lemma) for c in x.claims]


def test_a_cue_in_the_infinitive_of_an_action_is_part_of_the_action(nlp: Language) -> None:
    x = run(nlp, "The committee voted to condemn the decision.")
    assert x.claims == [], [(text_of(x, c), c.cue_lemma) for c in x.claims]


def test_every_claim_of_an_article_has_one_of_the_five_acts(nlp: Language) -> None:
    x = extract(
        Article(
            id="t",
            text=(
                "The minister refused to resign. Critics hope the inquiry will be quick. "
                'The figures show a rise in arrests. "We did our best," Tomas Berg said. '
                "Rain fell all day."
            ),
        ),
        nlp=nlp,
    )
    assert {c.act for c in x.claims} <= {"speech", "thought", "intention", "evidence", "perception"}
    assert {c.act for c in x.claims if c.kind != "authorial"} == {
        "speech",
        "thought",
        "intention",
        "evidence",
    }
    assert all(c.act == "speech" for c in x.claims if c.kind == "authorial")


# ---------------------------------------------------------------------- the lexicon as data
def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def test_an_unknown_lexicon_key_fails_loudly(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    cues = data / "cues.yaml"
    cues.write_text(cues.read_text(encoding="utf-8") + "\nsynonyms: [say, state]\n", "utf-8")
    with pytest.raises(InputError, match="synonyms"):
        Lexicon.load(data)


def test_a_missing_lexicon_key_fails_loudly(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    cues = data / "cues.yaml"
    cues.write_text(cues.read_text(encoding="utf-8").replace("\nseeming: [", "\n# [", 1), "utf-8")
    with pytest.raises(InputError, match="seeming"):
        Lexicon.load(data)


@pytest.mark.parametrize("flag", ["on", "no", "~"])
def test_a_word_yaml_reads_as_a_flag_fails_loudly(tmp_path: Path, flag: str) -> None:
    data = _copy_data(tmp_path)
    cues = data / "cues.yaml"
    text = cues.read_text(encoding="utf-8")
    cues.write_text(text.replace("  intention: [", f"  intention: [{flag}, ", 1), "utf-8")
    with pytest.raises(InputError, match=r"intention.*quote the word"):
        Lexicon.load(data)


def test_a_word_under_two_acts_fails_loudly(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    cues = data / "cues.yaml"
    text = cues.read_text(encoding="utf-8")
    cues.write_text(text.replace("  intention: [", "  intention: [say, ", 1), "utf-8")
    with pytest.raises(InputError, match="'say'"):
        Lexicon.load(data)


def test_an_unknown_act_fails_loudly(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    cues = data / "cues.yaml"
    text = cues.read_text(encoding="utf-8")
    cues.write_text(text.replace("  perception: [", "  sensation: [", 1), "utf-8")
    with pytest.raises(InputError, match="sensation"):
        Lexicon.load(data)


def test_a_lexicon_passed_to_extract_is_the_one_used(nlp: Language, tmp_path: Path) -> None:
    data = _copy_data(tmp_path)
    cues = data / "cues.yaml"
    text = cues.read_text(encoding="utf-8")
    text = text.replace("  thought: [", "  thought: [grumble, ", 1).replace(" grumble,", "", 1)
    cues.write_text(text, "utf-8")
    own = Lexicon.load(data)
    assert own.verb_acts["grumble"] == "thought"
    article = Article(id="t", text="The tenants grumbled that the rent was too high.")
    mine = extract(article, nlp=nlp, lexicon=own)
    shipped = extract(article, nlp=nlp)
    assert [c.act for c in mine.claims if c.kind != "authorial"] == ["thought"]
    assert [c.act for c in shipped.claims if c.kind != "authorial"] == ["speech"]


# ---------------------------------------------------------------------- the act in the graph
TEXT = ACTS_TEXT


def _two_acts() -> Extraction:
    return acts_extraction()


def test_every_claim_in_the_graph_has_its_act_concept() -> None:
    g = article_graph(_two_acts())
    acts = {g.value(c, CG.act) for c in g.subjects(RDF.type, CG.Claim)}
    assert acts == {CG.Speech, CG.Intention}
    assert validate_graph(g).conforms


def test_an_unknown_act_is_an_input_error() -> None:
    x = _two_acts()
    x.claims[1].act = "wish"
    with pytest.raises(InputError, match="wish"):
        article_graph(x)


def test_who_said_what_lists_speech_unless_asked_for_other_acts() -> None:
    with KnowledgeGraph.memory() as kg:
        kg.add(_two_acts())
        speech = kg.query("who-said-what").to_dicts()
        assert [r["text"] for r in speech] == ["the pier would reopen"]
        every = kg.query("who-said-what", act="all").to_dicts()
        assert {r["text"] for r in every} == {"the pier would reopen", "to rebuild the kiosk"}
        wants = kg.query("said-by", speaker="lund", act="intention").to_dicts()
        assert [r["text"] for r in wants] == ["to rebuild the kiosk"]
        minds = kg.query("beliefs-and-intentions").to_dicts()
        assert [(r["act"], r["text"]) for r in minds] == [("intention", "to rebuild the kiosk")]
        counted = kg.query("speakers").to_dicts()
        assert [(r["speakerName"], int(r["claims"])) for r in counted] == [("Ada Lund", 1)]
        with pytest.raises(QueryError, match="wishes"):
            kg.query("who-said-what", act="wishes")


# ---------------------------------------------------------------------- the evaluation
def test_evaluate_leaves_out_acts_the_gold_does_not_annotate_and_scores_acts() -> None:
    gold = {
        "id": "a",
        "text": TEXT,
        "acts": ["speech"],
        "attributions": [
            {"content": [[14, 35]], "source": [[0, 8]], "source_name": "Ada Lund", "act": "speech"}
        ],
    }
    said = {"content": [[14, 35]], "act": "thought", "speaker": {"name": "Ada Lund"}}
    wanted = {"content": [[52, 73]], "act": "intention", "speaker": {"name": "Ada Lund"}}
    res = score([gold], [{"id": "a", "claims": [dict(said, act="speech"), wanted]}])
    assert res["attribution"]["p"] == 1.0 and res["act_accuracy_on_matched"] == 1.0
    res = score([gold], [{"id": "a", "claims": [said, wanted]}])
    assert res["attribution"]["pred"] == 0
    res = score([dict(gold, acts=None)], [{"id": "a", "claims": [said]}])
    assert res["act_accuracy_on_matched"] == 0.0


def test_evaluate_scores_each_piece_when_the_gold_is_cut_in_pieces() -> None:
    text = '"The pier is safe," Lund said, "and it will open in May."'
    pieces = [[0, 19], [31, 57]]
    gold = {
        "id": "a",
        "text": text,
        "segmentation": "piece",
        "attributions": [{"content": [p], "source_name": "Lund"} for p in pieces],
    }
    claim = {"content": pieces, "act": "speech", "speaker": {"name": "Lund"}}
    res = score([gold], [{"id": "a", "claims": [claim]}])
    assert res["attribution"] == {"p": 1.0, "r": 1.0, "f1": 1.0, "pred": 2, "gold": 2}
    whole = score([dict(gold, segmentation=None)], [{"id": "a", "claims": [claim]}])
    assert whole["attribution"]["pred"] == 1
