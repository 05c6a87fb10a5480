"""A second reported clause coordinated with the first ("X said A and that B", issue 25), on
texts written for these tests."""

from __future__ import annotations

from spacy.language import Language

from tests.extracting import only, run, text_of


def test_and_that_continues_what_the_cue_reports(nlp: Language) -> None:
    x = run(nlp, "The mayor said the bridge was safe and that it would reopen next month.")
    assert text_of(x, only(x, "say")) == ("the bridge was safe and that it would reopen next month")


def test_but_that_read_as_a_determiner_of_a_plural_still_opens_a_clause(nlp: Language) -> None:
    x = run(nlp, "The minister said the budget was balanced, but that cuts would follow in spring.")
    assert text_of(x, only(x, "say")) == (
        "the budget was balanced, but that cuts would follow in spring"
    )


def test_a_new_speaker_after_the_conjunction_keeps_the_claims_apart(nlp: Language) -> None:
    x = run(
        nlp,
        "The minister said the budget was balanced, but the opposition said that cuts would "
        "follow.",
    )
    said = sorted(text_of(x, c) for c in x.claims if c.cue_lemma == "say")
    assert said == ["that cuts would follow", "the budget was balanced"]
