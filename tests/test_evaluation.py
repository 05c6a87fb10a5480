"""The metric on hand-computed tiny cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.errors import InputError
from claimgraph.evaluation._score import read_jsonl, same_name, score

TEXT = "Bailey said the sky was green. He added that grass is blue."
GOLD = {
    "id": "a",
    "text": TEXT,
    "attributions": [
        {"content": [[12, 29]], "cue": [[7, 11]], "source": [[0, 6]], "source_name": None},
        {"content": [[45, 58]], "cue": [[34, 39]], "source": [[31, 33]], "source_name": None},
    ],
}


def pred(*claims: dict[str, object]) -> dict[str, object]:
    return {"id": "a", "claims": list(claims)}


def test_perfect_and_half() -> None:
    good = {"content": [[12, 29]], "speaker": {"name": "Bailey", "mentions": [[0, 6]]}}
    wrong = {"content": [[40, 58]], "speaker": {"name": "Smith", "mentions": [[60, 61]]}}
    res = score([GOLD], [pred(good, wrong)])
    assert res["claim_content"]["f1"] == 1.0
    assert res["attribution"] == {"p": 0.5, "r": 0.5, "f1": 0.5, "pred": 2, "gold": 2}
    assert res["speaker_accuracy_on_matched"] == 0.5


def test_overlap_threshold_and_authorial() -> None:
    tiny = {"content": [[12, 16]], "speaker": None}  # 4 of 17 gold chars: below 30%
    authorial = {"content": [[45, 58]], "kind": "authorial", "speaker": None}
    res = score([GOLD], [pred(tiny, authorial)])
    assert res["claim_content"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "pred": 1, "gold": 2}


def test_missing_prediction() -> None:
    res = score([GOLD], [])
    assert res["articles_missing_from_predictions"] == 1


def test_same_name() -> None:
    assert same_name("Officer Simon Bailey", "Bailey")
    assert not same_name("Simon Bailey", "Simon Smith")
    assert same_name("NCA", "National Crime Agency", ["NCA"])


def test_read_jsonl_reports_line(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text('{"id": "a"}\n\n{oops\n')
    with pytest.raises(InputError, match=r"g.jsonl:3"):
        list(read_jsonl(path))


OBS_TEXT = "Sales rose 31 per cent to £3bn, two-thirds of it abroad."
OBS_GOLD = {
    "id": "o",
    "text": OBS_TEXT,
    "attributions": [],
    "observations": [
        {"value": 31, "unit": "percent", "span": [11, 23]},
        {"value": 3000000000, "unit": "GBP", "span": [27, 31]},
        {"value": 0.6667, "unit": "fraction", "span": [33, 43]},
    ],
}


def test_observations_scored_as_the_spec_says() -> None:
    pred_obs = [
        {"value": 31, "unit": "percent", "span": [11, 13]},  # right
        {"value": 3, "unit": "GBP", "span": [27, 31]},  # scale lost: wrong
        {"value": 66.67, "unit": "percent", "span": [33, 43]},  # a fraction as per cent: right
        {"value": 31, "unit": "percent", "span": [0, 5]},  # no overlap: wrong
    ]
    res = score([OBS_GOLD], [{"id": "o", "claims": [], "observations": pred_obs}])
    assert res["observations"] == {"p": 0.5, "r": 0.6667, "f1": 0.5714, "pred": 4, "gold": 3}


def test_currency_units_must_agree() -> None:
    pred_obs = [{"value": 3000000000, "unit": "USD", "span": [27, 31]}]
    res = score([OBS_GOLD], [{"id": "o", "claims": [], "observations": pred_obs}])
    assert res["observations"]["r"] == 0.0


def test_no_observation_figure_without_gold_observations() -> None:
    assert "observations" not in score([GOLD], [pred()])
