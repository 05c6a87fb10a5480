"""Who a speaker phrase refers to: pronouns, descriptions and partial names, on text written for
each test (issue 25, "the right speaker")."""

from __future__ import annotations

from spacy.language import Language

from claimgraph.records import Extraction
from tests.extracting import run, speaker, text_of


def _said(x: Extraction) -> dict[str, str | None]:
    return {text_of(x, c): speaker(x, c) for c in x.claims}


def test_a_pronoun_in_a_reported_clause_is_the_subject_of_the_cue_reporting_it(
    nlp: Language,
) -> None:
    # Tom Hale is named nearer to the second "she" than Ruiz is, and nothing shows either's
    # gender before: the clause structure decides.
    x = run(
        nlp,
        "Anna Ruiz is running for mayor. Tom Hale, a rival, spent the day in the north.\n\n"
        "Ruiz says she hopes to win, but she knows the race is close.",
    )
    said = _said(x)
    assert said.get("the race is close") == "Anna Ruiz", said


def test_he_in_a_reported_clause_goes_past_a_man_named_in_between(nlp: Language) -> None:
    x = run(
        nlp,
        "Mr Dunne, who lost to Mr Carver in June, said he believed the count was flawed.",
    )
    said = _said(x)
    assert said.get("the count was flawed") == "Dunne", said


def test_a_possessive_pronoun_as_the_speaker_is_resolved_like_its_plain_form(
    nlp: Language,
) -> None:
    x = run(
        nlp,
        "Senator Mark Okafor opened the hearing. He questioned the minister for an hour.\n\n"
        "His claim that the figures were wrong was denied.",
    )
    said = _said(x)
    assert "His" not in {e.name for e in x.entities}, x.entities
    assert said.get("that the figures were wrong") == "Mark Okafor", said


def test_an_organisation_word_is_the_organisation_named_before(nlp: Language) -> None:
    x = run(
        nlp,
        "Leeds City Council met on Monday. Brookfield Ltd sold the land to a developer.\n\n"
        "The council said the sale was lawful.",
    )
    said = _said(x)
    assert said.get("the sale was lawful") == "Leeds City Council", said
    assert "The council" not in {e.name for e in x.entities}


def test_the_company_is_the_organisation_in_view(nlp: Language) -> None:
    x = run(
        nlp,
        "Tarnwell Foods reported a loss on Tuesday.\n\nThe company said demand would recover.",
    )
    assert _said(x).get("demand would recover") == "Tarnwell Foods", _said(x)


def test_an_organisation_word_with_nothing_in_view_stays_unnamed(nlp: Language) -> None:
    x = run(nlp, "The company said demand would recover.")
    got = [e for e in x.entities if e.key == x.claims[0].speaker]
    assert got and got[0].type == "UnnamedSource", x.entities


def test_an_organisation_in_apposition_to_an_organisation_word_is_the_speaker(
    nlp: Language,
) -> None:
    x = run(
        nlp,
        "The department store group Halwyn & Pryor plans to close 40 of its shops.",
    )
    said = _said(x)
    assert "Halwyn & Pryor" in said.values(), said
    assert not any(e.type == "UnnamedSource" for e in x.entities), x.entities


def test_a_first_name_alone_is_the_one_person_with_that_first_name(nlp: Language) -> None:
    x = run(
        nlp,
        "Hillary Lamb spoke in Ohio on Monday.\n\nLater, Hillary said the plan would work.",
    )
    assert _said(x).get("the plan would work") == "Hillary Lamb", _said(x)
    assert [e.name for e in x.entities if e.type == "Person"] == ["Hillary Lamb"]


def test_a_lone_surname_shared_by_two_is_the_one_whose_surname_came_last(nlp: Language) -> None:
    x = run(
        nlp,
        "Cian Brennan scored nine points and his younger brother Darragh added two goals.\n\n"
        "The elder Brennan, a teacher in the town, was calm. "
        '"It was a team game, and the lads won the ball," he said.\n\n'
        '"I have dreamt of this since I was six," Darragh Brennan said.',
    )
    said = _said(x)
    assert said.get('"It was a team game, and the lads won the ball,"') == "Cian Brennan", said
    assert said.get('"I have dreamt of this since I was six,"') == "Darragh Brennan", said


def test_he_goes_to_the_subject_before_a_man_only_seen_as_an_object(nlp: Language) -> None:
    # Mr Grady is shown to be "he" by his title, Tom Walsh by nothing: the subject of the
    # sentence before still decides.
    x = run(
        nlp,
        "Mr Grady chairs the club. Tom Walsh arrived late and thanked Mr Grady for waiting. "
        "He said the season had been long.",
    )
    assert _said(x).get("the season had been long") == "Tom Walsh", _said(x)


def test_a_role_noun_is_the_person_the_article_shows_holding_that_role(nlp: Language) -> None:
    x = run(
        nlp,
        "Finance Minister Jane Doe met Tom Hale on Monday. Hale said the talks were useful. "
        "The minister said the budget was balanced.",
    )
    assert _said(x).get("the budget was balanced") == "Jane Doe", _said(x)


def test_a_role_noun_with_another_modifier_is_another_role(nlp: Language) -> None:
    x = run(
        nlp,
        "Prime Minister Ann Lowe and Finance Minister Jane Doe met. Doe said the talks were "
        "useful. The prime minister said the budget was balanced.",
    )
    assert _said(x).get("the budget was balanced") == "Ann Lowe", _said(x)


def test_a_role_given_in_apposition_is_held_by_that_person(nlp: Language) -> None:
    x = run(
        nlp,
        "Jane Doe, the finance minister, met Tom Hale on Monday. Hale said the talks were "
        "useful. The minister said the budget was balanced.",
    )
    assert _said(x).get("the budget was balanced") == "Jane Doe", _said(x)


def test_the_company_is_the_organisation_that_was_the_subject_not_its_parent(
    nlp: Language,
) -> None:
    x = run(
        nlp,
        "Harbour Bank, whose parent company is Dunmore Group, closed the branch in May. "
        "The company said the branch had lost money.",
    )
    assert _said(x).get("the branch had lost money") == "Harbour Bank", _said(x)


def test_a_surname_the_parser_calls_an_organisation_is_the_person(nlp: Language) -> None:
    x = run(nlp, "Tom Reyes spoke on Monday.\n\nReyes said the plan was bad.")
    assert _said(x).get("the plan was bad") == "Tom Reyes", _said(x)
    assert [e.name for e in x.entities] == ["Tom Reyes"], x.entities


def test_a_gendered_title_picks_between_two_people_of_one_surname(nlp: Language) -> None:
    x = run(
        nlp,
        "Sarah Quinn and her husband David Quinn run the farm. Quinn said prices were too "
        "low. Mrs Quinn said the weather was worse.",
    )
    said = _said(x)
    assert said.get("the weather was worse") == "Sarah Quinn", said
    assert said.get("prices were too low") == "David Quinn", said  # the nearest full mention


def test_the_home_secretary_is_not_the_shadow_home_secretary(nlp: Language) -> None:
    x = run(
        nlp,
        "The home secretary, Jane Cole, defended the plan. But the shadow home secretary, "
        "Tom Reyes, said the plan was unworkable. The home secretary said the plan would work.",
    )
    said = _said(x)
    assert said.get("the plan was unworkable") == "Tom Reyes", said
    assert said.get("the plan would work") == "Jane Cole", said


def test_the_mayor_is_not_the_deputy_mayor_named_last(nlp: Language) -> None:
    x = run(
        nlp,
        "Mayor Tom Hale and Deputy Mayor Ann Lowe opened the bridge. "
        "The mayor said the bridge was safe.",
    )
    assert _said(x).get("the bridge was safe") == "Tom Hale", _said(x)


def test_a_name_keeps_no_dash_or_bullet_around_it(nlp: Language) -> None:
    x = run(nlp, "“We need a president who listens to all of us.” ― Tom Reyes")
    assert [e.name for e in x.entities] == ["Tom Reyes"], x.entities


def test_its_in_a_clause_an_unmarked_name_reports_makes_that_name_an_organisation(
    nlp: Language,
) -> None:
    x = run(
        nlp,
        'In a statement, Peabody said: "The mine was highly successful when it opened a decade '
        'ago," adding that its market value quadrupled.',
    )
    assert {e.name: e.type for e in x.entities}.get("Peabody") == "Organization", x.entities
    assert set(_said(x).values()) == {"Peabody"}, _said(x)


def test_a_kind_of_organisation_is_the_organisation_named_before(nlp: Language) -> None:
    x = run(
        nlp,
        "Brightwater Homes, which owns the site, said it had not been consulted. "
        "The developer said its plans were unchanged.",
    )
    assert _said(x).get("its plans were unchanged") == "Brightwater Homes", _said(x)


def test_a_title_of_the_other_gender_before_a_shared_surname_is_another_person(
    nlp: Language,
) -> None:
    x = run(
        nlp,
        "Mr Quinn opened the meeting. Ms Quinn, his sister, said the vote was rigged.\n\n"
        "Mr Quinn said the count was fair.",
    )
    said = _said(x)
    assert said.get("the vote was rigged") != said.get("the count was fair"), said
    assert said.get("the count was fair") == "Quinn", said


def test_a_name_in_apposition_after_of_and_an_organisation_is_the_speaker(
    nlp: Language,
) -> None:
    x = run(nlp, "The chief executive of Acme Corp, Tom Hale, said the plant would close.")
    said = _said(x)
    assert said.get("the plant would close") == "Tom Hale", said


def test_a_pronoun_a_person_reported_before_does_not_bar_the_other_one_later(
    nlp: Language,
) -> None:
    # "Kerr said he refused" is about the driver; it must not make Kerr a man for good.
    text = (
        "Ann Ruiz spoke in Ohio on Monday.\n\nThe driver was stopped on a side road. "
        "{title}Kerr said he refused to follow her orders. He was arrested.\n\n"
        "Kerr later said she suspected the driver was drunk."
    )
    said = _said(run(nlp, text.format(title="Officer ")))
    assert said.get("the driver was drunk") == "Kerr", said
    titled = _said(run(nlp, text.format(title="Mr ")))  # a title does settle it
    assert titled.get("the driver was drunk") == "Ann Ruiz", titled


def test_a_relative_pronoun_as_the_speaker_is_its_antecedent(nlp: Language) -> None:
    x = run(
        nlp,
        "Ann Ruiz, who said the fees were too high, left the meeting early.\n\n"
        "The Harbour Growers Union, which argues that the ban will cost jobs, wrote to the mayor.",
    )
    said = _said(x)
    assert said.get("the fees were too high") == "Ann Ruiz", said
    assert said.get("that the ban will cost jobs") == "Harbour Growers Union", said
