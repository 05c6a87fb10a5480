"""The :class:`Article`: one news text plus what is known about where it came from."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

__all__ = ["Article"]


@dataclass(frozen=True)
class Article:
    """One article: the body text every offset refers to, and its metadata.

    Attributes:
        id: a stable identifier (a corpus id, a file name or a URL). Re-ingesting an article with
            the same id replaces its named graph.
        text: the body text. Offsets everywhere are Python ``str`` indices (code points).
        publisher: the outlet that published this text (for a wire story, the agency).
        date: the publication date as written or ISO 8601 (``"2017-12-30"``, ``"Dec 30"``).
        dateline: the place in the dateline (``"London"``).
        url: where the article was published.
        title: the headline.
        credits: outlets the article credits as its source (``"The Guardian"``).
        source: where it was read from (path, ``path:line``), for messages.

    Example:
        >>> a = Article(id="demo", text="Bailey said it was late.")
        >>> a.text[0:6]
        'Bailey'
    """

    id: str
    text: str
    publisher: str | None = None
    date: str | None = None
    dateline: str | None = None
    url: str | None = None
    title: str | None = None
    credits: tuple[str, ...] = field(default_factory=tuple)
    source: str | None = None

    @property
    def fingerprint(self) -> str:
        """A short hash of the text, used to tell a changed version from the same one."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]
