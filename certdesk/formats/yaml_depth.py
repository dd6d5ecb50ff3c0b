"""How deeply a YAML text nests, estimated on the text before libyaml composes it.

libyaml composes recursively, one C call per nesting level, so a file of
100,000 `[` would overflow the stack inside the parser. This estimate follows
libyaml 0.2.5's scanner token by token, building nothing, in one linear pass.
"""

from __future__ import annotations

import re

_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")  # libyaml's line breaks, each made "\n"
_BLANKZ = " \t\n\x00"  # with "" (the end): `text[i : i + 1] in _BLANKZ` is libyaml's IS_BLANKZ
_NO_PLAIN = frozenset("-?:,[]{}#&*!|>'\"%@`" + _BLANKZ)
_SPACES, _GAP, _REST = re.compile(" *"), re.compile("[ \t\n]*"), re.compile("[^\n]*")
_BLOCK_LINES = "(?:\n(?:\ufeff? *(?:#[^\n]*)?\n)*\ufeff? *(?:#[^\n]*)?)?"
_SKIP = (  # blanks, a comment, then blank and comment lines (each may open with a BOM)
    re.compile(" *(?:#[^\n]*)?" + _BLOCK_LINES),  # in the block context, a simple key allowed
    re.compile("[ \t]*(?:#[^\n]*)?" + _BLOCK_LINES),  # in the block context, none allowed
    re.compile(
        "[ \t]*(?:#[^\n]*)?(?:\n(?:\ufeff?[ \t]*(?:#[^\n]*)?\n)*\ufeff?[ \t]*(?:#[^\n]*)?)?"
    ),
)
_PLAIN = (  # the rest of a plain scalar's line, in block and flow context
    re.compile(
        r"(?:[^:#\0 \t\n]++|:(?=[^\0 \t\n])|(?<=[^\0 \t\n])#|[ \t]++(?=[^:#\0 \t\n]|:[^\0 \t\n]))*+"
    ),
    re.compile(
        r"(?:[^:#,\[\]{}\0 \t\n]++|:(?=[^\0 \t\n,\[\]{}?])|(?<=[^\0 \t\n])#"
        r"|[ \t]++(?=[^:#,\[\]{}\0 \t\n]|:[^\0 \t\n,\[\]{}?]))*+"
    ),
)
_QUOTED = {
    "'": re.compile("'[^']*(?:''[^']*)*'?"),
    '"': re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?', re.S),
}
_PROPERTY = {
    "!": re.compile(r"!(?:<[^>\0 \t\n]*>?|[^\0 \t\n,\[\]{}]*)"),
    "&": re.compile("[&*][0-9A-Za-z_-]*"),
}
_HEADER = re.compile(r"[|>](?:[+-]([1-9])?|([1-9])[+-]?)?[ \t]*(?:#[^\n]*)?")
_HANDLERS = {
    **dict.fromkeys("[{", "_open"),
    **dict.fromkeys("]}", "_close"),
    **dict.fromkeys("!&*", "_property"),
    **dict.fromkeys("|>", "_literal"),
    **dict.fromkeys("'\"", "_quoted"),
    **{",": "_comma", "-": "_dash", "?": "_question", ":": "_colon"},
}


def _end(pattern: re.Pattern[str], text: str, pos: int) -> int:
    found = pattern.match(text, pos)
    return found.end() if found else pos


def depth_exceeded(text: str, limit: int) -> int | None:
    """The line where YAML `text` first nests deeper than `limit` by estimate, or None.

    The estimate is the flow level plus the number of block indentation
    levels, kept as libyaml 0.2.5's scanner keeps them (its
    yaml_parser_fetch_next_token, followed token by token without building
    one), plus one while a simple key is pending (`[a]: b` makes a mapping
    around the sequence once the `:` comes). The nodes libyaml composes nest
    at most twice as deep: a flow level or an indentation level holds at most
    one collection and one mapping without indicator (`[a: b]`, `a:` over
    `- b`). One linear pass.
    """
    scan = _Scan(_BREAKS.sub("\n", text.removeprefix("\ufeff")))  # libyaml's reader eats a BOM
    at = scan.run(limit)
    return None if at is None else scan.text.count("\n", 0, at) + 1


class _Scan:
    def __init__(self, text: str) -> None:
        self.text, self.n = text, len(text)
        self.pos = self.line = self.flow = 0  # line: the index where the current line starts
        self.indents: list[int] = []  # the columns of the open block collections
        self.key: tuple[int, int, int] | None = None  # the block context's simple key
        self.allowed = True  # libyaml's simple_key_allowed

    def run(self, limit: int) -> int | None:
        """The index of the first token past `limit`, or None."""
        handlers = {char: getattr(self, name) for char, name in _HANDLERS.items()}
        while self._to_token():
            col = self.pos - self.line
            if self.key and (self.key[1] != self.line or self.pos > self.key[2] + 1024):
                self.key = None  # a simple key is one line of at most 1024 characters
            while not self.flow and self.indents and self.indents[-1] > col:
                self.indents.pop()
            handlers.get(self.text[self.pos], self._other)(col)
            if len(self.indents) + self.flow + (self.key is not None) > limit:
                return self.pos  # a possible key may yet become a mapping around it all
        return None

    def _to_token(self) -> bool:
        """Skip blanks, comments and line breaks (yaml_parser_scan_to_next_token)."""
        text, pos = self.text, self.pos
        if pos == self.line and text.startswith("\ufeff", pos):
            pos += 1
        end = _end(_SKIP[2 if self.flow else not self.allowed], text, pos)
        line = text.rfind("\n", pos, end) + 1
        if line:
            self.line, self.allowed = line, self.allowed or not self.flow
        self.pos = end
        return end < self.n

    def _blankz(self, index: int) -> bool:
        return self.text[index : index + 1] in _BLANKZ

    def _marker(self, index: int) -> bool:
        return self.text.startswith(("---", "..."), index) and self._blankz(index + 3)

    def _save_key(self, col: int) -> None:
        if not self.flow and self.allowed:
            self.key = (col, self.line, self.pos)

    def _drop_key(self) -> None:
        if not self.flow:
            self.key = None

    def _roll(self, col: int) -> None:
        if not self.flow and (self.indents[-1] if self.indents else -1) < col:
            self.indents.append(col)

    def _open(self, col: int) -> None:
        self._save_key(col)
        self.flow, self.allowed, self.pos = self.flow + 1, True, self.pos + 1

    def _close(self, _col: int) -> None:
        self._drop_key()
        self.flow, self.allowed, self.pos = max(self.flow - 1, 0), False, self.pos + 1

    def _comma(self, _col: int) -> None:
        self._drop_key()
        self.allowed, self.pos = True, self.pos + 1

    def _indicator(self, col: int) -> None:
        """`- ` or `? `: a block collection may start here."""
        self._roll(col)
        self._drop_key()
        self.allowed = not self.flow or self.text[self.pos] == "-"
        self.pos += 1

    def _dash(self, col: int) -> None:
        if col == 0 and self._marker(self.pos):
            self._document(self.pos + 3)
        elif self._blankz(self.pos + 1):
            self._indicator(col)
        else:
            self._plain(col)

    def _question(self, col: int) -> None:
        if self.flow or self._blankz(self.pos + 1):
            self._indicator(col)
        else:
            self._plain(col)

    def _colon(self, col: int) -> None:
        if not self.flow and not self._blankz(self.pos + 1):
            self._plain(col)
            return
        if self.flow:
            self.allowed = False
        elif self.key:
            self._roll(self.key[0])  # the mapping starts at its first key
            self.key, self.allowed = None, False
        else:
            self._roll(col)
            self.allowed = True
        self.pos += 1

    def _property(self, col: int) -> None:
        self._save_key(col)
        found = _end(_PROPERTY.get(self.text[self.pos], _PROPERTY["&"]), self.text, self.pos)
        self.allowed, self.pos = False, max(found, self.pos + 1)

    def _quoted(self, col: int) -> None:
        self._save_key(col)
        end = _end(_QUOTED[self.text[self.pos]], self.text, self.pos)
        self.line = self.text.rfind("\n", self.pos, end) + 1 or self.line
        self.allowed, self.pos = False, end

    def _other(self, col: int) -> None:
        char = self.text[self.pos]
        if col == 0 and char == "%":
            self._document(_end(_REST, self.text, self.pos))
        elif col == 0 and self._marker(self.pos):
            self._document(self.pos + 3)
        elif char not in _NO_PLAIN:
            self._plain(col)
        else:
            self.pos += 1  # libyaml stops here: no token starts with this character

    def _document(self, end: int) -> None:
        if not self.flow:
            self.indents.clear()
        self._drop_key()
        self.allowed, self.pos = False, end

    def _plain(self, col: int) -> None:
        """A plain scalar, over every line it continues on (yaml_parser_scan_plain_scalar)."""
        self._save_key(col)
        text, rest = self.text, _PLAIN[self.flow > 0]
        indent = (self.indents[-1] if self.indents else -1) + 1
        pos, line, leading = self.pos, self.line, False
        while pos < self.n and text[pos] != "#" and not (pos == line and self._marker(pos)):
            end = _end(rest, text, pos)
            leading = leading and end == pos
            if text[end : end + 1] not in (" ", "\t", "\n"):
                pos = end
                break
            pos = _end(_GAP, text, end)
            if text.rfind("\n", end, pos) >= 0:
                line, leading = text.rfind("\n", end, pos) + 1, True
            if not self.flow and pos - line < indent:
                break
        self.pos, self.line, self.allowed = pos, line, leading

    def _literal(self, _col: int) -> None:
        """A literal or folded scalar (yaml_parser_scan_block_scalar)."""
        head = None if self.flow else _HEADER.match(self.text, self.pos)
        self.pos = head.end() if head else self.pos + 1
        if head is None or self.text[self.pos : self.pos + 1] not in ("", "\n", "\0"):
            return  # libyaml stops here
        self._drop_key()
        self.allowed = True
        step = int(head.group(1) or head.group(2) or 0)
        top = self.indents[-1] if self.indents else -1
        indent = (top + step if top >= 0 else step) if step else 0
        deepest = self._breaks(indent)
        indent = indent or max(deepest, top + 1, 1)
        while self.pos < self.n and self.pos - self.line == indent:
            self.pos = _end(_REST, self.text, self.pos)
            self._breaks(indent)

    def _breaks(self, indent: int) -> int:
        """Eat a line break, then indentation and empty lines (scan_block_scalar_breaks)."""
        deepest = 0
        if self.text.startswith("\n", self.pos):
            self.pos = self.line = self.pos + 1
        while True:
            end = _end(_SPACES, self.text, self.pos)
            self.pos = max(self.pos, min(end, self.line + indent)) if indent else end
            deepest = max(deepest, self.pos - self.line)
            if not self.text.startswith("\n", self.pos):
                return deepest
            self.pos = self.line = self.pos + 1
