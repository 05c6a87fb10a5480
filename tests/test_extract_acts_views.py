"""Views: "X sees A as B" is a thought of X about A; seeing a thing is no view."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.extracting import run, text_of


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Many voters see the plan as a tax increase.", "the plan as a tax increase"),
        (
            "Critics saw the ruling as a defeat for the mayor.",
            "the ruling as a defeat for the mayor",
        ),
    ],
)
def test_see_a_as_b_is_a_view(nlp: Language, text: str, content: str) -> None:
    x = run(nlp, text)
    assert [(text_of(x, c), c.act) for c in x.claims] == [(content, "thought")]


def test_seeing_a_thing_is_no_view(nlp: Language) -> None:
    x = run(nlp, "She saw the fire from her window.")
    assert [c.act for c in x.claims] == []
