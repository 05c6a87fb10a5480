"""Attitudes held and pro-forms of what was said: "X has misgivings about A" (a thought of X),
"X said as much", "X has said nothing about A" (speech whose content is the pro-form)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.extracting import run, speaker, text_of

HELD = [
    ("The ferry captain has serious misgivings about the new timetable.", "misgiving"),
    ("The growers had reservations about the water levy.", "reservation"),
    ("Ms Okafor has no illusions about the cost of the bridge.", "illusion"),
]


@pytest.mark.parametrize(("text", "noun"), HELD)
def test_an_attitude_someone_has_is_their_thought(nlp: Language, text: str, noun: str) -> None:
    x = run(nlp, text)
    found = [c for c in x.claims if c.cue_lemma == noun]
    assert len(found) == 1, [(c.cue_lemma, text_of(x, c)) for c in x.claims]
    claim = found[0]
    assert claim.act == "thought"
    assert text_of(x, claim).startswith("the ")
    assert speaker(x, claim) is not None


def test_a_thing_someone_has_is_no_claim(nlp: Language) -> None:
    x = run(nlp, "The ferry captain has a new boat for the summer.")
    assert x.claims == []


PROFORMS = [
    ("Councillor Brandt has said little about the harbour plan.", "little about the harbour plan"),
    ("The head teacher said as much.", "as much"),
    ("Mr Dunne has said nothing about the missing funds.", "nothing about the missing funds"),
    ("The coach isn't saying much about the injury.", "the injury"),
]


@pytest.mark.parametrize(("text", "content"), PROFORMS)
def test_a_pro_form_after_say_is_what_was_said(nlp: Language, text: str, content: str) -> None:
    x = run(nlp, text)
    said = [c for c in x.claims if c.cue_lemma == "say"]
    assert [text_of(x, c) for c in said] == [content]
    assert said[0].act == "speech"


def test_say_with_an_ordinary_object_reports_nothing(nlp: Language) -> None:
    x = run(nlp, "The priest said Mass in the old chapel.")
    assert [c for c in x.claims if c.cue_lemma == "say"] == []
