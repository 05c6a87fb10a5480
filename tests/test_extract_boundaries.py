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


def _contents(nlp: Language, text: str) -> list[str]:
    x = run(nlp, text)
    return [" ".join(text[s:e] for s, e in c.content) for c in x.claims if c.kind != "authorial"]


def test_a_that_clause_after_the_means_of_telling_is_the_content(nlp: Language) -> None:
    text = "Maria Lopez told the newspaper in an email that the budget would be cut."
    contents = _contents(nlp, text)
    assert any(c.startswith("the budget would be cut") for c in contents), contents
    assert all("email" not in c for c in contents), contents


def test_a_later_past_tense_verb_of_the_source_is_not_content(nlp: Language) -> None:
    contents = _contents(nlp, "The mayor said the budget would be cut and left the room.")
    assert contents == ["the budget would be cut"], contents


def test_a_second_verb_of_the_reported_clause_stays_content(nlp: Language) -> None:
    contents = _contents(nlp, "The mayor said the budget would shrink and would hurt schools.")
    assert contents and contents[0].endswith("hurt schools"), contents


def test_made_it_clear_without_that_reports_the_clause(nlp: Language) -> None:
    contents = _contents(nlp, "Lee has made it clear she will not run again.")
    assert contents == ["she will not run again"], contents
    assert _contents(nlp, "Lee made it clear when she spoke on Monday.") == []
