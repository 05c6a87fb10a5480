"""The right speaker, and speech found whole: constructions on text written for each test."""

from __future__ import annotations

from spacy.language import Language

from claimgraph.records import Extraction
from tests.extracting import run, speaker, text_of


def _said(x: Extraction) -> list[tuple[str, str | None]]:
    return [(text_of(x, c), speaker(x, c)) for c in x.claims]


def _types(x: Extraction) -> dict[str, str]:
    return {e.name: e.type for e in x.entities}


def test_a_name_in_apposition_beside_the_cue_is_the_speaker(nlp: Language) -> None:
    x = run(
        nlp,
        "Home Secretary Jane Cole defended the plan on Monday.\n\n"
        "But the shadow home secretary, Tom Reyes, said the plan was unworkable.",
    )
    got = dict(_said(x))
    assert got.get("the plan was unworkable") == "Tom Reyes", got
    cole = next(e for e in x.entities if e.name == "Jane Cole")
    assert all("shadow" not in x.article.text[s:e] for s, e in cole.mentions)


def test_a_bare_title_is_a_role_never_an_organisation(nlp: Language) -> None:
    x = run(nlp, 'Minister Ann Lowe spoke first. "Our budget is balanced," Minister said.')
    assert dict(_said(x)).get('"Our budget is balanced,"') == "Ann Lowe", _said(x)
    assert "Minister" not in _types(x), _types(x)


def test_an_honorific_with_a_surname_is_that_person(nlp: Language) -> None:
    x = run(
        nlp,
        "Priya Patel chairs the housing committee. Ms Patel said the rents were too high.",
    )
    assert dict(_said(x)).get("the rents were too high") == "Priya Patel", _said(x)
    assert [e.type for e in x.entities if "Patel" in e.name] == ["Person"]


def test_she_goes_to_the_person_shown_to_be_she_not_the_nearest(nlp: Language) -> None:
    x = run(
        nlp,
        "Ms Okafor chairs the board. She hired Daniel Price last year. "
        "She said the results were strong.",
    )
    assert dict(_said(x)).get("the results were strong") == "Okafor", _said(x)


def test_two_people_sharing_a_surname_are_kept_apart(nlp: Language) -> None:
    x = run(
        nlp,
        "Darragh Brennan scored twice. His brother Cian Brennan set up the winner.\n\n"
        '"It was a team effort," Cian Brennan said.\n\n'
        '"I could not have asked for more," Darragh Brennan said.',
    )
    got = dict(_said(x))
    assert got.get('"It was a team effort,"') == "Cian Brennan", got
    assert got.get('"I could not have asked for more,"') == "Darragh Brennan", got
    assert {"Cian Brennan", "Darragh Brennan"} <= set(_types(x))


def test_an_organisation_named_by_the_start_of_its_name_is_the_same_one(nlp: Language) -> None:
    x = run(
        nlp,
        "Corvell Group agreed to buy the mill. Corvell said the price was fair.",
    )
    corvell = [e for e in x.entities if e.name.startswith("Corvell")]
    assert len(corvell) == 1 and corvell[0].type == "Organization", x.entities
    assert "CG" not in corvell[0].aliases  # no alias the text does not use


def test_clubs_banks_and_councils_are_organisations(nlp: Language) -> None:
    x = run(
        nlp,
        "Harbour Bank said rates would rise. Kilbrack Rovers said the match was off. "
        "Dunmore County Council said the road would reopen.",
    )
    types = _types(x)
    for name in ("Harbour Bank", "Kilbrack Rovers", "Dunmore County Council"):
        assert types.get(name) == "Organization", types


def test_a_quote_broken_by_she_said_is_one_claim_in_two_pieces(nlp: Language) -> None:
    x = run(
        nlp,
        'Ann Lowe chairs the trust. "We will not close the ward," she said, '
        '"whatever the cost may be."',
    )
    assert len(x.claims) == 1, _said(x)
    assert len(x.claims[0].content) == 2 and speaker(x, x.claims[0]) == "Ann Lowe"


def test_a_quote_over_paragraphs_and_a_quote_standing_alone_keep_their_speaker(
    nlp: Language,
) -> None:
    x = run(
        nlp,
        '"The first part of a long statement runs on without a closing mark\n\n'
        '"and the second paragraph ends it," said Ray Doyle.\n\n'
        '"A quote on its own paragraph continues the last speaker and runs long enough."',
    )
    assert [speaker(x, c) for c in x.claims] == ["Ray Doyle", "Ray Doyle"], _said(x)
    assert len(x.claims[0].content) == 2


def test_dash_tagged_and_colon_quotes_name_their_speaker(nlp: Language) -> None:
    x = run(
        nlp,
        '"The hospital will stay open." — Ann Lowe\n\nTom Reyes: "We have the votes."',
    )
    assert [speaker(x, c) for c in x.claims] == ["Ann Lowe", "Tom Reyes"], _said(x)
    assert {c.act for c in x.claims} == {"speech"}


def test_he_added_continues_the_man_quoted_before_not_the_man_named_since(
    nlp: Language,
) -> None:
    x = run(
        nlp,
        'Owen Hart scored twice in the final.\n\n"We were ready for them," Hart said.\n\n'
        'Manager Tom Price watched from the stand.\n\n"We gave everything," he added.',
    )
    assert dict(_said(x)).get('"We gave everything,"') == "Owen Hart", _said(x)


def test_a_capitalised_title_with_a_name_in_apposition_is_that_person(nlp: Language) -> None:
    x = run(
        nlp,
        "Talks resumed on Monday. The Minister for Transport, Orla Brennock, said the line "
        "would reopen. The Prime Minister, Ann Lowe, said the deal was close.",
    )
    got = dict(_said(x))
    assert got.get("the line would reopen") == "Orla Brennock", got
    assert got.get("the deal was close") == "Ann Lowe", got
    assert not [e.name for e in x.entities if "Minister" in e.name or "Transport" in e.name]


def test_a_title_after_a_dateline_keeps_its_role(nlp: Language) -> None:
    x = run(
        nlp,
        "GALWAY — The Minister for Transport, Orla Brennock, will today announce a new rail "
        "fund. Officials at the Department of Transport welcomed it.",
    )
    announced = next(c for c in x.claims if c.cue_lemma == "announce")
    assert speaker(x, announced) == "Orla Brennock", _said(x)
    roles = {(x.entity(r.person).name, r.title) for r in x.roles}
    assert ("Orla Brennock", "Minister for Transport") in roles, roles


def test_a_conjunction_inside_the_speakers_description_does_not_end_the_signature(
    nlp: Language,
) -> None:
    x = run(
        nlp,
        "The council met on Monday.\n\n"
        '"I think every member should publish the figures," Karl Brenner, a tax lawyer and '
        "former auditor, told me on Friday.",
    )
    got = dict(_said(x))
    assert got.get('"I think every member should publish the figures,"') == "Karl Brenner", got


def test_a_document_that_reads_a_quote_is_its_source(nlp: Language) -> None:
    x = run(
        nlp,
        "Ms Dunne wrote to the parents last week.\n\n"
        '"We want better schools for every child in the city," the letter reads.\n\n'
        "She read the report twice.",
    )
    got = dict(_said(x))
    assert got.get('"We want better schools for every child in the city,"') == "the letter", got
    assert [c for c in x.claims if text_of(x, c).startswith("the report")] == []


def test_a_nested_quote_closing_with_the_quote_still_signs_it_off(nlp: Language) -> None:
    x = run(
        nlp,
        "“The reports call our pupils ‘lost causes,’” Tara Quinn, the director of the parents "
        "group, told the Gazette.",
    )
    got = dict(_said(x))
    assert got.get("“The reports call our pupils ‘lost causes,’”") == "Tara Quinn", got


def test_a_relative_clause_in_the_speakers_description_is_not_the_cue(nlp: Language) -> None:
    x = run(
        nlp,
        '"The schools have been starved of money," Tara Quinn, who runs the Parents Council '
        "and who also spoke in the documentary, told the Gazette.",
    )
    got = dict(_said(x))
    assert got.get('"The schools have been starved of money,"') == "Tara Quinn", got
    assert [c.cue_lemma for c in x.claims] == ["tell"], got


def test_a_nickname_quoted_inside_a_name_does_not_end_the_cue_search(nlp: Language) -> None:
    x = run(
        nlp,
        '"We will win this seat in November!" Her cousin, state Sen. Rosalind "Roz" Hale '
        "(D-Elm County), told the crowd.",
    )
    got = dict(_said(x))
    assert (got.get('"We will win this seat in November!"') or "").endswith("Hale"), got
    assert "the crowd" not in got, got


def test_a_participle_after_a_restrictive_relative_clause_is_the_main_subjects(
    nlp: Language,
) -> None:
    x = run(
        nlp,
        "Ms Vance was defensive when pressed about not paying a builder who said he was "
        'cheated, saying, "Maybe he did a poor job, and I was not happy with his work."',
    )
    got = dict(_said(x))
    assert got.get('"Maybe he did a poor job, and I was not happy with his work."') == "Vance", got
    assert got.get("he was cheated") == "a builder", got


def test_for_saying_after_an_indirect_object_is_that_objects_claim(nlp: Language) -> None:
    x = run(
        nlp,
        "The hearing earned Ms Vance a stern rebuke for her role in selling pills and for "
        "saying that bean extract was a cure.",
    )
    assert dict(_said(x)).get("that bean extract was a cure") == "Vance", _said(x)


def test_a_participle_cue_after_a_quoted_aside_is_the_sentence_subjects(nlp: Language) -> None:
    x = run(
        nlp,
        "Mr. Lund barely explained the matter, treating the remark first as praise -- "
        "''That is fair'' -- and, when asked after the hearing, asserting, "
        "''Of course, I pay my taxes.''",
    )
    assert dict(_said(x)).get("''Of course, I pay my taxes.''") == "Lund", _said(x)
