"""Reading the shipped YAML data files, with libyaml's C parser when PyYAML was built with it.

The C parser reads the lexicons about ten times faster than PyYAML's pure-Python one (every
process pays it once, before its first article: the command line and each worker) and makes the
same data; PyYAML's own parser is used where libyaml is missing.

Example:
    >>> safe_load("cues: [say, tell]")
    {'cues': ['say', 'tell']}
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["safe_load"]

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """Parse YAML text like :func:`yaml.safe_load` (errors are :class:`yaml.YAMLError`)."""
    return yaml.load(text, Loader=_LOADER)
