"""Cue verbs read as acts, not words: naming participles, phrasal verbs of doing and convening an
event make no claim; the same verbs with what someone said stay speech."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.extracting import run, text_of


@pytest.mark.parametrize(
    "text",
    [
        "The quarry was dug beside a mountain stream called Bear Hollow.",
        "The families moved to a hamlet named Little Marsh in the spring.",
        "The premier called a snap election for the first week of May.",
        "The federation called an emergency meeting after the collapse.",
        "The union called off the strike after a night of talks.",
        "She recently called in to a radio phone-in about bus fares.",
    ],
)
def test_a_cue_verb_read_as_an_act_makes_no_claim(nlp: Language, text: str) -> None:
    x = run(nlp, text)
    assert x.claims == [], [(text_of(x, c), c.cue_lemma) for c in x.claims]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("The mayor called the bus plan reckless.", "the bus plan reckless"),
        ("A bridge called unsafe by the inspectors was closed.", "unsafe"),
        ("The union called the offer an insult to its members.", "the offer an insult"),
    ],
)
def test_calling_something_a_name_with_a_source_stays_speech(
    nlp: Language, text: str, content: str
) -> None:
    x = run(nlp, text)
    found = [(text_of(x, c), c.act) for c in x.claims]
    assert any(content in t and act == "speech" for t, act in found), found


def test_calling_a_vote_a_mistake_is_speech_not_convening(nlp: Language) -> None:
    x = run(nlp, "At the forum, the senator called her vote on the dam a mistake.")
    found = [(text_of(x, c), c.act) for c in x.claims]
    assert any("a mistake" in t and act == "speech" for t, act in found), found


def test_a_participle_with_more_than_a_name_is_not_a_naming(nlp: Language) -> None:
    x = run(nlp, "One of the vets who signed the letter called the trainer a fraud and a cheat.")
    assert any(c.act == "speech" for c in x.claims), [(text_of(x, c), c.act) for c in x.claims]


@pytest.mark.parametrize(
    "text",
    [
        "Several of his rivals chimed in on Twitter.",
        "The coach spoke on the radio on Sunday morning.",
    ],
)
def test_the_medium_a_source_speaks_on_is_not_what_was_said(nlp: Language, text: str) -> None:
    x = run(nlp, text)
    assert x.claims == [], [(text_of(x, c), c.cue_lemma) for c in x.claims]


def test_a_topic_after_the_medium_is_still_the_content(nlp: Language) -> None:
    x = run(nlp, "The coach spoke on the radio about the transfer of his captain.")
    assert any("the transfer" in text_of(x, c) for c in x.claims), [
        (text_of(x, c), c.cue_lemma) for c in x.claims
    ]


def test_a_clause_of_time_after_the_cue_is_not_what_was_said(nlp: Language) -> None:
    text = (
        'The crowd chanted "We want Lee," as the runner, gasping on the track, said before he'
        " fainted."
    )
    x = run(nlp, text)
    found = [text_of(x, c) for c in x.claims]
    assert not any(t.startswith("before") for t in found), found
    assert any("We want Lee" in t for t in found), found
