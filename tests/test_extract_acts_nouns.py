"""Cue nouns: a bare plural with no one behind it ("follows reports that A") is hearsay the
writer passes on and no claim; an owned or sourced cue noun still is one."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.extracting import run, text_of


@pytest.mark.parametrize(
    "text",
    [
        "The closure follows reports that the bridge is cracking.",
        "The vote comes amid rumours that the council will resign.",
    ],
)
def test_bare_plural_cue_noun_is_no_claim(nlp: Language, text: str) -> None:
    x = run(nlp, text)
    assert [text_of(x, c) for c in x.claims] == []


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "The closure follows the engineer's reports that the bridge is cracking.",
            "the bridge is cracking",
        ),
        (
            "The vote comes amid warnings from the auditor that the council is insolvent.",
            "the council is insolvent",
        ),
    ],
)
def test_owned_cue_noun_is_a_claim(nlp: Language, text: str, content: str) -> None:
    x = run(nlp, text)
    assert [text_of(x, c).removeprefix("that ") for c in x.claims] == [content]


def test_editors_note_is_no_claim(nlp: Language) -> None:
    text = (
        "Ms Okafor said the library would reopen in May.\n\n"
        "Editor's note: The mayor has repeatedly promised to cut the library budget and\n"
        "pledged to sell the building.\n"
    )
    x = run(nlp, text)
    assert [text_of(x, c).removeprefix("that ") for c in x.claims] == [
        "the library would reopen in May"
    ]


def test_the_same_words_without_the_label_are_a_claim(nlp: Language) -> None:
    text = (
        "Ms Okafor said it would reopen.\n\nThe mayor has repeatedly promised to cut the budget.\n"
    )
    x = run(nlp, text)
    assert [text_of(x, c) for c in x.claims][1:] == ["to cut the budget"]
