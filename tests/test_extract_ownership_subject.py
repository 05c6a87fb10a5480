"""Ownership stated of a sentence's or an encyclopaedia-style article's subject, on text written
for these tests (issue 26)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimgraph.records import Extraction
from tests.extracting import run


def owns(x: Extraction) -> set[tuple[str, str]]:
    return {(x.entity(o.owner).name.strip(), x.entity(o.owned).name) for o in x.ownerships}


def owned_by(x: Extraction, owner: str) -> set[str]:
    return {b for a, b in owns(x) if a == owner}


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (  # "the <noun>" of the definition stands for the subject
            "Velmora Weekly is a Belgian magazine, founded in 1952. The magazine is owned by "
            "Castellan Media. It appears every Thursday.",
            ("Castellan Media", "Velmora Weekly"),
        ),
        (  # "it" after an opening phrase, passive with an adverb
            "Veltro is an open-source database project. Originally by Tessaly Labs, it was "
            "later acquired by Norrick Systems, and is now led by volunteers.",
            ("Norrick Systems", "Veltro"),
        ),
        (  # a parenthesis between the subject and its predicate
            "KRVX Radio ( 98.3 FM, the Falcon ) is a radio station owned by Harbin Broadcasting.",
            ("Harbin Broadcasting", "KRVX Radio"),
        ),
        (  # coordinated predicate
            "Galloway Gazette is a weekly newspaper in Ontario. The newspaper is printed in "
            "Dunmore and is owned by Pellham Press.",
            ("Pellham Press", "Galloway Gazette"),
        ),
        (  # "is one of the titles owned by"
            "The Harrowgate Courier is a daily newspaper. Alongside the Weekly Ledger it is one "
            "of the regional titles owned by Stanway Holdings.",
            ("Stanway Holdings", "Harrowgate Courier"),
        ),
        (  # "is one of the titles owned by" after a fronted phrase
            "The Harrowgate Courier is a daily newspaper. Like the Weekly Ledger, it is one "
            "of the regional titles owned by Stanway Holdings.",
            ("Stanway Holdings", "Harrowgate Courier"),
        ),
        (  # "became part of"
            "Brightline Films is a television production company based in Leeds. Brightline "
            "Films became part of the Orvane Group in 2011.",
            ("Orvane Group", "Brightline Films"),
        ),
        (  # "a command of", after an acronym in parentheses
            "The Northern Patrol Command ( NPC ) was a command of the Ruritanian Navy from 1950 "
            "to 1961.",
            ("Ruritanian Navy", "Northern Patrol Command"),
        ),
        (  # "a regiment of": military formations are parts of a service (part_nouns)
            "The Kellan Rifles was a regiment of the Ruritanian Army from 1881 to 1959.",
            ("Ruritanian Army", "Kellan Rifles"),
        ),
        (  # "the parent company, Y"
            "Dunley Kids is a children's television show. It airs in nine countries. The parent "
            "company, Maplestone Pictures, has offices in Toronto.",
            ("Maplestone Pictures", "Dunley Kids"),
        ),
        (  # a brand "produced by"
            "Softora is a brand name of laundry detergent produced by Kessel & Marr and sold in "
            "Canada.",
            ("Kessel & Marr", "Softora"),
        ),
    ],
)
def test_subject_ownership(nlp: Language, text: str, pair: tuple[str, str]) -> None:
    x = run(nlp, text)
    assert pair in owns(x)
    own = next(o for o in x.ownerships if (x.entity(o.owner).name, x.entity(o.owned).name) == pair)
    assert own.evidence is not None


def test_the_short_name_stands_for_the_subject(nlp: Language) -> None:
    x = run(
        nlp,
        "The Kettering Beacon is a daily newspaper published in Kettering. The Beacon is the "
        "flagship of the national Tallis Newspaper Group.",
    )
    assert ("Tallis Newspaper Group", "Kettering Beacon") in owns(x)


def test_it_comprises_a_list(nlp: Language) -> None:
    x = run(
        nlp,
        "Northvale Health Trust is a hospital trust based in Leeds. It comprises Aldgate "
        "General Hospital at Carver Street, the Brannock Eye Hospital and the Linwood "
        "Children's Hospital.",
    )
    assert {"Aldgate General Hospital", "Brannock Eye Hospital"} <= owned_by(
        x, "Northvale Health Trust"
    )


def test_sister_channels_share_the_subjects_owner(nlp: Language) -> None:
    x = run(
        nlp,
        "Tunebox is a music video channel in Ireland. The channel was owned by Corvane "
        "Networks. It showed programmes from its sister channels Laughline and Comedy Vault.",
    )
    assert {"Tunebox", "Laughline", "Comedy Vault"} <= owned_by(x, "Corvane Networks")
    assert not owned_by(x, "Tunebox")


def test_it_is_not_resolved_without_a_defining_opening(nlp: Language) -> None:
    # A news story does not open by defining its subject: "it" stays unresolved.
    x = run(
        nlp,
        "Harlow Foods said on Monday that profits fell. It was acquired by Denton Capital "
        "in 2019, according to filings.",
    )
    assert ("Denton Capital", "Harlow Foods") not in owns(x)


def test_a_description_must_be_the_definitions_noun(nlp: Language) -> None:
    # "the company" is not the magazine the article defines.
    x = run(
        nlp,
        "Velmora Weekly is a Belgian magazine. Its printer is Castor Print. The company is "
        "owned by Ardent Holdings.",
    )
    assert ("Ardent Holdings", "Velmora Weekly") not in owns(x)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "In 2009 he joined Ravelston Rovers - a club owned by Ashgrove United.",
            ("Ashgrove United", "Ravelston Rovers"),
        ),
        (
            "Brava Group operated Brava Air, along with its subsidiaries Kestrel Airlines, "
            "Inc. and Pine Airlines, Inc., which are wholly owned.",
            ("Brava Group", "Pine Airlines, Inc"),
        ),
        (
            "Pemberton joined Idexo after it acquired the software firm he founded, Tallyweb.",
            ("Idexo", "Tallyweb"),
        ),
        (
            "Orbis Studios secured a 55.5% stake in Bexley Media Ltd on 5 May.",
            ("Orbis Studios", "Bexley Media Ltd"),
        ),
        (
            "Orbis Studios completed its acquisition of a majority stake in Bexley Media Ltd.",
            ("Orbis Studios", "Bexley Media Ltd"),
        ),
        (
            "He trained wrestlers for Grapple Entertainment 's developmental territories Gulf "
            "Coast Wrestling and Delta Wrestling.",
            ("Grapple Entertainment", "Delta Wrestling"),
        ),
        (
            "The series was made in association with Larkin Media Group 's Greengrass Television.",
            ("Larkin Media Group", "Greengrass Television"),
        ),
        (
            "Milo Hart then became a trainer at Veltrix Pictures. A Veltrix spokesman declined "
            "to comment.",
            ("Veltrix", "Veltrix Pictures"),
        ),
    ],
)
def test_more_pair_phrasings(nlp: Language, text: str, pair: tuple[str, str]) -> None:
    assert pair in owns(run(nlp, text))


def test_the_object_of_a_preposition_is_not_the_owner(nlp: Language) -> None:
    x = run(
        nlp,
        "Aero Holdings, the Canadian parent of Maple Air retained a 6.1% stake in Skyway Group.",
    )
    assert ("Maple Air", "Skyway Group") not in owns(x)


def test_sister_channels_are_not_parts(nlp: Language) -> None:
    x = run(nlp, "Tunebox showed programmes from its sister channels Laughline and Kidzone.")
    assert not owned_by(x, "Tunebox")


def test_an_institution_named_after_a_place_is_not_a_part(nlp: Language) -> None:
    x = run(nlp, "He taught at Dunmore University after working for Dunmore, the city council.")
    assert ("Dunmore", "Dunmore University") not in owns(x)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (  # a regional arm named after its company
            "Hollis Entertainment said on Monday that sales at Hollis Entertainment Australia "
            "rose.",
            ("Hollis Entertainment", "Hollis Entertainment Australia"),
        ),
        (  # an organisation named in the definition, before its noun
            "The Daily Round is a weekly BBC Radio current affairs programme.",
            ("BBC Radio", "Daily Round"),
        ),
        (  # "developed by" in the definition
            "Tallyo is a digital media player developed by Brightwave Systems. It was shelved "
            "in 2013.",
            ("Brightwave Systems", "Tallyo"),
        ),
    ],
)
def test_names_and_definitions(nlp: Language, text: str, pair: tuple[str, str]) -> None:
    assert pair in owns(run(nlp, text))


@pytest.mark.parametrize(
    "text",
    [
        "Tallyo is an Apple supplier based in Taiwan. It makes screens.",
        "Brightwater Capital is a Nasdaq company based in Ohio.",
    ],
)
def test_an_organisation_in_a_definition_is_not_always_the_owner(nlp: Language, text: str) -> None:
    assert not owns(run(nlp, text))


def test_a_second_acquisition_in_the_subjects_sentence(nlp: Language) -> None:
    x = run(
        nlp,
        "Kestrel Interactive is a Japanese video game publisher. Kestrel Interactive has owned "
        "Morrow Arcade Corporation , which makes arcade games , since 2005 , and acquired game "
        "publisher Pellucid Software in 2009 .",
    )
    assert {"Morrow Arcade Corporation", "Pellucid Software"} <= owned_by(x, "Kestrel Interactive")


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        (  # "Y apps, including ( ... ) A, B and C"
            "Brightline is an assistant that works across all Microsoft apps , including ( but "
            "not limited to ) Mailbox , Microsoft Docs and Microsoft Sheets .",
            {("Microsoft", "Mailbox"), ("Microsoft", "Microsoft Sheets")},
        ),
        (  # "Y products such as A and B"
            "Brightline works with Corvane Media products such as Tunebox, Laughline and Kidzone.",
            {("Corvane Media", "Tunebox"), ("Corvane Media", "Laughline")},
        ),
    ],
)
def test_companions_and_product_lists(
    nlp: Language, text: str, pairs: set[tuple[str, str]]
) -> None:
    assert pairs <= owns(run(nlp, text))


@pytest.mark.parametrize(
    ("text", "not_owned"),
    [
        (  # a list in parentheses names members or examples, not parts
            "Several lenders ( including Harbin Bank and Calloway Trust ) cut their rates.",
            {"Harbin Bank", "Calloway Trust"},
        ),
        (  # a companion of the subject is not said to share its owner
            "The Harrowgate Courier is a daily newspaper. Alongside The Weekly Ledger it is one "
            "of the regional titles owned by Stanway Holdings.",
            {"Weekly Ledger"},
        ),
    ],
)
def test_inclusion_and_companions_state_no_ownership(
    nlp: Language, text: str, not_owned: set[str]
) -> None:
    assert not {b for _, b in owns(run(nlp, text))} & not_owned
