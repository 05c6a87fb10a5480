"""Which cue signs a quote, and where a reported clause stops (texts written for these tests)."""

from __future__ import annotations

from spacy.language import Language

from tests.extracting import run, speaker, text_of


def _claims(nlp: Language, text: str) -> list[tuple[str, str | None, str]]:
    """The attributed claims of a text (the article's own voice left out)."""
    x = run(nlp, text)
    return [(text_of(x, c), speaker(x, c), c.kind) for c in x.claims if c.kind != "authorial"]


def test_a_quote_inside_its_sentence_is_not_signed_by_a_later_verb(nlp: Language) -> None:
    text = (
        'Mayor Ann Kowalski said the council had been reduced to "slogans and noise" because it '
        "could not defend its budget. "
        '"We can no longer wait for the council to act," she said.'
    )
    got = _claims(nlp, text)
    second = [c for c in got if c[0].startswith('"We can no longer wait')]
    assert second, got
    assert second[0][1] == "Ann Kowalski"
    assert not any(c[0].startswith('"slogans') for c in got), got


def test_a_finished_quote_is_not_signed_by_the_next_sentences_cue(nlp: Language) -> None:
    text = (
        'The editor told Ms. Ortega that her column was "not in keeping with our policy." '
        "The paper said it would move her to the weekend desk."
    )
    got = _claims(nlp, text)
    moved = [c for c in got if c[0].startswith("it would move her")]
    assert moved and moved[0][1] == "The paper", got


def test_a_capitalised_name_the_tagger_reads_as_a_verb_still_signs(nlp: Language) -> None:
    text = (
        "The shooting is under investigation.\n\n"
        '"We will find out what happened on that road, and we will tell you," Tulsa police '
        "Chief Mark Olsen said Monday."
    )
    got = _claims(nlp, text)
    quote = [c for c in got if c[0].startswith('"We will find out')]
    assert quote and quote[0][1] is not None and "Olsen" in quote[0][1], got


def test_according_to_mid_sentence_credits_the_clause_before_it(nlp: Language) -> None:
    text = (
        "The richest households would gain up to 12 percent, according to the Harbour "
        "Institute, more than three times the gain for the middle class."
    )
    got = _claims(nlp, text)
    credited = [c for c in got if c[1] == "Harbour Institute"]
    assert credited, got
    assert credited[0][0].startswith("The richest households would gain up to 12 percent")
    assert "three times" not in credited[0][0]


def test_a_cue_inside_a_credited_sentence_stops_before_according_to(nlp: Language) -> None:
    text = (
        "Farmers expect that rainfall will fall by a third, according to a survey by the "
        "Grain Council."
    )
    for content, _, _ in _claims(nlp, text):
        assert "according to" not in content, content


def test_a_transcript_turn_that_opens_a_quote_belongs_to_its_label(nlp: Language) -> None:
    text = (
        "The exchange went on for some time.\n\n"
        '"MORROW: Do you really think those two cases are the same thing, Senator?\n\n'
        '"HALE: Well, look, the point is that my opponent has been saying tough things.\n\n'
        '"And the truth is that voters see through all of it, every single time."'
    )
    x = run(nlp, text)
    hale = [c for c in x.claims if speaker(x, c) == "HALE"]
    assert len(hale) == 1, [(text_of(x, c), speaker(x, c)) for c in x.claims]
    assert text_of(x, hale[0]).startswith("Well, look")
    assert "voters see through all of it" in text_of(x, hale[0])


def test_a_quote_runs_on_only_into_a_paragraph_opened_the_same_way(nlp: Language) -> None:
    text = (
        '"Nobody on the committee thought the plan was sound. It was rushed, and it showed.\n\n'
        "“We never saw the final numbers before the vote,” Delia Marsh said on Tuesday."
    )
    x = run(nlp, text)
    marsh = [c for c in x.claims if speaker(x, c) == "Delia Marsh"]
    assert marsh, [(text_of(x, c), speaker(x, c)) for c in x.claims]
    assert all("Nobody on the committee" not in text_of(x, c) for c in marsh)


def test_a_clause_in_the_next_paragraph_is_not_the_cues_content(nlp: Language) -> None:
    text = (
        "The orchard can absorb forty tons of carbon in a decade, Ms. Reyes said\n\n"
        "The cooperative plans to plant another thousand acres next year."
    )
    got = _claims(nlp, text)
    reyes = [c for c in got if c[1] == "Reyes" or (c[1] or "").endswith("Reyes")]
    assert reyes, got
    assert reyes[0][0].startswith("The orchard can absorb"), got


def test_a_cue_noun_delivered_by_a_verb_belongs_to_its_subject(nlp: Language) -> None:
    got = _claims(nlp, "The governor made the argument that the new bridge would pay for itself.")
    argued = [c for c in got if "the new bridge would pay for itself" in c[0]]
    assert argued and argued[0][1] == "The governor", got


def test_the_writers_commands_to_the_reader_are_not_claims(nlp: Language) -> None:
    got = _claims(
        nlp,
        "Don't forget that the deadline for applications is in March. "
        "Imagine that the town had a second bridge across the river.",
    )
    assert got == [], got


def test_a_stance_adjective_reports_what_it_is_about(nlp: Language) -> None:
    got = _claims(nlp, "Senator Ruth Adler has been sharply critical of the new trade deal.")
    assert ("the new trade deal", "Ruth Adler", "indirect") in got, got


def test_a_stance_adjective_with_a_preposition_the_parser_moved(nlp: Language) -> None:
    got = _claims(nlp, "Local farmers are increasingly worried about the price of fertiliser.")
    assert any(c[0] == "the price of fertiliser" and c[1] == "Local farmers" for c in got), got


def test_an_owned_cue_noun_reports_its_topic_or_its_commitment(nlp: Language) -> None:
    got = _claims(
        nlp,
        "The minister's comments on the new flood barrier were brief. "
        "Her promise to rebuild the sea wall by spring was welcomed.",
    )
    contents = {c[0]: c[1] for c in got}
    assert "the new flood barrier" in contents, got
    assert any(c.startswith("to rebuild the sea wall") for c in contents), got


def test_an_owned_cue_noun_with_a_date_is_not_about_the_date(nlp: Language) -> None:
    got = _claims(nlp, "The mayor's remarks on Saturday drew a crowd of reporters.")
    assert all(c[0] != "Saturday" for c in got), got


def test_a_participle_after_a_preposition_belongs_to_the_passive_subject(nlp: Language) -> None:
    text = (
        "After saying that her knee was badly hurt, she was taken to Northfield Hospital for tests."
    )
    x = run(nlp, text)
    said = [c for c in x.claims if "her knee was badly hurt" in text_of(x, c)]
    assert said and said[0].source_span is not None, [text_of(x, c) for c in x.claims]
    assert text[slice(*said[0].source_span)] == "she"


def test_an_opening_participle_belongs_to_the_main_subject(nlp: Language) -> None:
    got = _claims(
        nlp,
        "Claiming the audit was designed to embarrass him, Mayor Tom Ridley told reporters "
        "that he would appeal.",
    )
    claimed = [c for c in got if c[0].startswith("the audit")]
    assert claimed and claimed[0][1] == "Tom Ridley", got


def test_the_object_of_force_is_who_does_what_is_forced(nlp: Language) -> None:
    text = "Senator Vance forced the chief executive to admit that no manager had been fired."
    x = run(nlp, text)
    admitted = [c for c in x.claims if c.cue_lemma == "admit"]
    assert admitted and admitted[0].source_span is not None
    assert "chief executive" in text[slice(*admitted[0].source_span)]


def test_a_headline_label_is_not_the_subject(nlp: Language) -> None:
    got = _claims(nlp, "The Latest: Governor Ames urges drivers to stay off the roads.")
    urged = [c for c in got if c[0].startswith("drivers to stay off")]
    assert urged and urged[0][1] == "Ames", got


def test_a_quoted_title_is_not_a_quote(nlp: Language) -> None:
    text = 'In an interview on "Meet the Voters," Senator Ida Crane said the tariffs had to go.'
    x = run(nlp, text)
    assert all(c.kind != "direct" for c in x.claims), [(c.kind, text_of(x, c)) for c in x.claims]
    assert any(text_of(x, c).startswith("the tariffs had to go") for c in x.claims)


def test_a_capitalised_exclamation_is_still_a_quote(nlp: Language) -> None:
    x = run(nlp, '"We Will Win!" the crowd chanted as the mayor arrived.')
    assert any(c.kind == "direct" for c in x.claims), [(c.kind, text_of(x, c)) for c in x.claims]


def test_verbs_of_complaint_and_candour_are_cues(nlp: Language) -> None:
    got = _claims(
        nlp,
        "Senator Ruth Adler bemoaned the closure of the mill. "
        "The company downplayed the risk of further layoffs.",
    )
    assert ("the closure of the mill", "Ruth Adler", "indirect") in got, got
    assert any(c[0] == "the risk of further layoffs" for c in got), got


def test_a_signature_set_off_by_commas_reports_what_stands_around_it(nlp: Language) -> None:
    text = (
        "The night shift was the hardest, she said.\n\n"
        "These inspectors, Ms. Okafor explained at the hearing, were paid far too little."
    )
    x = run(nlp, text)
    got = {text_of(x, c): speaker(x, c) for c in x.claims}
    assert "The night shift was the hardest" in got, got
    both = [t for t in got if t.startswith("These inspectors")]
    assert both and "were paid far too little" in both[0], got
    assert got[both[0]] == "Okafor" or (got[both[0]] or "").endswith("Okafor"), got


def test_a_scene_before_a_signature_is_not_what_was_said(nlp: Language) -> None:
    assert _claims(nlp, "When the storm reached the coast, the mayor said.") == []


def test_a_verb_with_its_own_preposition_reports_that_object(nlp: Language) -> None:
    got = _claims(
        nlp,
        "The governor sided with the striking nurses. "
        "The union pointed to the long waiting lists as proof of the crisis.",
    )
    assert any(c[0] == "the striking nurses" and c[1] == "The governor" for c in got), got
    assert any(c[0].startswith("the long waiting lists") for c in got), got


def test_a_hearer_after_to_is_not_content(nlp: Language) -> None:
    got = _claims(nlp, "The senator spoke to a crowd of farmers in the square.")
    assert all("farmers" not in c[0] for c in got), got


def test_a_cue_noun_delivered_by_a_verb_reports_its_topic(nlp: Language) -> None:
    got = _claims(nlp, "The council made a strong condemnation of the airport expansion.")
    assert ("the airport expansion", "The council", "indirect") in got, got


def test_as_someone_put_it_signs_the_clause_it_opens(nlp: Language) -> None:
    text = "As the treasurer put it in a letter to members, the club cannot survive another year."
    got = _claims(nlp, text)
    assert any(c[0] == "the club cannot survive another year" for c in got), got
    assert all(c[0] != "it" for c in got), got


def test_no_sentence_starts_right_after_a_word(nlp: Language) -> None:
    assert nlp.pipe_names.index("claimgraph_sentence_guard") < nlp.pipe_names.index("parser")
    text = (
        "At the hearing, Senator Ames mentioned damaging remarks the minister had made about "
        "nurses as examples of his contempt for the health service. Reporters left early.\n"
        "Rain fell"
    )
    doc = nlp(text)
    for sent in list(doc.sents)[1:]:
        prev = doc[sent.start - 1]
        assert prev.is_punct or prev.is_space or "\n" in prev.text_with_ws, (prev, sent)
    x = run(nlp, text)
    mentioned = [c for c in x.claims if c.cue_lemma == "mention"]
    assert mentioned and "as examples of his contempt" in text_of(x, mentioned[0])


def test_a_second_said_only_signs_the_first(nlp: Language) -> None:
    text = (
        'Marsh said she felt the rule was worth fixing because "nobody reads the small print," '
        "she said."
    )
    x = run(nlp, text)
    claims = [c for c in x.claims if c.kind != "authorial"]
    assert claims, claims
    for c in claims:
        assert not text_of(x, c).startswith("Marsh said"), text_of(x, c)


def test_a_clause_set_in_a_poll_is_the_polls_finding(nlp: Language) -> None:
    got = _claims(nlp, "In the latest poll, Mayor Reyes leads her rival by six points.")
    found = [c for c in got if c[1] == "the latest poll"]
    assert found and found[0][0] == "Mayor Reyes leads her rival by six points", got
    assert _claims(nlp, "The mayor was in the hospital for two days.") == []


def test_how_something_seems_is_a_claim(nlp: Language) -> None:
    got = _claims(
        nlp,
        "The new bypass seems far too expensive for a town of this size. "
        "None of their promises sounded credible to me.",
    )
    seems = [c for c in got if c[0].startswith("The new bypass")]
    assert seems and "far too expensive" in seems[0][0] and seems[0][1] is None, got
    sounded = [c for c in got if c[0].startswith("None of their promises")]
    assert sounded and sounded[0][1] is not None, got


def test_looking_to_do_something_is_not_seeming(nlp: Language) -> None:
    got = _claims(nlp, "The company looks to expand its fleet next year.")
    assert all(c[2] != "indirect" or "expand its fleet" not in c[0] for c in got), got


def test_a_headline_verb_read_as_a_noun_is_still_a_cue(nlp: Language) -> None:
    x = run(nlp, "Federal court rules against county's purge of voter rolls.")
    ruled = [c for c in x.claims if c.cue_lemma == "rule"]
    assert ruled, [(c.cue_lemma, text_of(x, c)) for c in x.claims]
    assert text_of(x, ruled[0]).startswith("against county's purge")


def test_an_owned_noun_of_intent_reports_what_is_intended(nlp: Language) -> None:
    got = _claims(nlp, "The mayor's latest plan to close the budget gap failed again.")
    assert any(c[0].startswith("to close the budget gap") for c in got), got


def test_an_owned_attempt_is_an_action_not_a_claim(nlp: Language) -> None:
    got = _claims(nlp, "The mayor's latest effort to close the budget gap failed again.")
    assert not any("to close the budget gap" in c[0] for c in got), got


def test_being_against_something_is_a_stance(nlp: Language) -> None:
    got = _claims(nlp, "Councillor Ortiz is firmly against the new parking charges.")
    assert ("the new parking charges", "Ortiz", "indirect") in got or any(
        c[0] == "the new parking charges" and (c[1] or "").endswith("Ortiz") for c in got
    ), got


def test_a_clause_credited_by_one_estimate(nlp: Language) -> None:
    got = _claims(nlp, "By one estimate, 4,000 acres of marsh have been lost since 1990.")
    assert any(c[1] == "one estimate" and c[0].startswith("4,000 acres") for c in got), got


def test_curly_quotes_inside_a_straight_quote_are_nested(nlp: Language) -> None:
    from claimgraph.extraction._quotes import find_quotes

    text = 'He went on:\n\n"The survey asked “Would you move?” and most said no," Lee said.'
    quotes = find_quotes(text)
    assert len(quotes) == 1
    assert text[quotes[0][0][0] : quotes[0][-1][1]].startswith('"The survey asked')
    assert text[quotes[0][0][0] : quotes[0][-1][1]].endswith('said no,"')


def test_an_inverted_said_before_a_colon_signs_the_quote(nlp: Language) -> None:
    x = run(nlp, "The plan has critics. Said Ellis: “Nobody has read the small print yet.”")
    signed = [c for c in x.claims if c.kind == "direct"]
    assert signed and signed[0].source_span is not None, [(c.kind, c.source_span) for c in x.claims]
    assert x.article.text[slice(*signed[0].source_span)] == "Ellis"


def test_a_quote_after_a_colon_belongs_to_the_person_named_before_it(nlp: Language) -> None:
    text = "A lesson from Mayor Ruth Okafor: 'Never stop asking questions.'\n\nShe spoke on Friday."
    x = run(nlp, text)
    quoted = [c for c in x.claims if c.kind == "direct"]
    assert quoted and speaker(x, quoted[0]) is not None, [(c.kind, speaker(x, c)) for c in x.claims]
    assert "Okafor" in (speaker(x, quoted[0]) or "")
    assert text_of(x, quoted[0]) == "'Never stop asking questions.'"


def test_a_that_clause_is_never_a_cues_left_hand_content(nlp: Language) -> None:
    text = (
        "The senator continues to insist, most recently in a radio interview, that he really "
        "wants to publish the report but cannot."
    )
    got = _claims(nlp, text)
    assert all(not c[0].startswith("The senator continues") for c in got), got
    assert any(c[0].startswith("he really wants to publish") for c in got), got


def test_the_one_asked_is_not_the_asker(nlp: Language) -> None:
    x = run(nlp, "Asked about the closure of the plant, Governor Ames said she would wait.")
    asked = [c for c in x.claims if c.cue_lemma == "ask"]
    assert asked and asked[0].speaker is None, [(c.cue_lemma, speaker(x, c)) for c in x.claims]
    said = [c for c in x.claims if c.cue_lemma == "say"]
    assert said and speaker(x, said[0]) == "Ames"
