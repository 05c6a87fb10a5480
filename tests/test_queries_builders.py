"""More hand-made articles for query, projection and view tests, and a check that they are valid.

Three articles by three outlets about the same harbour: the Coast Wire story of
:func:`tests.builders.harbour_extraction`, a Harbour Times story that repeats Ada Quinn's role and
the Bluewave ownership but gives a different ship count (a conflict), and a Bay Courier story that
repeats the Coast Wire's ship count (a corroboration). Every entity, claim and span is written out
here, so the expected query rows are known exactly.
"""

from __future__ import annotations

from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.records import Article, Claim, Entity, Extraction, Observation, Ownership, Role
from tests.builders import harbour_extraction, span

TIMES_TEXT = (
    "Bayport, Mar 5 (Harbour Times): Ada Quinn, head of safety at the Port Authority, "
    "said 1,350 ships used the channel in 2023.\n"
    "Bluewave, which is owned by Northstar Holdings, owns the FerryGo app.\n"
    "A spokesperson said fares would rise."
)
COURIER_TEXT = (
    "Port figures show 1,200 ships used the channel in 2023, Ada Quinn told the Bay Courier."
)


def times_extraction() -> Extraction:
    """The Harbour Times article: a role, two ownerships, a conflicting figure, a spokesperson."""
    t = TIMES_TEXT
    art = Article(
        id="times-1",
        text=t,
        publisher="Harbour Times",
        date="2024-03-05",
        dateline="Bayport",
        title="Ferry fares to rise",
    )
    quinn = Entity(
        key="quinn",
        name="Ada Quinn",
        type="Person",
        mentions=[span(t, "Ada Quinn")],
        aliases=["Quinn"],
    )
    port = Entity(
        key="port", name="Port Authority", type="Organization", mentions=[span(t, "Port Authority")]
    )
    bluewave = Entity(
        key="bluewave", name="Bluewave", type="Organization", mentions=[span(t, "Bluewave")]
    )
    northstar = Entity(
        key="northstar",
        name="Northstar Holdings",
        type="Organization",
        mentions=[span(t, "Northstar Holdings")],
    )
    ferrygo = Entity(key="ferrygo", name="FerryGo", type="Platform", mentions=[span(t, "FerryGo")])
    spokesperson = Entity(
        key="spokesperson",
        name="a spokesperson",
        type="UnnamedSource",
        mentions=[span(t, "A spokesperson")],
    )
    return Extraction(
        article=art,
        entities=[quinn, port, bluewave, northstar, ferrygo, spokesperson],
        claims=[
            Claim(
                key="c1",
                content=[span(t, "1,350 ships used the channel in 2023")],
                kind="indirect",
                cue=span(t, "said"),
                cue_lemma="say",
                speaker="quinn",
            ),
            Claim(
                key="c2",
                content=[
                    span(t, "Bluewave, which is owned by Northstar Holdings, owns the FerryGo app.")
                ],
                kind="authorial",
            ),
            Claim(
                key="c3",
                content=[span(t, "fares would rise")],
                kind="indirect",
                cue=span(t, "said", "spokesperson"),
                cue_lemma="say",
                speaker="spokesperson",
            ),
        ],
        roles=[
            Role(
                person="quinn",
                organization="port",
                title="head of safety",
                evidence=span(t, "Ada Quinn, head of safety at the Port Authority"),
            )
        ],
        ownerships=[
            Ownership(
                owner="northstar",
                owned="bluewave",
                evidence=span(t, "Bluewave, which is owned by Northstar Holdings"),
            ),
            Ownership(
                owner="bluewave",
                owned="ferrygo",
                evidence=span(
                    t, "Bluewave, which is owned by Northstar Holdings, owns the FerryGo app"
                ),
            ),
        ],
        observations=[
            Observation(
                claim="c1",
                value=1350.0,
                measure="ships used the channel",
                span=span(t, "1,350"),
                period="2023",
            )
        ],
    )


def courier_extraction() -> Extraction:
    """The Bay Courier article: the Coast Wire's ship count again, from Ada Quinn."""
    t = COURIER_TEXT
    art = Article(
        id="courier-1", text=t, publisher="Bay Courier", date="2024-04-01", title="Busy channel"
    )
    quinn = Entity(key="quinn", name="Ada Quinn", type="Person", mentions=[span(t, "Ada Quinn")])
    courier = Entity(
        key="courier", name="Bay Courier", type="NewsOutlet", mentions=[span(t, "Bay Courier")]
    )
    return Extraction(
        article=art,
        entities=[quinn, courier],
        claims=[
            Claim(
                key="c1",
                content=[span(t, "Port figures show 1,200 ships used the channel in 2023")],
                kind="indirect",
                cue=span(t, "told"),
                cue_lemma="tell",
                speaker="quinn",
            )
        ],
        observations=[
            Observation(
                claim="c1",
                value=1200.0,
                measure="Ships used the channel",
                span=span(t, "1,200"),
                period="2023",
            )
        ],
    )


ACTS_TEXT = "Ada Lund said the pier would reopen. Ada Lund wants to rebuild the kiosk."


def acts_extraction() -> Extraction:
    """A short article with a speech claim and an intention claim (attribution acts)."""
    t = ACTS_TEXT
    lund = Entity(
        key="lund",
        name="Ada Lund",
        type="Person",
        mentions=[span(t, "Ada Lund"), span(t, "Ada Lund", ".")],
    )
    return Extraction(
        article=Article(id="acts-1", text=t, publisher="Coast Wire"),
        entities=[lund],
        claims=[
            Claim(
                key="c1",
                content=[span(t, "the pier would reopen")],
                kind="indirect",
                cue=span(t, "said"),
                cue_lemma="say",
                speaker="lund",
            ),
            Claim(
                key="c2",
                content=[span(t, "to rebuild the kiosk")],
                kind="indirect",
                cue=span(t, "wants"),
                cue_lemma="want",
                speaker="lund",
                act="intention",
            ),
        ],
    )


def three_articles() -> list[Extraction]:
    """The Coast Wire, Harbour Times and Bay Courier extractions."""
    return [harbour_extraction(), times_extraction(), courier_extraction()]


def load_three(kg: KnowledgeGraph) -> KnowledgeGraph:
    """Add the three articles to ``kg`` and return it (their validity is tested below)."""
    for ex in three_articles():
        kg.add(ex, validate=False)
    return kg


def test_the_extra_articles_validate_and_are_stored(kg: KnowledgeGraph) -> None:
    for ex in three_articles():
        kg.add(ex)
    assert kg.articles() == ["courier-1", "harbour-1", "times-1"]
    assert all(r.conforms for r in kg.validate().values())
