"""A line before a colon that is a heading with a topic ("Relief for Tenants: ...") labels no
speaker; a name, or a heading that names a person, still does."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.extracting import run, speaker, text_of


@pytest.mark.parametrize(
    "text",
    [
        "Little Relief for Tenants: The housing shortage has grown worse in every district.",
        "Progress on Flood Defences: The new walls were finished two months early.",
        "Anger over parking: Residents of the old town have lost most of their spaces.",
    ],
)
def test_a_heading_with_a_topic_labels_no_speaker(nlp: Language, text: str) -> None:
    x = run(nlp, text)
    labelled = [(text_of(x, c), speaker(x, c)) for c in x.claims if c.cue_lemma == ":"]
    assert labelled == []


def test_a_name_before_a_colon_still_labels_the_speaker(nlp: Language) -> None:
    x = run(nlp, "Okafor: Parking Fees Will Double For Residents Next Year\n\nThe council met.")
    labelled = [(text_of(x, c), speaker(x, c)) for c in x.claims if c.cue_lemma == ":"]
    assert labelled == [("Parking Fees Will Double For Residents Next Year", "Okafor")]


def test_a_heading_that_names_a_person_still_labels_the_speaker(nlp: Language) -> None:
    x = run(nlp, "Advice from Maria Okafor: Nobody should pay twice for one permit.\n\nShe left.")
    labelled = [speaker(x, c) for c in x.claims if c.cue_lemma == ":"]
    assert labelled and "Okafor" in (labelled[0] or ""), labelled
