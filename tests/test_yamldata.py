"""The shipped YAML data reads the same with libyaml's C parser as with PyYAML's own."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from claimgraph.loaders import _yamldata as yamldata

DATA = Path(yamldata.__file__).parent / "data"


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.yaml")))
def test_shipped_data_reads_the_same_with_either_parser(name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    data = yamldata.safe_load(text)
    assert data == yaml.load(text, Loader=yaml.SafeLoader)
    assert isinstance(data, dict) and data


def test_the_c_parser_is_used_when_pyyaml_has_it() -> None:
    if yaml.__with_libyaml__:
        assert yamldata._LOADER is yaml.CSafeLoader
    else:
        assert yamldata._LOADER is yaml.SafeLoader


def test_bad_yaml_raises_pyyaml_errors() -> None:
    with pytest.raises(yaml.YAMLError):
        yamldata.safe_load("cues: [say, tell")
    with pytest.raises(yaml.YAMLError):  # no Python objects from the safe loaders
        yamldata.safe_load("x: !!python/object/apply:os.system ['true']")
