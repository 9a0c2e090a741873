"""YAML reading that remembers line numbers, so errors can point at them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import Problem


class LineDict(dict):
    """A mapping read from YAML, with the line of the mapping and of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _Loader(yaml.SafeLoader):
    """Safe loading; mappings become ``LineDict``; duplicate keys are errors."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping",
                node.start_mark,
                f"found the key '{key}' twice",
                key_node.start_mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path, text: str) -> tuple[Any, list[Problem]]:
    """Parse ``text`` (the content of ``path``); YAML errors become problems with a line."""
    try:
        return yaml.load(text, Loader=_Loader), []
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(x for x in (err.context, err.problem) if x)
        return None, [Problem(str(path), line, f"not valid YAML: {what}. Fix the syntax there.")]
    except yaml.YAMLError as err:
        return None, [Problem(str(path), None, f"not valid YAML: {err}")]
