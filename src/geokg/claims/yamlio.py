"""YAML reading that remembers line numbers, so errors can point at them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem


class LineDict(dict):
    """A mapping read from YAML, with the line of the mapping and of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _Loader(yaml.SafeLoader):
    """Safe loading; mappings become ``LineDict``; duplicate keys are errors.

    Dates stay strings: YAML's own timestamp reading raises a bare ValueError
    on 2016-02-30, and geokg's date parsing gives a better message.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"the key '{key}' appears twice in the same mapping (first on line "
                f"{mapping.key_lines[str(key)]}); remove or rename one",
                key_node.start_mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

# The same loader on libyaml's parser, when PyYAML has it: ~10x faster on a
# corpus of claims files. Errors are re-read with the Python parser, whose
# messages ``_explain`` knows.
if getattr(yaml, "__with_libyaml__", False):

    class _FastLoader(yaml.CSafeLoader):
        pass

    _FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _FastLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
else:  # pragma: no cover - PyYAML built without libyaml
    _FastLoader = _Loader


def load_yaml(path: Path, text: str) -> tuple[Any, list[Problem]]:
    """Parse ``text`` (the content of ``path``); YAML errors become problems with a line."""
    try:
        return yaml.load(text, Loader=_FastLoader), []
    except yaml.YAMLError:
        pass
    try:
        return yaml.load(text, Loader=_Loader), []
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        return None, [Problem(str(path), line, _explain(err))]
    except yaml.YAMLError as err:
        return None, [Problem(str(path), None, f"not valid YAML: {err}")]


def _explain(err: yaml.MarkedYAMLError) -> str:
    """PyYAML's parser words, turned into a sentence a claims writer can act on."""
    problem = err.problem or "syntax error"
    if isinstance(err, yaml.constructor.ConstructorError) and "appears twice" in problem:
        return problem
    started = ""
    context, mark = err.context_mark, err.problem_mark
    if context is not None and mark is not None and context.line != mark.line:
        started = f" (in the block that starts on line {context.line + 1})"
    hints = {
        "found unexpected end of stream": "a quoted string is never closed",
        "but found '<scalar>'": "a quoted string is not closed, or a line is indented wrongly",
        "expected <block end>": "the indentation is off: keys of one mapping must line up",
        "mapping values are not allowed here": "a value contains ': ' — put it in quotes",
        "could not find expected ':'": "a line is missing ':' or a string is not closed",
        "found character '\\t'": "tabs are not allowed for indentation; use spaces",
    }
    hint = next((h for key, h in hints.items() if key in str(err)), "check the syntax")
    return f"not valid YAML{started}: {hint} (YAML says: {problem})."
