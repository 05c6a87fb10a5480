"""Curated facts: well-known entities, ownership and roles read from YAML or CSV.

The shipped table is ``claimgraph/loaders/data/curated.yaml``. A YAML file has three lists::

    entities:
      - {name: Twitter, type: Organization, aliases: [], wikidata: Q918, source: "https://..."}
    ownership:
      - {owner: Twitter, owned: Periscope, source: "https://..."}
    roles:
      - {person: ..., organization: ..., title: ..., source: "..."}

A CSV file has one row per statement with the columns
``kind,name,type,aliases,wikidata,owner,owned,person,organization,title,source`` where ``kind`` is
``entity``, ``ownership`` or ``role`` and ``aliases`` is ``;``-separated.

Entity keys are slugs of the names (:func:`slug`); ownership and roles refer to those keys and
carry their ``source`` (never an article ``evidence``).
"""

from __future__ import annotations

import copy
import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import yaml

from claimgraph.errors import InputError
from claimgraph.loaders._yamldata import safe_load
from claimgraph.records import ENTITY_TYPES, Entity, EntityType, Ownership, Role

__all__ = ["SHIPPED", "CuratedFacts", "load_curated", "shipped_facts", "slug"]

SHIPPED = Path(__file__).parent / "data" / "curated.yaml"
CSV_COLUMNS = (
    "kind",
    "name",
    "type",
    "aliases",
    "wikidata",
    "owner",
    "owned",
    "person",
    "organization",
    "title",
    "source",
)


@dataclass
class CuratedFacts:
    """Curated entities and the ownership and role statements between them."""

    entities: list[Entity] = field(default_factory=list)
    ownerships: list[Ownership] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)

    def by_name(self) -> dict[str, Entity]:
        """Map every lower-cased name and alias to its entity."""
        out: dict[str, Entity] = {}
        for ent in self.entities:
            for name in (ent.name, *ent.aliases):
                out.setdefault(name.lower(), ent)
        return out


def slug(name: str) -> str:
    """Return a key for a name: lower case, runs of other characters as ``-``.

    Example:
        >>> slug("National Police Chiefs' Council")
        'national-police-chiefs-council'
    """
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "x"


def load_curated(path: str | Path | None = None) -> CuratedFacts:
    """Read curated facts from a YAML or CSV file (``None``: the shipped table).

    Raises:
        InputError: the file cannot be read, or a statement is incomplete or refers to an
            unknown entity.
    """
    if path is None:
        return copy.deepcopy(shipped_facts())
    return _load(Path(path))


@lru_cache(maxsize=1)
def shipped_facts() -> CuratedFacts:
    """Return the shipped table, read once and shared: callers must not modify it."""
    return _load(SHIPPED)


def _load(path: Path) -> CuratedFacts:
    rows = _read_csv(path) if path.suffix.lower() == ".csv" else _read_yaml(path)
    facts = CuratedFacts()
    keys: dict[str, str] = {}
    for where, row in rows["entities"]:
        ent = _entity(str(path), where, row)
        if ent.key in {e.key for e in facts.entities}:
            raise InputError(str(path), f"{where}: entity {ent.name!r} is listed twice")
        facts.entities.append(ent)
        for name in (ent.name, *ent.aliases):
            keys.setdefault(name.lower(), ent.key)
    for where, row in rows["ownership"]:
        owner = _ref(str(path), where, row, "owner", keys)
        owned = _ref(str(path), where, row, "owned", keys)
        source = _required(str(path), where, row, "source")
        facts.ownerships.append(Ownership(owner=owner, owned=owned, source=source))
    for where, row in rows["roles"]:
        person = _ref(str(path), where, row, "person", keys)
        org = _ref(str(path), where, row, "organization", keys)
        title = _required(str(path), where, row, "title")
        source = _required(str(path), where, row, "source")
        facts.roles.append(Role(person=person, organization=org, title=title, source=source))
    return facts


Rows = dict[str, list[tuple[str, dict[str, Any]]]]


def _read_yaml(path: Path) -> Rows:
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(str(path), f"cannot read curated facts: {exc}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(str(path), f"expected a mapping at the top, got {type(data).__name__}")
    out: Rows = {}
    for section in ("entities", "ownership", "roles"):
        items = data.get(section) or []
        if not isinstance(items, list):
            raise InputError(str(path), f"{section!r} must be a list, got {items!r}")
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise InputError(str(path), f"{section}[{i}] must be a mapping, got {item!r}")
        out[section] = [(f"{section}[{i}]", cast(dict[str, Any], x)) for i, x in enumerate(items)]
    return out


def _read_csv(path: Path) -> Rows:
    out: Rows = {"entities": [], "ownership": [], "roles": []}
    section = {"entity": "entities", "ownership": "ownership", "role": "roles"}
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = set(CSV_COLUMNS) - set(reader.fieldnames or ())
            if missing:
                raise InputError(str(path), f"missing CSV columns {sorted(missing)}")
            for line, row in enumerate(reader, start=2):
                kind = (row.get("kind") or "").strip()
                if kind not in section:
                    raise InputError(str(path), f"line {line}: unknown kind {kind!r}")
                clean: dict[str, Any] = {k: (v or "").strip() for k, v in row.items() if k}
                clean["aliases"] = [a.strip() for a in clean["aliases"].split(";") if a.strip()]
                out[section[kind]].append((f"line {line}", clean))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(str(path), f"cannot read curated facts: {exc}") from exc
    return out


def _required(source: str, where: str, row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InputError(source, f"{where}: {key!r} is missing or empty in {row!r}")
    return value.strip()


def _ref(source: str, where: str, row: dict[str, Any], key: str, keys: dict[str, str]) -> str:
    name = _required(source, where, row, key)
    if name.lower() not in keys:
        raise InputError(source, f"{where}: {key} {name!r} is not a listed entity")
    return keys[name.lower()]


def _entity(source: str, where: str, row: dict[str, Any]) -> Entity:
    name = _required(source, where, row, "name")
    etype = row.get("type") or "Organization"
    if etype not in ENTITY_TYPES:
        raise InputError(source, f"{where}: unknown type {etype!r} for {name!r}")
    aliases = row.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise InputError(source, f"{where}: aliases of {name!r} must be a list of names")
    qid = row.get("wikidata") or None
    if qid is not None and not re.fullmatch(r"Q[1-9][0-9]*", str(qid)):
        raise InputError(source, f"{where}: wikidata {qid!r} of {name!r} is not a QID")
    _required(source, where, row, "source")
    return Entity(
        key=slug(name),
        name=name,
        type=cast(EntityType, etype),
        aliases=list(aliases),
        wikidata=str(qid) if qid else None,
    )
