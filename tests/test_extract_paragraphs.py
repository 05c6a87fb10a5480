"""No sentence runs over a blank line (issue 25): the sentence guard starts a sentence at each
paragraph, so a paragraph that ends in an abbreviation ("4 p.m.") or a closing quote mark does
not lend its words to the claim of the next one. Texts written for these tests."""

from __future__ import annotations

from spacy.language import Language

from tests.extracting import only, run, speaker, text_of


def test_a_paragraph_after_an_abbreviation_starts_a_sentence(nlp: Language) -> None:
    doc = nlp("Update at 4:25 p.m.\n\nThe council is defending the plan in court.")
    starts = [s.text.strip() for s in doc.sents]
    assert "The council is defending the plan in court." in starts


def test_a_single_line_break_leaves_the_sentence_to_the_parser(nlp: Language) -> None:
    doc = nlp("The council said the plan\nwould be defended in court.")
    assert len(list(doc.sents)) == 1


def test_claim_after_a_time_stamp_paragraph_keeps_to_its_own_paragraph(nlp: Language) -> None:
    x = run(
        nlp,
        "Live updates\n\n5.40pm\n\nAbout 300 homes in the valley are without power, according "
        "to the grid operator.",
    )
    claim = only(x, "according to")
    assert text_of(x, claim) == "About 300 homes in the valley are without power"
    assert speaker(x, claim) == "the grid operator"
