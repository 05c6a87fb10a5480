"""Recall phenomena of the rule extractor, on short texts written for these tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimgraph.extraction import extract
from claimgraph.records import Article
from tests.extracting import only, run, speaker, text_of


def test_evaluation_verb_takes_its_object(nlp: Language) -> None:
    x = run(nlp, "Senator Ruth Okafor mocked the new parking rules on Tuesday.")
    claim = only(x, "mock")
    assert text_of(x, claim) == "the new parking rules"
    assert speaker(x, claim) == "Ruth Okafor"


def test_object_stops_at_adjunct(nlp: Language) -> None:
    x = run(nlp, "Mayor Ken Adeyemi praised the volunteers as heroes, with a long speech.")
    claim = only(x, "praise")
    assert text_of(x, claim) == "the volunteers as heroes"


def test_prepositional_topic(nlp: Language) -> None:
    x = run(nlp, "The union called for a ban on unpaid overtime.")
    claim = only(x, "call")
    assert text_of(x, claim) == "a ban on unpaid overtime"


def test_single_word_object(nlp: Language) -> None:
    x = run(nlp, "Governor Ada Price endorsed Walsh.")
    claim = only(x, "endorse")
    assert text_of(x, claim) == "Walsh"


def test_stance_verb_with_object(nlp: Language) -> None:
    x = run(nlp, "Most farmers support the new water plan.")
    assert "the new water plan" in text_of(x, only(x, "support"))


def test_lemma_missing_final_e(nlp: Language) -> None:
    x = run(nlp, "Kim Doyle hopes the tunnel opens next year.")
    claim = only(x, "hope")
    assert "tunnel opens" in text_of(x, claim)


def test_relative_pronoun_speaker_is_its_antecedent(nlp: Language) -> None:
    x = run(nlp, "It was Omar Reyes who argued that the fees were too high.")
    claim = only(x, "argue")
    assert speaker(x, claim) == "Omar Reyes"


def test_transcript_label(nlp: Language) -> None:
    text = "HOST: Welcome back to the show tonight.\nGARCIA: Thank you, it is good to be here.\n"
    x = run(nlp, text)
    labelled = [c for c in x.claims if c.cue_lemma == ":"]
    assert [speaker(x, c) for c in labelled] == ["HOST", "GARCIA"]
    assert text_of(x, labelled[1]) == "Thank you, it is good to be here."


def test_headline_label(nlp: Language) -> None:
    x = run(nlp, "Okafor: Parking Fees Will Double Next Year\n\nThe council met on Monday.")
    claim = only(x, ":")
    assert speaker(x, claim) == "Okafor"
    assert text_of(x, claim) == "Parking Fees Will Double Next Year"


def test_label_that_names_no_speaker(nlp: Language) -> None:
    x = run(nlp, "Update: the road is open again after the storm.")
    assert not [c for c in x.claims if c.cue_lemma == ":"]


def test_non_finite_cue_takes_the_governing_subject(nlp: Language) -> None:
    x = run(nlp, "Councillor Bea Lund was quick to criticize the new budget.")
    claim = only(x, "criticize")
    assert "Bea Lund" in (speaker(x, claim) or "")
    assert text_of(x, claim) == "the new budget"


def test_prepositional_cue_under_a_phrase(nlp: Language) -> None:
    x = run(nlp, "Rita Moss is steering clear of attacking the governor.")
    assert speaker(x, only(x, "attack")) == "Rita Moss"


def test_owned_judging_noun_takes_its_topic(nlp: Language) -> None:
    x = run(nlp, "Grant's criticism of the stadium deal was sharp.")
    claim = only(x, "criticism")
    assert text_of(x, claim) == "the stadium deal"
    assert speaker(x, claim) == "Grant"


def test_short_quote_inside_a_reported_clause(nlp: Language) -> None:
    x = run(nlp, 'Lena Ford said "modest fees" and new taxes would pay for the tunnel.')
    (claim,) = x.claims
    assert claim.kind == "mixed"
    assert "new taxes would pay for the tunnel" in text_of(x, claim)
    assert speaker(x, claim) == "Lena Ford"


def test_addressee_is_not_the_topic(nlp: Language) -> None:
    x = run(nlp, "Kai Berg spoke to reporters after the vote.")
    assert not [c for c in x.claims if c.cue_lemma == "speak"]


def test_subject_stays_in_the_cue_paragraph(nlp: Language) -> None:
    x = run(nlp, "9:30 a.m.\n\nNora Vance says the bridge will reopen in May.")
    claim = only(x, "say")
    assert speaker(x, claim) == "Nora Vance"


def test_participle_on_a_thing_takes_the_clause_subject(nlp: Language) -> None:
    x = run(nlp, "Judge Amy Roth held a news conference announcing that the trial would resume.")
    claim = only(x, "announce")
    assert "Amy Roth" in (speaker(x, claim) or "")


def test_a_place_that_speaks_stands_for_its_government(nlp: Language) -> None:
    text = "Norway said on Monday that the talks had failed."
    ex = extract(Article(id="gov", text=text, publisher="Wire"), nlp=nlp)
    claim = next(c for c in ex.claims if c.speaker)
    speaker = ex.entity(claim.speaker or "")
    assert (speaker.name, speaker.type) == ("Norway", "Organization")
    assert (0, 6) in speaker.mentions
    assert any(e.name == "Norway" and e.type == "Place" for e in ex.entities)


def test_nested_cue_is_part_of_the_outer_claim(nlp: Language) -> None:
    x = run(nlp, "Mayor Ken Adeyemi said the council accused the contractor of wasting money.")
    assert [c.cue_lemma for c in x.claims] == ["say"]


def test_nested_say_is_a_claim_of_its_own(nlp: Language) -> None:
    x = run(nlp, "Senator Ruth Okafor said the governor said the bridge was safe.")
    assert sorted(c.cue_lemma or "" for c in x.claims) == ["say", "say"]


def test_quote_speaker_between_quote_and_cue(nlp: Language) -> None:
    x = run(
        nlp,
        '"The budget is a good one. Not perfect, good. One of the best in years," '
        "Rep. Ann Lee (D-Ohio) said in a phone interview.",
    )
    claim = only(x, "say")
    assert speaker(x, claim) == "Ann Lee"


def test_object_stops_before_non_restrictive_clause(nlp: Language) -> None:
    x = run(nlp, "Senator Ruth Okafor praised the new library, which opened in a former bank.")
    claim = only(x, "praise")
    assert text_of(x, claim) == "the new library"


def test_reported_clause_stops_before_concession(nlp: Language) -> None:
    x = run(
        nlp,
        "Mayor Ken Adeyemi said the new bridge was safe, although he refused to show the report.",
    )
    claim = only(x, "say")
    assert text_of(x, claim) == "the new bridge was safe"


def test_quote_cue_after_long_description(nlp: Language) -> None:
    x = run(
        nlp,
        "The council met on Monday.\n\n"
        '"Their plan is very clear: to delay the vote until the money runs out," '
        "Maria Okonkwo, a senior fellow at the Lakeside Institute and a former deputy mayor "
        "of the city, said of the proposal.",
    )
    claim = only(x, "say")
    assert speaker(x, claim) == "Maria Okonkwo"
    assert text_of(x, claim).startswith('"Their plan')


def test_action_verbs_are_not_cues(nlp: Language) -> None:
    x = run(
        nlp,
        "The city released the budget on Monday. The storm hit the coast, and the new law "
        "requires a permit. Volunteers shared food and pushed the carts. The council raised "
        "taxes and invited bids to address the flooding.",
    )
    assert [c.cue_lemma for c in x.claims] == []


@pytest.mark.parametrize("sign", ["― ", "―\u00a0", " ― "])
def test_quote_signed_with_a_dash(nlp: Language, sign: str) -> None:
    x = run(
        nlp,
        f"Readers wrote in.\n“The new bridge is ugly and far too expensive.”{sign}Maria Lopez\n",
    )
    claim = only(x, "―")
    assert speaker(x, claim) == "Maria Lopez"


def test_parenthetical_cue_splits_the_content(nlp: Language) -> None:
    text = "The new bridge, the mayor said on Monday, will cost $5 million."
    x = run(nlp, text)
    claim = only(x, "say")
    assert [text[s:e] for s, e in claim.content] == ["The new bridge", "will cost $5 million"]
    assert claim.source_span is not None
    assert text[claim.source_span[0] : claim.source_span[1]] == "the mayor"


def test_object_goes_on_past_a_date(nlp: Language) -> None:
    x = run(nlp, "Mayor Ken Adeyemi praised the volunteers last week for their hard work.")
    claim = only(x, "praise")
    assert text_of(x, claim) == "the volunteers last week for their hard work"


@pytest.mark.parametrize("mark", [":", ","])
def test_quote_after_cue_and_its_object(nlp: Language, mark: str) -> None:
    x = run(
        nlp,
        f"Mayor Ken Adeyemi told his radio audience on Monday{mark} "
        '"What has happened is this. The council has sent orders to its friends '
        'to delay the vote."',
    )
    claim = only(x, "tell")
    assert claim.kind == "direct"
    assert text_of(x, claim).startswith('"What has happened is this.')
    assert speaker(x, claim) == "Ken Adeyemi"


def test_paragraph_opening_with_a_reversed_quote_mark(nlp: Language) -> None:
    x = run(
        nlp, "Readers wrote in.\n”The new bridge is ugly and far too expensive.” ― Maria Lopez\n"
    )
    claim = only(x, "―")
    assert text_of(x, claim) == "”The new bridge is ugly and far too expensive.”"
    assert speaker(x, claim) == "Maria Lopez"


def test_object_keeps_an_aside_followed_by_a_conjunct(nlp: Language) -> None:
    x = run(
        nlp, "Mayor Ken Adeyemi praised the new library, built in a former bank, and the new park."
    )
    claim = only(x, "praise")
    assert text_of(x, claim) == "the new library, built in a former bank, and the new park"


@pytest.mark.parametrize(
    ("text", "content", "who"),
    [
        ("Mayor Ken Adeyemi was sure the bridge would open in May.", "the bridge would", "Ken"),
        (
            "Senator Ruth Okafor made clear that she would vote against the bill.",
            "that she",
            "Ruth",
        ),
    ],
)
def test_stance_adjective_with_a_clause(nlp: Language, text: str, content: str, who: str) -> None:
    x = run(nlp, text)
    assert len(x.claims) == 1
    claim = x.claims[0]
    assert text_of(x, claim).startswith(content)
    assert (speaker(x, claim) or "").startswith(who)


def test_impersonal_clear_is_not_a_claim(nlp: Language) -> None:
    assert run(nlp, "It is clear that the bridge will open in May.").claims == []


def test_telling_only_a_hearer_is_not_a_claim(nlp: Language) -> None:
    assert run(nlp, "Mayor Ken Adeyemi told his supporters on Monday.").claims == []
    x = run(nlp, "Mayor Ken Adeyemi told the truth about the budget.")
    assert text_of(x, only(x, "tell")) == "the truth about the budget"


def test_object_runs_over_an_adjunct_to_its_complement(nlp: Language) -> None:
    x = run(nlp, "The mayor called her vote in favor of the tunnel a costly mistake.")
    claim = only(x, "call")
    assert text_of(x, claim) == "her vote in favor of the tunnel a costly mistake"


def test_clause_takes_in_a_quote_joined_to_an_earlier_one(nlp: Language) -> None:
    x = run(
        nlp,
        'The plan is "a reckless gamble," the mayor said. She says it proves that the council is '
        '"unfit to manage a budget."',
    )
    texts = {c.cue_lemma: text_of(x, c) for c in x.claims}
    assert texts["say"].startswith(("it proves that the council", '"a reckless gamble,"'))
    clause = [c for c in x.claims if text_of(x, c).startswith("it proves")]
    assert len(clause) == 1, [text_of(x, c) for c in x.claims]
    assert text_of(x, clause[0]).endswith('"unfit to manage a budget."')


def test_a_speaking_name_of_unknown_kind_becomes_an_agent(nlp: Language) -> None:
    from claimgraph.extraction._drafts import Draft
    from claimgraph.extraction._entities import Ent
    from claimgraph.extraction._pipeline import _speaking_others

    doc = nlp("Nova Reyes acknowledged the gap. Acme Widget Works Group Inc denied it.")
    person = Ent(key="e1", name="Nova Reyes", type="Other")
    body = Ent(key="e2", name="Acme Widget Works Group Inc", type="Other")
    silent = Ent(key="e3", name="Galaxy Tab", type="Other")
    drafts = [
        Draft(content=[(0, 5)], kind="indirect", speaker=doc[0:2], entity=person),
        Draft(content=[(0, 5)], kind="indirect", speaker=doc[6:11], entity=body),
        Draft(content=[(0, 5)], kind="direct", entity=silent),
    ]
    _speaking_others(drafts)
    assert (person.type, body.type, silent.type) == ("Person", "Organization", "Other")


def test_passive_cue_with_agent_claims_its_subject(nlp: Language) -> None:
    x = run(nlp, "The new harbor plan has been endorsed by the Port Workers Union.")
    claim = only(x, "endorse")
    assert text_of(x, claim) == "The new harbor plan"
    assert speaker(x, claim) == "Port Workers Union"


def test_passive_cue_with_a_pronoun_subject_is_not_a_claim(nlp: Language) -> None:
    x = run(nlp, "It was endorsed by the Port Workers Union.")
    assert not [c for c in x.claims if text_of(x, c) == "It"]


def test_second_cue_before_a_quote_makes_a_second_claim(nlp: Language) -> None:
    x = run(
        nlp,
        '"We cannot wait any longer," Okafor said, adding, "The harbour must be dredged this '
        'winter before the ice comes."',
    )
    added = only(x, "add")
    assert text_of(x, added).startswith('"The harbour must be dredged')
    assert speaker(x, added) == "Okafor"
    assert text_of(x, only(x, "say")) == '"We cannot wait any longer,"'


def test_cue_of_another_clause_does_not_split_a_quote(nlp: Language) -> None:
    x = run(
        nlp,
        '"We cannot wait any longer," Okafor said at the dinner, where Price also spoke. "The '
        'harbour must be dredged this winter before the ice comes."',
    )
    said = only(x, "say")
    assert "The harbour must be dredged" in text_of(x, said)
    assert speaker(x, said) == "Okafor"


def test_name_the_parser_glued_to_an_object_is_the_subject(nlp: Language) -> None:
    x = run(
        nlp,
        "In a meeting with the editorial board of the Daily Star Okafor said that taxes would "
        "rise next year.",
    )
    claim = only(x, "say")
    assert text_of(x, claim) == "that taxes would rise next year"
    name = speaker(x, claim)
    assert name is not None and "Okafor" in name


def test_coordinated_subject_the_parser_left_out(nlp: Language) -> None:
    x = run(nlp, 'Adeyemi and Price call them "heroes" and describe their work as vital.')
    assert speaker(x, only(x, "call")) is not None
    assert speaker(x, only(x, "describe")) is not None


def test_noun_object_keeps_a_modifier_hung_on_the_verb(nlp: Language) -> None:
    x = run(nlp, "The report described reckless spending by the council behind closed doors.")
    claim = only(x, "describe")
    assert text_of(x, claim) == "reckless spending by the council behind closed doors"


def test_reason_is_not_part_of_the_object(nlp: Language) -> None:
    x = run(nlp, "Okafor expressed misgivings about the plan because of its cost.")
    assert text_of(x, only(x, "express")) == "misgivings about the plan"


def test_two_cues_over_the_same_words_make_one_claim(nlp: Language) -> None:
    x = run(nlp, " Said 0\nlId; saId")
    contents = [tuple(c.content) for c in x.claims]
    assert len(contents) == len(set(contents))
