"""Which attributions are speech: stance verbs, verbs of showing and presenting, verbs whose
object is only a topic, cue verbs in a to-infinitive of an act not done, stative participles.

Every sentence here is written for the test."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.extracting import run, text_of


def _acts(nlp: Language, text: str) -> dict[str, str]:
    """Each attributed claim's content (without a leading "that") -> its act."""
    x = run(nlp, text)
    return {text_of(x, c).removeprefix("that "): c.act for c in x.claims}


CASES = [
    # taking a side is a stance, like "supports"
    (
        "The union endorsed Carla Ruiz for the vacant seat.",
        "Carla Ruiz for the vacant seat",
        "thought",
    ),
    ("The pastor has long advocated tolerance of newcomers.", "tolerance of newcomers", "thought"),
    (
        "The court's ruling that the lease was void ended the dispute.",
        "the lease was void",
        "thought",
    ),
    # verbs of showing and of presenting a text or a plan
    ("Ms Okafor indicated that she would stand again.", "she would stand again", "evidence"),
    ("The ministry unveiled a new rail timetable.", "a new rail timetable", "evidence"),
    ("The trust published the inspection letters.", "the inspection letters", "evidence"),
    # being critical of something is an attitude; being vocal about it is talking
    ("Ms Vance has been critical of the new depot plan.", "the new depot plan", "thought"),
    ("Ms Vance has been vocal about the new depot plan.", "the new depot plan", "speech"),
    ("The union charged that the managers had lied.", "the managers had lied", "speech"),
    # a stance participle is a state of mind
    ("The harbour master is convinced that the pier will hold.", "the pier will hold", "thought"),
    # a cue in a to-infinitive of an act not done
    ("The council needs to tell tenants that rents will rise.", "rents will rise", "intention"),
    (
        "The growers saw the meeting as a chance to argue that prices would fall.",
        "prices would fall",
        "intention",
    ),
    # a purpose was usually carried out
    (
        "Ms Dunne rang the newsroom to say that the labels had been changed.",
        "the labels had been changed",
        "speech",
    ),
    # the same verbs when the act was done stay speech
    ("Ms Kaur went on to explain that the depot would close.", "the depot would close", "speech"),
    (
        "Mr Hale discussed whether the depot should be sold.",
        "whether the depot should be sold",
        "speech",
    ),
    ("Ms Okafor said that she would stand again.", "she would stand again", "speech"),
]


@pytest.mark.parametrize(("text", "content", "act"), CASES)
def test_the_act_of_a_verb_of_communication_follows_its_class_and_construction(
    nlp: Language, text: str, content: str, act: str
) -> None:
    got = _acts(nlp, text)
    assert got.get(content) == act, got


@pytest.mark.parametrize(
    "text",
    [
        "Ms Ortega discussed the harbour budget with reporters.",
        "The senator referred to the audit twice in her speech.",
        "The coach echoed the concerns of his players.",
        "The firm offered an apology to its customers.",
        "The charity maintains a programme for young carers.",
        "The council appealed the ruling last week.",
        "Prosecutors charged two builders with fraud on Monday.",
        "Ms Vance campaigned for the mayor in 2019.",
    ],
)
def test_a_verb_whose_object_is_only_a_topic_makes_no_claim(nlp: Language, text: str) -> None:
    x = run(nlp, text)
    assert x.claims == [], [(text_of(x, c), c.cue_lemma, c.act) for c in x.claims]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Speaking on condition of anonymity, the official said the talks had stalled.",
            "the talks had stalled",
        ),
        (
            "Speaking on local radio this morning, Ms Vance said the contractor was to blame.",
            "the contractor was to blame",
        ),
    ],
)
def test_a_participle_that_sets_the_scene_of_a_cue_makes_no_claim_of_its_own(
    nlp: Language, text: str, content: str
) -> None:
    x = run(nlp, text)
    assert [text_of(x, c) for c in x.claims] == [content]


def test_a_negated_cue_with_an_open_question_makes_no_claim(nlp: Language) -> None:
    x = run(
        nlp,
        "The minister did not say how the lost revenue would be replaced. "
        "Ms Vance did not say that the depot would close.",
    )
    assert [text_of(x, c) for c in x.claims] == ["that the depot would close"]
