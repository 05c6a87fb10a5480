"""Reading curated facts from YAML and CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.errors import InputError
from claimgraph.loaders._curated import load_curated, slug


def test_shipped_table() -> None:
    facts = load_curated()
    names = {e.name: e for e in facts.entities}
    assert names["Twitter"].wikidata == "Q918" and names["Periscope"].type == "Platform"
    pairs = {(o.owner, o.owned) for o in facts.ownerships}
    assert ("twitter", "periscope") in pairs
    assert all(o.source and o.evidence is None for o in facts.ownerships)


def test_yaml_ownership_without_source(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "entities:\n  - {name: A, type: Organization, source: s}\n"
        "  - {name: B, type: Platform, source: s}\n"
        "ownership:\n  - {owner: A, owned: B}\n"
    )
    with pytest.raises(InputError) as err:
        load_curated(path)
    assert "source" in str(err.value) and str(path) in str(err.value)


def test_unknown_entity_and_bad_type(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("entities:\n  - {name: A, type: Planet, source: s}\n")
    with pytest.raises(InputError, match="'Planet'"):
        load_curated(path)
    path.write_text("entities: []\nownership:\n  - {owner: X, owned: Y, source: s}\n")
    with pytest.raises(InputError, match="'X'"):
        load_curated(path)


def test_csv(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "kind,name,type,aliases,wikidata,owner,owned,person,organization,title,source\n"
        "entity,Acme Corp,Organization,Acme;ACME,,,,,,,http://x\n"
        "entity,Widget,Platform,,,,,,,,http://x\n"
        "ownership,,,,,Acme,Widget,,,,http://y\n"
    )
    facts = load_curated(path)
    assert facts.entities[0].aliases == ["Acme", "ACME"]
    assert facts.ownerships[0].owner == slug("Acme Corp")


def test_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("entities: [unclosed")
    with pytest.raises(InputError, match=r"bad\.yaml"):
        load_curated(path)


def test_shipped_table_is_consistent() -> None:
    facts = load_curated()
    seen: dict[str, str] = {}
    for ent in facts.entities:
        for name in (ent.name, *ent.aliases):
            assert seen.setdefault(name.lower(), ent.key) == ent.key, f"{name!r} names two entities"
    confirmed = {"twitter": "Q918", "facebook": "Q355", "the-guardian": "Q11148"}
    assert {e.key: e.wikidata for e in facts.entities if e.wikidata} == confirmed
    assert all(o.source and o.owner != o.owned for o in facts.ownerships)


def test_meta_owns_facebook() -> None:
    facts = load_curated()
    names = {e.key: e for e in facts.entities}
    assert "Meta" in names[slug("Meta Platforms")].aliases
    assert "Meta" not in names["facebook"].aliases
    pairs = {(o.owner, o.owned) for o in facts.ownerships}
    meta = slug("Meta Platforms")
    assert {(meta, "facebook"), (meta, "instagram"), (meta, "whatsapp")} <= pairs
    assert ("facebook", "facebook-live") in pairs
