"""Hand-made extractions of text written for the tests (no corpus text), for fast graph tests."""

from __future__ import annotations

from claimgraph.records import (
    Article,
    Claim,
    Entity,
    Extraction,
    Observation,
    Ownership,
    Role,
    Span,
)

HARBOUR_TEXT = (
    "Riverton, Mar 3 (Coast Wire): Harbour master Ada Quinn, the Port Authority head of safety, "
    "said on Monday that 1,200 ships used the channel in 2023, up from 900 in 2020, "
    "the Daily Ledger reported.\n"
    '"We cannot keep dredging at this pace," Quinn said.\n'
    "Officials said the channel would close for two weeks.\n"
    "Quinn warned that ferries run by Bluewave, which is owned by Northstar Holdings, "
    "would be delayed.\n"
    "The channel is the busiest in the region."
)


def span(text: str, needle: str, after: str = "") -> Span:
    """The span of the first ``needle`` in ``text`` that follows the first ``after``."""
    i = text.index(needle, text.index(after) + len(after) if after else 0)
    return (i, i + len(needle))


def harbour_extraction(article_id: str = "harbour-1", text: str = HARBOUR_TEXT) -> Extraction:
    """A complete extraction of :data:`HARBOUR_TEXT`: every record type, relayed and unnamed."""
    t = text
    art = Article(
        id=article_id,
        text=t,
        publisher="Coast Wire",
        date="2024-03-03",
        dateline="Riverton",
        title="Channel traffic up",
        credits=("Daily Ledger",),
    )
    quinn = Entity(
        key="quinn",
        name="Ada Quinn",
        type="Person",
        mentions=[
            span(t, "Harbour master Ada Quinn"),
            span(t, "Quinn", "pace"),
            span(t, "Quinn", "weeks"),
        ],
        aliases=["Quinn"],
    )
    port = Entity(
        key="port", name="Port Authority", type="Organization", mentions=[span(t, "Port Authority")]
    )
    ledger = Entity(
        key="ledger", name="Daily Ledger", type="NewsOutlet", mentions=[span(t, "Daily Ledger")]
    )
    officials = Entity(
        key="officials", name="officials", type="UnnamedSource", mentions=[span(t, "Officials")]
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
    c1 = Claim(
        key="c1",
        content=[span(t, "1,200 ships used the channel in 2023, up from 900 in 2020")],
        kind="indirect",
        cue=span(t, "said"),
        cue_lemma="say",
        speaker="quinn",
        source_span=span(t, "Harbour master Ada Quinn"),
        reported_by="ledger",
    )
    c2 = Claim(
        key="c2",
        content=[span(t, '"We cannot keep dredging at this pace,"')],
        kind="direct",
        cue=span(t, "said", "pace"),
        cue_lemma="say",
        speaker="quinn",
    )
    c3 = Claim(
        key="c3",
        content=[span(t, "the channel would close for two weeks")],
        kind="indirect",
        cue=span(t, "said", "Officials"),
        cue_lemma="say",
        speaker="officials",
    )
    c4 = Claim(
        key="c4",
        content=[
            span(
                t, "ferries run by Bluewave, which is owned by Northstar Holdings, would be delayed"
            )
        ],
        kind="indirect",
        cue=span(t, "warned"),
        cue_lemma="warn",
        speaker="quinn",
    )
    c5 = Claim(
        key="c5", content=[span(t, "The channel is the busiest in the region.")], kind="authorial"
    )
    return Extraction(
        article=art,
        entities=[quinn, port, ledger, officials, bluewave, northstar],
        claims=[c1, c2, c3, c4, c5],
        roles=[
            Role(
                person="quinn",
                organization="port",
                title="head of safety",
                evidence=span(t, "Ada Quinn, the Port Authority head of safety"),
            )
        ],
        ownerships=[
            Ownership(
                owner="northstar",
                owned="bluewave",
                evidence=span(t, "Bluewave, which is owned by Northstar Holdings"),
            )
        ],
        observations=[
            Observation(
                claim="c1",
                value=1200.0,
                measure="ships used the channel",
                span=span(t, "1,200"),
                period="2023",
                compared_to=900.0,
                compared_period="2020",
            )
        ],
    )
