"""Prediction records from hand-made extractions."""

from __future__ import annotations

from claimgraph.evaluation._predictions import prediction_record
from claimgraph.records import Article, Claim, Entity, Extraction, Ownership


def test_record() -> None:
    text = "Bailey said it was late, the Guardian reported."
    x = Extraction(
        article=Article(id="x", text=text),
        entities=[
            Entity(key="e1", name="Simon Bailey", type="Person", mentions=[(0, 6)]),
            Entity(key="e2", name="The Guardian", type="NewsOutlet", mentions=[(29, 37)]),
            Entity(key="e3", name="Twitter", type="Organization"),
            Entity(key="e4", name="Periscope", type="Platform"),
        ],
        claims=[
            Claim(
                key="c1",
                content=[(12, 23)],
                kind="indirect",
                cue=(7, 11),
                cue_lemma="say",
                speaker="e1",
                source_span=(0, 6),
                reported_by="e2",
            ),
            Claim(key="c2", content=[(0, 47)], kind="authorial"),
        ],
        ownerships=[Ownership(owner="e3", owned="e4", source="http://x")],
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
