"""Prediction records from hand-made extractions."""

from __future__ import annotations

from claimgraph.evaluation._predictions import prediction_record
from claimgraph.records import Article, Claim, Entity, Extraction, Ownership


def test_record() -> None:
    text = "Bailey said it was late, the Guardian reported."
    x = Extraction(
        article=Article(id="x", text=text),
        entities=[
            Entity("e1", "Simon Bailey", "Person", [(0, 6)]),
            Entity("e2", "The Guardian", "NewsOutlet", [(29, 37)]),
            Entity("e3", "Twitter", "Organization"),
            Entity("e4", "Periscope", "Platform"),
        ],
        claims=[
            Claim("c1", [(12, 23)], "indirect", (7, 11), "say", "e1", (0, 6), "e2"),
            Claim("c2", [(0, 47)], "authorial"),
        ],
        ownerships=[Ownership("e3", "e4", source="http://x")],
    )
    rec = prediction_record(x)
    assert rec["id"] == "x"
    first, second = rec["claims"]
    assert first["speaker"] == {"name": "Simon Bailey", "type": "Person", "mentions": [[0, 6]]}
    assert first["cue"] == [[7, 11]] and first["reported_by"] == "The Guardian"
    assert second["kind"] == "authorial" and second["speaker"] is None
    guardian = rec["entities"][1]
    assert guardian["type"] == "Organization" and guardian["subtype"] == "NewsOutlet"
    assert rec["ownership"] == [{"owner": "Twitter", "owned": "Periscope", "evidence": []}]
