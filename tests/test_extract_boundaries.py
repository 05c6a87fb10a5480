"""Content boundaries of the rule extractor, on short texts written for these tests."""

from __future__ import annotations

from spacy.language import Language

from tests.extracting import run


def test_content_never_crosses_a_paragraph_break(nlp: Language) -> None:
    text = (
        "The mayor called for releasing the videos, saying that openness "
        '"builds trust and brings progress."\n\n'
        "The police chief said the footage was unclear."
    )
    x = run(nlp, text)
    for claim in x.claims:
        for s, e in claim.content:
            assert "\n" not in text[s:e], text[s:e]


def test_a_quoted_single_word_is_not_a_direct_quote(nlp: Language) -> None:
    x = run(nlp, 'Critics called the plan "reckless." "Arrogant," one of them said.')
    assert all(c.kind != "direct" for c in x.claims), [c.kind for c in x.claims]


def test_transcript_turns_inside_a_running_quote(nlp: Language) -> None:
    text = (
        "The debate went on.\n\n"
        '"LEE: Well, the question really should be why she invited him to the hall.\n\n'
        '"BAKER: Do you really see those two things as equivalent, Governor?\n\n'
        '"LEE: And that is why our candidate is on his way to the White House."'
    )
    x = run(nlp, text)
    turns = [
        (" ".join(text[s:e] for s, e in c.content), x.entity(c.speaker).name)
        for c in x.claims
        if c.speaker
    ]
    assert len(turns) == 3, turns
    assert [who for _, who in turns] == ["LEE", "BAKER", "LEE"]
    assert turns[1][0].startswith("Do you really see")
