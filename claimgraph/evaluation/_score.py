"""Scoring extraction output against gold annotations (formats: ``spec/evaluation.md``).

The metric: a predicted claim matches a gold attribution when their content characters overlap by
at least 30% of each side (one to one, greedy by overlap, ties broken by the later pair);
a matched pair is a correct attribution when its speaker is right (a mention overlaps the gold
source span, or the names agree up to titles and surname-only forms). Entities, ownership and
roles are matched by name or alias (and type). An observation matches a gold one when their
spans overlap, their values agree within 0.5% and, where the gold's unit is a currency code or
``percent``, the units are equal (a ``fraction`` and a ``percent`` compare as one). All figures
are micro-averaged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from claimgraph.errors import InputError

__all__ = ["observation_hit", "read_jsonl", "same_name", "score"]

Record = dict[str, Any]
IGNORED = frozenset({"the", "a", "an", "mr", "mrs", "ms", "dr", "sir", "officer"})
MIN_OVERLAP = 0.3


def read_jsonl(path: str | Path) -> Iterator[Record]:
    """Yield the JSON objects of a JSON Lines file, skipping blank lines.

    Raises:
        InputError: the file cannot be read, or a line is not a JSON object (names the line).
    """
    try:
        with Path(path).open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{number}", f"not valid JSON: {exc.msg}") from exc
                if not isinstance(obj, dict):
                    raise InputError(f"{path}:{number}", f"expected an object, got {line[:60]!r}")
                yield obj
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read: {exc}") from exc


def _tokens(name: str | None) -> list[str]:
    return [t for t in re.findall(r"[a-z0-9]+", (name or "").lower()) if t not in IGNORED]


def same_name(a: str | None, b: str | None, aliases: Iterable[str] = ()) -> bool:
    """Return whether two names refer to the same actor under the metric's rules.

    Example:
        >>> same_name("Bailey", "Officer Simon Bailey")
        True
    """
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    if ta == tb or ta in (_tokens(x) for x in aliases):
        return True
    return ta[-1] == tb[-1] and (set(ta) <= set(tb) or set(tb) <= set(ta))


def _chars(spans: Iterable[Sequence[int]] | None) -> set[int]:
    out: set[int] = set()
    for start, end in spans or ():
        out.update(range(start, end))
    return out


def _pairs(gold: list[Record], pred: list[Record]) -> list[tuple[int, int]]:
    gold_chars = [_chars(g.get("content")) for g in gold]
    pred_chars = [_chars(p.get("content")) for p in pred]
    candidates: list[tuple[float, int, int]] = []
    for i, gc in enumerate(gold_chars):
        for j, pc in enumerate(pred_chars):
            common = len(gc & pc)
            if gc and pc and common >= MIN_OVERLAP * len(gc) and common >= MIN_OVERLAP * len(pc):
                candidates.append((common / len(gc | pc), i, j))
    candidates.sort(reverse=True)
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, i, j in candidates:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((i, j))
    return pairs


def _speaker_right(gold: Record, pred: Record, text: str) -> bool:
    speaker = pred.get("speaker") or {}
    source = _chars(gold.get("source"))
    if not source and not gold.get("source_name"):
        return not speaker.get("name")
    if source and _chars(speaker.get("mentions")) & source:
        return True
    names = (
        [gold["source_name"]] if gold.get("source_name") else [text[s:e] for s, e in gold["source"]]
    )
    return any(same_name(speaker.get("name"), n) for n in names)


class _Tally:
    """Counts for one figure: hits among predictions, predictions, hits among gold, gold."""

    def __init__(self) -> None:
        self.hit_pred = self.pred = self.hit_gold = self.gold = 0

    def add(self, hit_pred: int, pred: int, hit_gold: int, gold: int) -> None:
        self.hit_pred += hit_pred
        self.pred += pred
        self.hit_gold += hit_gold
        self.gold += gold

    def figures(self) -> dict[str, float | int]:
        p = self.hit_pred / self.pred if self.pred else 0.0
        r = self.hit_gold / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "p": round(p, 4),
            "r": round(r, 4),
            "f1": round(f, 4),
            "pred": self.pred,
            "gold": self.gold,
        }


def observation_hit(gold: Record, pred: Record) -> bool:
    """Return whether a predicted number reads a gold one right (the spec's observation rule).

    Example:
        >>> observation_hit({"span": [0, 4], "value": 0.6667, "unit": "fraction"},
        ...                 {"span": [2, 9], "value": 66.67, "unit": "percent"})
        True
    """
    gs, ps = gold.get("span") or [0, 0], pred.get("span") or [0, 0]
    if not (ps[0] < gs[1] and gs[0] < ps[1]):
        return False
    try:
        gv, pv = float(gold["value"]), float(pred["value"])
    except (KeyError, TypeError, ValueError):
        return False
    gu, pu = str(gold.get("unit") or ""), str(pred.get("unit") or "")
    if {gu, pu} == {"fraction", "percent"}:  # two-thirds as 0.6667 or as 66.67 per cent
        gv, gu = (gv * 100, "percent") if gu == "fraction" else (gv / 100, "fraction")
    if abs(gv - pv) > 0.005 * max(abs(gv), 1e-9):
        return False
    if gu == "percent" or re.fullmatch(r"[A-Z]{3}", gu):
        return pu == gu
    return True


def _entity_hits(gold: list[Record], pred: list[Record]) -> tuple[int, int]:
    def hit(x: Record, e: Record) -> bool:
        return x.get("type") == e.get("type") and same_name(
            x.get("name"), e.get("name"), e.get("aliases", ())
        )

    return sum(any(hit(x, e) for e in gold) for x in pred), sum(
        any(hit(x, e) for x in pred) for e in gold
    )


def _relation_hits(
    gold: list[Record], pred: list[Record], keys: tuple[str, str], aliases: dict[str, list[str]]
) -> tuple[int, int]:
    def hit(x: Record, y: Record) -> bool:
        return all(
            same_name(
                x.get(k), y.get(k), [*aliases.get(y.get(k) or "", ()), *y.get(k + "_aliases", ())]
            )
            for k in keys
        )

    return sum(any(hit(x, y) for y in gold) for x in pred), sum(
        any(hit(x, y) for x in pred) for y in gold
    )


METRICS = ("claim_content", "attribution", "entities", "ownership", "roles", "observations")
"""The P/R/F1 measures :func:`score` returns, in the order they are reported."""


def score(gold: Iterable[Record], pred: Iterable[Record]) -> dict[str, Any]:
    """Score predictions against gold records (both in the formats of the evaluation spec).

    Returns:
        ``articles``, ``articles_missing_from_predictions``, then ``claim_content``,
        ``attribution``, ``entities``, ``ownership``, ``roles``, ``observations`` (each ``p``,
        ``r``, ``f1``, ``pred``, ``gold``; the last four only where the gold annotates them),
        ``speaker_accuracy_on_matched`` and, where the gold gives attributions an ``act``,
        ``act_accuracy_on_matched``. A gold record's ``acts`` leaves predicted claims of other
        acts out of scoring; ``"segmentation": "piece"`` scores each content span of a predicted
        claim as a claim of its own (as ``../shared/tools/score.py`` does).
    """
    gold_by_id = {g["id"]: g for g in gold}
    pred_by_id = {p["id"]: p for p in pred}
    tallies = {k: _Tally() for k in METRICS}
    missing = 0
    acts = [0, 0]  # matched pairs whose gold has an act, and those whose act is right
    for gid, g in gold_by_id.items():
        p = pred_by_id.get(gid)
        if p is None:
            missing += 1
            p = {}
        _score_article(g, p, tallies, acts)
    out: dict[str, Any] = {
        "articles": len(gold_by_id),
        "articles_missing_from_predictions": missing,
    }
    for name, tally in tallies.items():
        if tally.gold or tally.pred:
            out[name] = tally.figures()
    matched = tallies["claim_content"].hit_gold
    hits = tallies["attribution"].hit_gold
    out["speaker_accuracy_on_matched"] = round(hits / matched, 4) if matched else 0.0
    if acts[0]:
        out["act_accuracy_on_matched"] = round(acts[1] / acts[0], 4)
    return out


def _scored_claims(g: Record, p: Record) -> list[Record]:
    """The predicted claims an article's gold scores: not authorial, of an act the gold
    annotates (a claim with no act always counts), cut into pieces if the gold is."""
    acts = g.get("acts")
    claims = [
        c
        for c in p.get("claims", [])
        if c.get("kind") != "authorial"
        and (acts is None or c.get("act") is None or c["act"] in acts)
    ]
    if g.get("segmentation") == "piece":
        claims = [dict(c, content=[span]) for c in claims for span in c.get("content") or []]
    return claims


def _score_article(g: Record, p: Record, tallies: dict[str, _Tally], acts: list[int]) -> None:
    gold_claims = g.get("attributions", [])
    pred_claims = _scored_claims(g, p)
    pairs = _pairs(gold_claims, pred_claims)
    acted = [(gold_claims[i].get("act"), pred_claims[j].get("act")) for i, j in pairs]
    acted = [(a, b) for a, b in acted if a]
    acts[0] += len(acted)
    acts[1] += sum(a == b for a, b in acted)
    right = sum(_speaker_right(gold_claims[i], pred_claims[j], g["text"]) for i, j in pairs)
    tallies["claim_content"].add(len(pairs), len(pred_claims), len(pairs), len(gold_claims))
    tallies["attribution"].add(right, len(pred_claims), right, len(gold_claims))
    if "entities" in g:
        ge, pe = g["entities"], p.get("entities", [])
        hp, hg = _entity_hits(ge, pe)
        tallies["entities"].add(hp, len(pe), hg, len(ge))
    aliases = {e["name"]: list(e.get("aliases", ())) for e in g.get("entities", [])}
    for name, key, keys in (
        ("ownership", "ownership", ("owner", "owned")),
        ("roles", "roles", ("person", "organization")),
    ):
        if key in g:
            gr, pr = g[key], p.get(key, [])
            hp, hg = _relation_hits(gr, pr, keys, aliases)
            tallies[name].add(hp, len(pr), hg, len(gr))
    if "observations" in g:
        go, po = g["observations"], p.get("observations", [])
        hp = sum(any(observation_hit(y, x) for y in go) for x in po)
        hg = sum(any(observation_hit(y, x) for x in po) for y in go)
        tallies["observations"].add(hp, len(po), hg, len(go))
