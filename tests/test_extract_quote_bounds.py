"""Where a quote's claim starts and ends (issue 25), on short texts written for these tests.

A quote the cue breaks, or one that goes on after the cue's sentence in the same paragraph, is one
claim with one content span per contiguous piece; a quote that runs on into a phrase before its
signature ("..." of the plan, she said) is part of the clause the signature reports.
"""

from __future__ import annotations

from spacy.language import Language

from tests.extracting import only, run, speaker, text_of


def test_quote_after_a_mixed_quote_and_its_cue_continues_the_claim(nlp: Language) -> None:
    x = run(
        nlp,
        'The new rules are "far too weak," says Marta Quinn, director of the River Trust. '
        '"We have asked the council for ten years to protect the wetlands, and nobody listened."',
    )
    say = only(x, "say")
    assert say.kind == "mixed"
    assert text_of(x, say) == (
        'The new rules are "far too weak," "We have asked the council for ten years to protect '
        'the wetlands, and nobody listened."'
    )
    assert len(say.content) == 2
    assert speaker(x, say) == "Marta Quinn"


def test_quote_running_on_into_a_phrase_before_its_signature_is_mixed(nlp: Language) -> None:
    x = run(
        nlp,
        '"I have great respect for the engineers" of the new bridge, Ms Varga said. "But the '
        'design is far too expensive for a town of this size to maintain."',
    )
    say = only(x, "say")
    assert say.kind == "mixed"
    assert [x.article.text[s:e] for s, e in say.content] == [
        '"I have great respect for the engineers" of the new bridge',
        '"But the design is far too expensive for a town of this size to maintain."',
    ]
    assert speaker(x, say) == "Varga"
    assert len(x.claims) == 1


def test_quote_running_on_into_a_new_verb_is_not_signed(nlp: Language) -> None:
    x = run(nlp, 'The "cheapest bridge in the county" cost far more, Ms Varga said.')
    say = only(x, "say")
    assert text_of(x, say) == 'The "cheapest bridge in the county" cost far more'
    assert say.kind == "mixed"


def test_straight_mark_closed_by_a_curly_mark_ends_the_quote(nlp: Language) -> None:
    x = run(
        nlp,
        '"The new rules leave the river with no protection at all,” said Marta Quinn. '
        "“They must be rewritten before the summer.”",
    )
    say = only(x, "say")
    assert [x.article.text[s:e] for s, e in say.content] == [
        '"The new rules leave the river with no protection at all,”',
        "“They must be rewritten before the summer.”",
    ]
    assert speaker(x, say) == "Marta Quinn"


def test_quote_inside_a_participle_clause_after_the_cue_is_not_joined(nlp: Language) -> None:
    x = run(
        nlp,
        '"The bridge will stay closed for now," the engineer said, adding that repairs would '
        'take "several more weeks" to finish.',
    )
    assert text_of(x, only(x, "say")) == '"The bridge will stay closed for now,"'
    assert "several more weeks" in text_of(x, only(x, "add"))
