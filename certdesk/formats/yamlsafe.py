"""A YAML reader for untrusted files: plain data only, with line numbers.

The file is composed into nodes by libyaml and converted here, node by node;
PyYAML's constructors never run, so no tag can build an object or run code.
Aliases are refused (an alias bomb never expands), as are duplicate keys,
non-standard tags and files over a size limit. libyaml composes recursively,
one C call per nesting level, so the nesting is estimated on the text first
(`depth_exceeded`): a file of 100,000 `[` is refused, never composed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from certdesk.formats.bounded import DOCUMENT_MAX_BYTES, text_of
from certdesk.formats.problems import DocPath, InvalidFileError, Problem
from certdesk.formats.yaml_depth import depth_exceeded
from certdesk.i18n import _

MAX_BYTES = DOCUMENT_MAX_BYTES
MAX_DEPTH = 64
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_T = "tag:yaml.org,2002:"
_SCALARS = {f"{_T}{n}" for n in ("str", "int", "float", "bool", "null", "timestamp")}
_CONSTRUCTOR = SafeConstructor()
_SCALAR_BUILDERS = {
    "int": _CONSTRUCTOR.construct_yaml_int,
    "float": _CONSTRUCTOR.construct_yaml_float,
    "bool": _CONSTRUCTOR.construct_yaml_bool,
    "null": _CONSTRUCTOR.construct_yaml_null,
}


@dataclass
class Document:
    data: Any
    lines: dict[DocPath, int] = field(default_factory=dict)

    def line_of(self, path: DocPath) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None


def read_yaml(raw: bytes, name: str) -> Document:
    """Parse `raw` (the bytes of file `name`) into plain data, or raise InvalidFileError."""
    text = text_of(raw, name, MAX_BYTES, "utf-8-sig")
    deep = depth_exceeded(text, MAX_DEPTH)
    if deep is not None:
        raise InvalidFileError([Problem(name, _("the document nests too deeply"), deep)])
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        detail = exc.problem or exc.context or "syntax error"
        msg = _("YAML syntax error: {detail}").format(detail=detail)
        raise InvalidFileError([Problem(name, msg, line)]) from None
    except (yaml.YAMLError, RecursionError):
        raise InvalidFileError([Problem(name, _("the file is not valid YAML"))]) from None
    doc = Document(None)
    if node is not None:
        doc.data = _Converter(name, doc).convert(node, (), 0)
    return doc


class _Converter:
    def __init__(self, name: str, doc: Document) -> None:
        self.name = name
        self.doc = doc
        self.seen: set[int] = set()

    def fail(self, node: yaml.Node, path: DocPath, message: str) -> InvalidFileError:
        return InvalidFileError([Problem(self.name, message, node.start_mark.line + 1, path)])

    def convert(self, node: yaml.Node, path: DocPath, depth: int) -> Any:
        if id(node) in self.seen:
            raise self.fail(node, path, _("YAML aliases (*name) are not allowed"))
        self.seen.add(id(node))
        self.doc.lines[path] = node.start_mark.line + 1
        if depth > MAX_DEPTH:
            raise self.fail(node, path, _("the document nests too deeply"))
        if isinstance(node, yaml.MappingNode) and node.tag == f"{_T}map":
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode) and node.tag == f"{_T}seq":
            return [self.convert(n, (*path, i), depth + 1) for i, n in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and node.tag in _SCALARS:
            if node.tag.endswith(("str", "timestamp")):
                return node.value
            return _SCALAR_BUILDERS[node.tag.removeprefix(_T)](node)
        tag = node.tag.replace(_T, "!!")
        raise self.fail(node, path, _("the YAML tag {tag} is not allowed").format(tag=tag))

    def _mapping(self, node: yaml.MappingNode, path: DocPath, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag in (
                f"{_T}map",
                f"{_T}seq",
            ):
                raise self.fail(key_node, path, _("a key must be plain text"))
            if key_node.tag == f"{_T}merge":
                raise self.fail(key_node, path, _("YAML merge keys (<<) are not allowed"))
            key = str(key_node.value)
            if key in out:
                msg = _("the key '{key}' appears twice").format(key=key)
                raise self.fail(key_node, (*path, key), msg)
            out[key] = self.convert(value_node, (*path, key), depth + 1)
        return out
