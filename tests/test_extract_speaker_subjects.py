"""The subject of a cue the parser leaves out or misplaces: text written for each test."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.extraction._entities import EntityTable, find_entities
from claimgraph.extraction._subjects import adjacent_subject, own_subject, subject_of
from claimgraph.records import Extraction
from tests.extracting import run, speaker, text_of


def _said(x: Extraction) -> dict[str, str | None]:
    return {text_of(x, c): speaker(x, c) for c in x.claims}


def _by_lemma(x: Extraction, lemma: str) -> str | None:
    found = [c for c in x.claims if c.cue_lemma == lemma]
    assert len(found) == 1, _said(x)
    return speaker(x, found[0])


def test_a_dash_the_parser_took_for_a_subject_is_not_the_subject(nlp: Language) -> None:
    words = ["made", "public", "―", "Okoro", "boasted", ",", "fine"]
    heads = [0, 2, 4, 4, 0, 0, 4]
    deps = ["ROOT", "amod", "nsubj", "nsubj", "ccomp", "punct", "ccomp"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps)
    subject = own_subject(doc[4])
    assert subject is not None and subject.text == "Okoro"


def test_bare_conjuncts_share_their_modal_and_its_subject(nlp: Language) -> None:
    x = run(
        nlp,
        "Ruth Anand spoke to tenants. She said that if they dislike the rules, they should "
        "change the rules rather than criticize the housing office.",
    )
    claim = next(c for c in x.claims if c.cue_lemma == "criticize")
    source = claim.source_span
    assert source is not None and x.article.text[source[0] : source[1]] == "they", _said(x)


def test_a_line_glued_to_the_paragraph_leaves_its_subject(nlp: Language) -> None:
    x = run(
        nlp,
        "Lena Hart replied in a post on X.\n\n"
        "The opposition Greens' housing critic, Pavel Dunn, said the scheme was "
        '"a gift to landlords." Dunn and Hart met on Friday.',
    )
    assert _said(x).get('the scheme was "a gift to landlords."') == "Pavel Dunn", _said(x)
    claim = next(c for c in x.claims if c.cue_lemma == "say")
    assert claim.source_span is not None
    assert "X." not in x.article.text[claim.source_span[0] : claim.source_span[1]]


def test_a_dateline_is_not_the_speaker(nlp: Language) -> None:
    x = run(
        nlp,
        "Port Plan Gets a Green Light\n\n"
        "HALIFAX -- Premier Ada Moss, opening the new terminal on Friday, said it would "
        "bring work to the whole coast.",
    )
    assert _said(x).get("it would bring work to the whole coast") == "Ada Moss", _said(x)
    assert "HALIFAX" not in {speaker(x, c) for c in x.claims}


LEMMAS = {
    "said": "say",
    "suggested": "suggest",
    "pressed": "press",
    "needing": "need",
    "ruled": "rule",
    "noting": "note",
    "documents": "document",
}


def _parsed(nlp: Language, rows: list[tuple[str, str, str, int, str]]) -> Doc:
    """A parse written by hand (word, tag, part of speech, head, relation): the rules under
    test read the parse, so the test fixes it rather than depend on the model's reading."""
    words, tags, pos, heads, deps = (list(col) for col in zip(*rows, strict=True))
    lemmas = [LEMMAS.get(w, w.lower()) for w in words]
    return Doc(nlp.vocab, words=words, tags=tags, pos=pos, heads=heads, deps=deps, lemmas=lemmas)


def test_an_infinitive_of_purpose_is_said_by_its_verbs_subject(nlp: Language) -> None:
    x = run(
        nlp,
        "The tribunal in Hull heard that Ms Varga had emailed the depot’s night manager, "
        "Owen Pask, in March 2023 to say that staff had been told to hide the faults.",
    )
    assert _by_lemma(x, "say") == "Varga", _said(x)


def test_a_finite_conjunct_of_a_complement_verb_belongs_to_the_clause_above(
    nlp: Language,
) -> None:
    doc = _parsed(
        nlp,
        [
            ("Voss", "NNP", "PROPN", 1, "nsubj"),
            ("said", "VBD", "VERB", 1, "ROOT"),
            ("that", "IN", "SCONJ", 5, "mark"),
            ("it", "PRP", "PRON", 5, "nsubj"),
            ("would", "MD", "AUX", 5, "aux"),
            ("declare", "VB", "VERB", 1, "ccomp"),
            ("and", "CC", "CCONJ", 5, "cc"),
            ("suggested", "VBD", "VERB", 5, "conj"),
            ("more", "JJR", "ADJ", 7, "dobj"),
        ],
    )
    subject = subject_of(doc[7])
    assert subject is not None and subject.text == "Voss"


def test_a_subjectless_conjunct_takes_the_name_before_its_head(nlp: Language) -> None:
    doc = _parsed(
        nlp,
        [
            ("Then", "RB", "ADV", 4, "advmod"),
            ("Ferris", "NNP", "PROPN", 0, "conj"),
            ("and", "CC", "CCONJ", 1, "cc"),
            ("Lamb", "NNP", "PROPN", 1, "conj"),
            ("call", "VBP", "VERB", 4, "ROOT"),
            ("them", "PRP", "PRON", 4, "dobj"),
            ("liars", "NNS", "NOUN", 4, "oprd"),
            ("and", "CC", "CCONJ", 4, "cc"),
            ("describe", "VB", "VERB", 4, "conj"),
            ("lies", "NNS", "NOUN", 8, "dobj"),
        ],
    )
    assert subject_of(doc[8]) is None
    subject = adjacent_subject(doc[8])
    assert subject is not None and subject.text == "Lamb"


def test_a_name_never_ends_in_a_headline_verb(nlp: Language) -> None:
    words = ["Moss", "Says", "Port", "Will", "Close"]
    tags = ["NNP", "VBZ", "NNP", "MD", "VB"]
    doc = Doc(nlp.vocab, words=words, tags=tags, ents=["B-PERSON", "I-PERSON", "O", "O", "O"])
    table = EntityTable()
    find_entities(doc, table)
    assert [e.name for e in table.records()] == ["Moss"]


def test_a_participle_after_a_quoted_word_keeps_the_subject_outside_it(nlp: Language) -> None:
    x = run(
        nlp,
        "Mayor Ines Wald described the flood as a \u201cserious setback,\u201d but stopped "
        "short of calling the dam\u2019s design unsafe.",
    )
    assert _by_lemma(x, "call") == "Ines Wald", _said(x)


def test_a_passive_cues_agent_is_its_speaker(nlp: Language) -> None:
    doc = _parsed(
        nlp,
        [
            ("When", "WRB", "ADV", 1, "advmod"),
            ("pressed", "VBN", "VERB", 6, "advcl"),
            ("by", "IN", "ADP", 1, "agent"),
            ("Varga", "NNP", "PROPN", 2, "pobj"),
            (",", ",", "PUNCT", 6, "punct"),
            ("he", "PRP", "PRON", 6, "nsubj"),
            ("said", "VBD", "VERB", 6, "ROOT"),
            ("no", "UH", "INTJ", 6, "ccomp"),
        ],
    )
    subject = subject_of(doc[1])
    assert subject is not None and subject.text == "Varga"


def test_a_document_a_named_person_delivered_speaks_for_them(nlp: Language) -> None:
    x = run(
        nlp,
        "Mrs. Okafor opened the session. But the aim is not profit, according to a speech "
        "Mrs. Okafor delivered at the county library in May.",
    )
    assert _by_lemma(x, "according to") == "Okafor", _said(x)


def test_a_participle_the_parser_hung_a_signed_quote_on_takes_its_subject(
    nlp: Language,
) -> None:
    doc = _parsed(
        nlp,
        [
            ("Lowe", "NNP", "PROPN", 1, "nsubj"),
            ("said", "VBD", "VERB", 4, "parataxis"),
            (",", ",", "PUNCT", 4, "punct"),
            ("not", "RB", "PART", 4, "neg"),
            ("needing", "VBG", "VERB", 4, "ROOT"),
            ("to", "TO", "PART", 6, "aux"),
            ("mention", "VB", "VERB", 4, "xcomp"),
            ("him", "PRP", "PRON", 6, "dobj"),
        ],
    )
    subject = subject_of(doc[6])
    assert subject is not None and subject.text == "Lowe"


def test_a_complement_of_control_is_done_by_its_verbs_subject(nlp: Language) -> None:
    doc = _parsed(
        nlp,
        [
            ("Kell", "NNP", "PROPN", 1, "nsubj"),
            ("ruled", "VBD", "VERB", 1, "ROOT"),
            ("but", "CC", "CCONJ", 1, "cc"),
            ("they", "PRP", "PRON", 5, "nsubj"),
            ("could", "MD", "AUX", 5, "aux"),
            ("resist", "VB", "VERB", 1, "conj"),
            ("noting", "VBG", "VERB", 5, "xcomp"),
            ("it", "PRP", "PRON", 6, "dobj"),
        ],
    )
    subject = subject_of(doc[6])
    assert subject is not None and subject.text == "they"


def test_of_two_subjects_the_nearer_one_before_the_verb(nlp: Language) -> None:
    doc = _parsed(
        nlp,
        [
            ("Promises", "NNS", "NOUN", 4, "nsubj"),
            ("aside", "RB", "ADV", 0, "advmod"),
            (",", ",", "PUNCT", 4, "punct"),
            ("analysts", "NNS", "NOUN", 4, "nsubj"),
            ("agree", "VBP", "VERB", 4, "ROOT"),
            ("it", "PRP", "PRON", 6, "nsubj"),
            ("fails", "VBZ", "VERB", 4, "ccomp"),
        ],
    )
    subject = own_subject(doc[4])
    assert subject is not None and subject.text == "analysts"


def test_a_determiner_hung_on_the_verb_does_not_hide_the_name_before_it(
    nlp: Language,
) -> None:
    doc = _parsed(
        nlp,
        [
            ("Ruiz", "NNP", "PROPN", 2, "dep"),
            ("both", "DT", "DET", 2, "det"),
            ("documents", "VBZ", "VERB", 2, "ROOT"),
            ("the", "DT", "DET", 4, "det"),
            ("boom", "NN", "NOUN", 2, "dobj"),
        ],
    )
    subject = adjacent_subject(doc[2])
    assert subject is not None and subject.text == "Ruiz"


def test_a_name_no_comma_closes_before_the_verb_is_its_subject(nlp: Language) -> None:
    x = run(
        nlp,
        "To see the real Paddy Walsh, Mayor Brennan said, one should watch him on the pitch.",
    )
    assert _by_lemma(x, "say") == "Brennan", _said(x)


def test_an_apposition_closed_by_a_comma_leaves_the_subject_in_place(nlp: Language) -> None:
    x = run(nlp, "Paddy Walsh, the club captain, said the pitch was too wet to play on.")
    assert _by_lemma(x, "say") == "Paddy Walsh", _said(x)


def test_a_participle_after_a_signature_is_done_by_the_signer(nlp: Language) -> None:
    x = run(
        nlp,
        '"We will not stop now," Ana Ruiz said, going on to say that the town has waited '
        '"decades for a bridge, and to start that fight again, the families do not want to '
        'see it."',
    )
    said = [speaker(x, c) for c in x.claims if c.cue_lemma == "say"]
    assert said == ["Ana Ruiz", "Ana Ruiz"], _said(x)
