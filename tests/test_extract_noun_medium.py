"""A cue verb with the noun of its medium ("said in a statement that A", issue 25), on texts
written for these tests: the parser hangs the that-clause on the noun, but the claim is the
verb's, with the verb's subject as its speaker."""

from __future__ import annotations

from spacy.language import Language

from tests.extracting import only, run, speaker, text_of


def test_said_in_a_statement_that_is_the_verbs_claim(nlp: Language) -> None:
    x = run(nlp, "The mayor said in a statement that the bridge would reopen next month.")
    say = only(x, "say")
    assert text_of(x, say) == "that the bridge would reopen next month"
    assert speaker(x, say) == "The mayor"
    assert say.act == "speech"
    assert len(x.claims) == 1


def test_wrote_in_a_letter_that_is_the_verbs_claim(nlp: Language) -> None:
    x = run(nlp, "Acme wrote in a letter to staff that the plant would close in June.")
    write = only(x, "write")
    assert text_of(x, write) == "that the plant would close in June"
    assert speaker(x, write) == "Acme"


def test_an_owned_statement_keeps_its_owner(nlp: Language) -> None:
    x = run(nlp, "The union's statement that the strike would go ahead surprised the bosses.")
    statement = only(x, "statement")
    assert text_of(x, statement) == "that the strike would go ahead"
    assert speaker(x, statement) == "The union"
