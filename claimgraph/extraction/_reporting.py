"""Stage 5, the reporting chain: which outlet the article credits for a claim.

"Bailey said X, the Guardian reported" is one claim by Bailey, reported by the Guardian: the
outer "reported" frame is not a claim of its own. A frame counts when its speaker is a news
outlet (or "the media", "reports") and its content holds the cue of another claim.
"""

from __future__ import annotations

from claimgraph.extraction._drafts import Draft
from claimgraph.extraction._lexicon import word_class

__all__ = ["apply_reporting", "is_outlet"]


def is_outlet(draft: Draft) -> bool:
    """Return whether the draft's speaker is a news outlet or the media in general."""
    if draft.entity is not None and draft.entity.type == "NewsOutlet":
        return True
    return draft.speaker is not None and draft.speaker.root.lemma_.lower() in word_class(
        "media_words"
    )


def _inside(draft: Draft, outer: Draft) -> bool:
    if draft.cue_span is None or draft is outer:
        return False
    pos = draft.cue_span[0]
    return any(s <= pos < e for s, e in outer.content)


def apply_reporting(drafts: list[Draft]) -> None:
    """Credit outlets for the claims inside their reporting frames and drop those frames."""
    for outer in drafts:
        if (
            outer.lemma not in word_class("frame_lemmas")
            or not is_outlet(outer)
            or outer.kind == "direct"
        ):
            continue
        inner = [d for d in drafts if not d.dropped and _inside(d, outer)]
        if not inner:
            continue
        for d in inner:
            if d.reported_by is None:
                d.reported_by = outer.entity
        outer.dropped = True
