"""Stages 6 and 7, roles and ownership between entities.

Roles come from appositions ("Simon Bailey, the NPCC lead on child protection") and from titles
before a name ("White House spokesman Josh Earnest"). Ownership comes from phrasings between two
entity mentions in one sentence ("X, which is owned by Y", "Y-owned X", "X, a subsidiary of Y",
"Y bought X", "X's parent company Y") and from the curated table when both entities appear.
"""

from __future__ import annotations

import itertools
import re

from spacy.tokens import Doc

from claimgraph.loaders.curated import shipped_facts
from claimgraph.loaders.extract.entities import EntityTable
from claimgraph.loaders.records import Ownership, Role

__all__ = ["find_ownership", "find_roles"]

ORGS = ("Organization", "NewsOutlet", "Platform")
OWNED_FIRST = re.compile(
    r"^\s*(?:,\s*)?(?:(?:which|that)\s+(?:is|was|has been|are)\s+(?:now\s+)?)?"
    r"(?:(?:wholly\s+)?owned|acquired|bought|purchased|controlled)\s+by\s+(?:the\s+)?$"
    r"|^\s*,?\s*(?:a|an|the)\s+(?:wholly[- ]owned\s+)?(?:subsidiary|unit|division|arm|brand|"
    r"affiliate|property)\s+of\s+(?:the\s+)?$"
    r"|^\s*(?:'s|’s)\s+(?:parent(?:\s+company)?|owner)\s*,?\s*(?:is\s+)?$",
    re.I,
)
OWNER_FIRST = re.compile(
    r"^\s*(?:-|\s)owned\s*$"
    r"|^\s+(?:has\s+|had\s+)?(?:bought|acquired|purchased|owns|took over)\s+(?:the\s+)?$"
    r"|^\s*(?:'s|’s)\s+(?:subsidiary|unit|division)\s*,?\s*$",
    re.I,
)
MAX_GAP = 60


def find_ownership(doc: Doc, table: EntityTable) -> list[Ownership]:
    """Return ownership stated in the text plus curated ownership between mentioned entities."""
    text = doc.text
    mentions = sorted(
        (span, ent) for ent in table.entities if ent.type in ORGS for span in ent.mentions
    )
    found: dict[tuple[str, str], Ownership] = {}
    for (a, ea), (b, eb) in itertools.pairwise(mentions):
        gap = text[a[1] : b[0]]
        if ea is eb or len(gap) > MAX_GAP or "\n" in gap:
            continue
        pair = None
        if OWNED_FIRST.match(gap):
            pair = (eb.key, ea.key)
        elif OWNER_FIRST.match(gap):
            pair = (ea.key, eb.key)
        if pair is not None and pair not in found:
            found[pair] = Ownership(owner=pair[0], owned=pair[1], evidence=(a[0], b[1]))
    names = {e.name.lower(): e for e in table.entities if e.mentions}
    curated = {e.key: e.name.lower() for e in shipped_facts().entities}
    for own in shipped_facts().ownerships:
        owner = names.get(curated[own.owner])
        owned = names.get(curated[own.owned])
        if owner is not None and owned is not None and (owner.key, owned.key) not in found:
            found[(owner.key, owned.key)] = Ownership(owner.key, owned.key, source=own.source)
    return list(found.values())


def find_roles(doc: Doc, table: EntityTable) -> list[Role]:
    """Return roles from appositions and from titles before a person's name."""
    roles: list[Role] = []
    for tok in doc:
        if tok.dep_ != "appos" or tok.pos_ != "NOUN":
            continue
        person = table.at(tok.head.idx, tok.head.idx + len(tok.head.text))
        if person is None or person.type != "Person":
            continue
        sub = doc[tok.left_edge.i : tok.right_edge.i + 1]
        orgs = (table.at(t.idx, t.idx + len(t.text)) for t in sub if t.ent_type_ == "ORG")
        org = next((o for o in orgs if o is not None), None)
        if org is None or org.type not in ORGS:
            continue
        org_tokens = {t.i for t in sub if t.ent_type_ == "ORG" or t.tag_ in ("POS", "DT")}
        words = [t.text for t in doc[tok.i : tok.right_edge.i + 1] if t.i not in org_tokens]
        title = " ".join(words).strip(" ,")
        if title:
            start = tok.head.left_edge.idx
            roles.append(Role(person.key, org.key, title, (start, sub.end_char)))
    return roles
