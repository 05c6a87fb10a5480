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
        "quinn",
        "Ada Quinn",
        "Person",
        [span(t, "Harbour master Ada Quinn"), span(t, "Quinn", "pace"), span(t, "Quinn", "weeks")],
        ["Quinn"],
    )
    port = Entity("port", "Port Authority", "Organization", [span(t, "Port Authority")])
    ledger = Entity("ledger", "Daily Ledger", "NewsOutlet", [span(t, "Daily Ledger")])
    officials = Entity("officials", "officials", "UnnamedSource", [span(t, "Officials")])
    bluewave = Entity("bluewave", "Bluewave", "Organization", [span(t, "Bluewave")])
    northstar = Entity(
        "northstar", "Northstar Holdings", "Organization", [span(t, "Northstar Holdings")]
    )
    c1 = Claim(
        "c1",
        [span(t, "1,200 ships used the channel in 2023, up from 900 in 2020")],
        "indirect",
        span(t, "said"),
        "say",
        "quinn",
        span(t, "Harbour master Ada Quinn"),
        reported_by="ledger",
    )
    c2 = Claim(
        "c2",
        [span(t, '"We cannot keep dredging at this pace,"')],
        "direct",
        span(t, "said", "pace"),
        "say",
        "quinn",
    )
    c3 = Claim(
        "c3",
        [span(t, "the channel would close for two weeks")],
        "indirect",
        span(t, "said", "Officials"),
        "say",
        "officials",
    )
    c4 = Claim(
        "c4",
        [
            span(
                t, "ferries run by Bluewave, which is owned by Northstar Holdings, would be delayed"
            )
        ],
        "indirect",
        span(t, "warned"),
        "warn",
        "quinn",
    )
    c5 = Claim("c5", [span(t, "The channel is the busiest in the region.")], "authorial")
    return Extraction(
        art,
        entities=[quinn, port, ledger, officials, bluewave, northstar],
        claims=[c1, c2, c3, c4, c5],
        roles=[
            Role(
                "quinn",
                "port",
                "head of safety",
                span(t, "Ada Quinn, the Port Authority head of safety"),
            )
        ],
        ownerships=[
            Ownership(
                "northstar", "bluewave", span(t, "Bluewave, which is owned by Northstar Holdings")
            )
        ],
        observations=[
            Observation(
                "c1",
                1200.0,
                "ships used the channel",
                span(t, "1,200"),
                period="2023",
                compared_to=900.0,
                compared_period="2020",
            )
        ],
    )
