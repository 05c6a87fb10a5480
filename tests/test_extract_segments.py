"""Recall and content boundaries of attributions (issue 25), on short texts written for these tests.

Each test names the construction a linguist would write down: a cue coordinated after a quote, a
participle that adds a second claim, a colon that introduces the content, a passive signature
("as reported by X"), a that-clause that signs nothing, a hearer with a complement, "see X as Y",
an object whose second conjunct the parser hung elsewhere.
"""

from __future__ import annotations

from spacy.language import Language

from tests.extracting import only, run, speaker, text_of


def test_coordinated_cue_after_a_quote_makes_its_own_claim(nlp: Language) -> None:
    x = run(nlp, "Protesters said they want “answers for Dana,” but pledged to stay calm.")
    pledge = only(x, "pledge")
    assert text_of(x, pledge) == "to stay calm"
    assert speaker(x, pledge) == "Protesters"
    assert text_of(x, only(x, "say")) == "they want “answers for Dana,”"


def test_quote_closed_by_a_stop_is_not_signed_by_the_next_sentence(nlp: Language) -> None:
    x = run(
        nlp,
        "The Bakers’ Union said members had been “treated like dirt”. Its general secretary, "
        "Kevin Doyle, said the union would ballot members at the 40 shops on strike action.",
    )
    said = [c for c in x.claims if c.cue_lemma == "say"]
    texts = {text_of(x, c): speaker(x, c) for c in said}
    assert texts["the union would ballot members at the 40 shops on strike action"] == (
        "Kevin Doyle"
    )


def test_participle_after_a_quote_is_a_second_claim_of_the_speaker(nlp: Language) -> None:
    x = run(
        nlp,
        'In a statement, Acme said: "The plant was a great success when it opened a decade '
        'ago," adding that its output doubled in a year.',
    )
    add = only(x, "add")
    assert text_of(x, add) == "that its output doubled in a year"
    assert speaker(x, add) == "Acme"
    assert "adding" not in text_of(x, only(x, "say"))


def test_colon_at_paragraph_end_introduces_the_next_paragraph(nlp: Language) -> None:
    x = run(
        nlp,
        "The mayor was blunt.\n\nKaren Holt added:\n\nAnd from a city that size, this is the "
        "worst budget I have ever seen. It cannot pass.\n\nThe vote is on Monday.",
    )
    add = only(x, "add")
    assert text_of(x, add).startswith("And from a city that size")
    assert text_of(x, add).endswith("It cannot pass")
    assert speaker(x, add) == "Karen Holt"


def test_colon_on_the_same_line_after_the_hearer(nlp: Language) -> None:
    x = run(nlp, "Lee told reporters on Monday: the strike is over and the buses will run.")
    assert text_of(x, only(x, "tell")) == "the strike is over and the buses will run"


def test_clause_announcing_a_list_takes_the_list_items(nlp: Language) -> None:
    x = run(
        nlp,
        "The memo suggested that the mayor has three tasks:\n\n- Win the vote\n\n- Cut the "
        "deficit\n\nThe vote is next week.",
    )
    claim = only(x, "suggest")
    pieces = [x.article.text[s:e] for s, e in claim.content]
    assert pieces == ["that the mayor has three tasks", "Win the vote", "Cut the deficit"]


def test_passive_signature_with_as(nlp: Language) -> None:
    x = run(nlp, "As reported by the Tribune, the council spent more than it raised.")
    claim = only(x, "report")
    assert text_of(x, claim) == "the council spent more than it raised"
    assert speaker(x, claim) == "Tribune"
    y = run(nlp, "The bridge will close for a month, as announced by the city in May.")
    assert text_of(y, only(y, "announce")) == "The bridge will close for a month"


def test_as_without_a_source_is_no_claim(nlp: Language) -> None:
    x = run(nlp, "As expected, the bill passed.")
    assert x.claims == []


def test_that_clause_after_a_title_is_what_was_told(nlp: Language) -> None:
    x = run(
        nlp,
        'Heading into the vote, Lee told CBS\'s "Face the Nation" that nobody would doubt '
        "her plan.",
    )
    claim = only(x, "tell")
    assert text_of(x, claim) == "that nobody would doubt her plan"
    assert speaker(x, claim) == "Lee"


def test_hearer_with_a_complement_is_what_was_told(nlp: Language) -> None:
    x = run(nlp, "The mayor, who knew a new law would fail, told his aides to find a new way.")
    assert text_of(x, only(x, "tell")) == "his aides to find a new way"


def test_adjunct_beside_a_cue_is_not_its_content(nlp: Language) -> None:
    x = run(
        nlp,
        "On Monday, the governor spoke to a meeting of farmers, promising to cut fuel taxes "
        "and open more land to grazing.",
    )
    claim = only(x, "promise")
    assert text_of(x, claim) == "to cut fuel taxes and open more land to grazing"
    assert not any("On Monday" in text_of(x, c) for c in x.claims)


def test_content_never_ends_on_a_conjunction(nlp: Language) -> None:
    x = run(
        nlp,
        "Senator Dale Brook tweeted late on Sunday that the levy was “unfair” and “a trap” "
        "and urged drivers to “look closer” at it.",
    )
    assert text_of(x, only(x, "tweet")) == "that the levy was “unfair” and “a trap”"


def test_left_clause_is_not_content_when_the_cue_has_an_object(nlp: Language) -> None:
    x = run(
        nlp,
        "While he acknowledged money was a big reason he felt tired, Lee also noted several "
        "other problems.",
    )
    assert text_of(x, only(x, "note")) == "several other problems"


def test_according_to_with_the_clause_hung_on_the_name(nlp: Language) -> None:
    x = run(
        nlp,
        "Councillors met on Monday. According to local radio host Sam Reid, the plan reeks of "
        "“panic” and haste.",
    )
    claim = only(x, "according to")
    assert text_of(x, claim) == "the plan reeks of “panic” and haste"
    assert speaker(x, claim) == "Sam Reid"


def test_noun_coordinated_with_the_verb_is_the_second_object(nlp: Language) -> None:
    x = run(
        nlp,
        "The senator started off by emphasizing fair pay, and a need to raise the minimum "
        "wage and close tax loopholes.",
    )
    assert text_of(x, only(x, "emphasize")) == (
        "fair pay, and a need to raise the minimum wage and close tax loopholes"
    )


def test_passive_report_without_agent_has_no_source(nlp: Language) -> None:
    x = run(
        nlp,
        "While a curfew was announced from midnight to 6 a.m., police did not say how it "
        "would be enforced.",
    )
    claim = only(x, "announce")
    assert text_of(x, claim) == "a curfew"
    assert claim.speaker is None
    y = run(nlp, "About one of every nine voters this fall is expected to be Latino.")
    assert text_of(y, only(y, "expect")) == "About one of every nine voters to be Latino"


def test_passive_of_a_verb_outside_the_class_reports_nothing_without_agent(
    nlp: Language,
) -> None:
    x = run(nlp, "The old mill was demolished on Friday.")
    assert x.claims == []


def test_quote_after_a_delivered_statement_and_a_colon(nlp: Language) -> None:
    x = run(
        nlp,
        "On May 6, Lee made the following comment:\n\n“For young people who have left school, "
        "the jobless rate is far too high.”",
    )
    claim = only(x, "comment")
    assert text_of(x, claim).startswith("“For young people")
    assert speaker(x, claim) == "Lee"


def test_to_and_a_hearer_after_the_object_is_not_content(nlp: Language) -> None:
    x = run(nlp, "The aide almost immediately disclosed the letters to the Gazette.")
    assert text_of(x, only(x, "disclose")) == "the letters"
    y = run(nlp, "Lee likened the governor to Nixon.")
    assert text_of(y, only(y, "liken")) == "the governor to Nixon"


def test_absolute_phrase_with_its_own_doer_closes_the_content(nlp: Language) -> None:
    x = run(
        nlp,
        "Polls show Lee with a lead in the low single digits, with the Gazette showing her "
        "ahead 3 points, the Post 4 points.",
    )
    texts = sorted(text_of(x, c) for c in x.claims if c.cue_lemma == "show")
    assert texts[0] == "Lee with a lead in the low single digits"


def test_perceived_event_is_the_object_with_its_verb(nlp: Language) -> None:
    x = run(nlp, "Neighbours noticed smoke coming from the roof.")
    claim = only(x, "notice")
    assert text_of(x, claim) == "smoke coming from the roof"
    assert claim.act == "perception"
    y = run(nlp, "He watched the crowd gather outside the court.")
    assert text_of(y, only(y, "watch")) == "the crowd gather outside the court"
    assert run(nlp, "Fans watched the game in a pub.").claims == []


def test_relative_clause_is_no_signature(nlp: Language) -> None:
    x = run(
        nlp,
        "Dana Reed, 59, of Ashton, who watched the ceremony on a screen, said the event "
        "brought back memories of her father.",
    )
    assert [c.cue_lemma for c in x.claims] == ["say"]


def test_signature_with_a_hearer_keeps_the_clause_before_it(nlp: Language) -> None:
    x = run(
        nlp,
        "The mayor could back a new tax as governor, but only if he can be convinced that it "
        "is a good idea, Sen. Ann Lee (D-Ohio) told the Gazette on Thursday.",
    )
    claim = only(x, "tell")
    assert text_of(x, claim) == (
        "The mayor could back a new tax as governor, but only if he can be convinced that it "
        "is a good idea"
    )
    assert speaker(x, claim) == "Ann Lee"


def test_manner_of_speaking_is_not_a_topic(nlp: Language) -> None:
    assert run(nlp, "The two senior officials spoke on condition of anonymity.").claims == []


def test_a_named_outlet_told_is_the_hearer(nlp: Language) -> None:
    assert run(nlp, "Finance Minister Eoin Casey told RTÉ radio on Tuesday.").claims == []
    x = run(nlp, "She told the story of her father.")
    assert text_of(x, only(x, "tell")) == "the story of her father"


def test_parenthetical_cue_with_an_opening_clause_hung_on_it(nlp: Language) -> None:
    x = run(
        nlp,
        "If this argument fails to persuade, Mr. Castañeda argues, there are other tools in "
        "the toolbox.",
    )
    claim = only(x, "argue")
    pieces = [x.article.text[s:e] for s, e in claim.content]
    assert pieces == ["If this argument fails to persuade", "there are other tools in the toolbox"]
    assert speaker(x, claim) == "Castañeda"


def test_name_and_description_before_a_colon_label_the_quote(nlp: Language) -> None:
    x = run(
        nlp,
        'Residents stayed.\n\nHer neighbour, retired teacher Bill Grady: "I have a generator '
        'and food. I am staying put."\n\nThe storm hit at 3pm.',
    )
    assert len(x.claims) == 1
    claim = x.claims[0]
    assert text_of(x, claim) == '"I have a generator and food. I am staying put."'
    assert speaker(x, claim) == "Bill Grady"
    assert claim.act == "speech"


def test_colon_label_needs_a_person(nlp: Language) -> None:
    x = run(nlp, 'Travel advice:\n\n"Roads are closed and the ferries have stopped running."')
    assert all(c.speaker is None for c in x.claims)
