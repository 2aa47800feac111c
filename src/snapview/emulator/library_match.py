"""The emulator's reading of SearchMedia's ``Match`` (VOD "Protocol for media asset search"):
a tokenizer and recursive-descent parser that turns the filter into a predicate over library entries,
and rejects what the real service rejects, with its error codes.

Grammar, as documented: ``field = value`` (exact, or fuzzy for text fields), ``field in (v1, v2)``
(multi-value, any of them), ``field = (a, b)`` / ``[a, b]`` (a range; each bracket says whether its
end is included; an empty end is open), conditions joined by ``and``, and ``or`` only inside
parentheses. Which form a field allows follows the protocol's table (Status is multi-value only,
CateId exact only, CreationTime range only…). Fuzzy matching is "contains, ignoring case" — the real
service tokenises, which this approximates.

A malformed filter or a form a field does not allow answers ``ErrorMatchSyntax`` (the documented
code); a well-formed filter with an unusable value (101 VideoIds, a date that is not one) answers
``InvalidParameter``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from snapview.emulator.library_catalog import LibraryEntry, parse_time

MAX_IDS = 100
APP_ID = "app-1000000"
STORAGE_LOCATION = "outin-snapview-emulator.oss-cn-shanghai.aliyuncs.com"

Predicate = Callable[[LibraryEntry], bool]


class MatchError(Exception):
    """A Match the emulator rejects: ``code`` is ErrorMatchSyntax or InvalidParameter."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _syntax(where: str) -> MatchError:
    return MatchError(
        "ErrorMatchSyntax", f"The parameter Match.{where} has an error syntax, please check it."
    )


def _invalid(where: str, detail: str) -> MatchError:
    return MatchError(
        "InvalidParameter", f'The specified parameter "Match.{where}" is not valid. {detail}'
    )


# field -> (kind, forms): kind is how values compare; forms are =, in, range.
_FIELDS: dict[str, tuple[str, frozenset[str]]] = {
    "VideoId": ("exact", frozenset({"=", "in"})),
    "AppId": ("exact", frozenset({"in"})),
    "CateId": ("integer", frozenset({"="})),
    "StorageLocation": ("exact", frozenset({"=", "in"})),
    "Title": ("fuzzy", frozenset({"=", "in"})),
    "Tags": ("fuzzy", frozenset({"=", "in"})),
    "Description": ("fuzzy", frozenset({"=", "in"})),
    "Status": ("exact", frozenset({"in"})),
    "MediaSource": ("exact", frozenset({"in"})),
    "PreprocessStatus": ("exact", frozenset({"in"})),
    "Size": ("number", frozenset({"range"})),
    "Duration": ("number", frozenset({"range"})),
    "CreationTime": ("time", frozenset({"range"})),
    "ModificationTime": ("time", frozenset({"range"})),
}


_GETTERS: dict[str, Callable[[LibraryEntry], object]] = {
    "VideoId": lambda e: e.video_id,
    "AppId": lambda e: APP_ID,
    "CateId": lambda e: e.cate_id,
    "StorageLocation": lambda e: STORAGE_LOCATION,
    "Title": lambda e: e.title,
    "Tags": lambda e: e.tags,
    "Description": lambda e: e.description,
    "Status": lambda e: e.status,
    "MediaSource": lambda e: "general",
    "PreprocessStatus": lambda e: "UnPreprocess",
    "Size": lambda e: e.size,
    "Duration": lambda e: e.duration,
    "CreationTime": lambda e: e.created,
    "ModificationTime": lambda e: e.modified,
}


# --- tokens ----------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<string>'[^']*'|\"[^\"]*\")|(?P<number>-?\d+(?:\.\d+)?)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_]*)|(?P<punct>[=(),\[\]]))"
)


@dataclass(frozen=True)
class _Token:
    kind: str  # string, number, word, punct, end
    text: str
    position: int


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if not match:
            raise _syntax(f"position {position + 1}")
        kind = match.lastgroup or "punct"
        value = match.group(kind)
        if kind == "string":
            value = value[1:-1]
        tokens.append(_Token(kind, value, match.start(kind)))
        position = match.end()
    tokens.append(_Token("end", "", len(text)))
    return tokens


# --- parsing ---------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.at = 0

    def peek(self) -> _Token:
        return self.tokens[self.at]

    def take(self) -> _Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def expect(self, text: str, where: str) -> None:
        token = self.take()
        if token.kind != "punct" or token.text != text:
            raise _syntax(where)

    def keyword(self, word: str) -> bool:
        token = self.peek()
        if token.kind == "word" and token.text.lower() == word:
            self.at += 1
            return True
        return False

    def parse(self) -> Predicate:
        predicate, used_or = self.expression()
        if self.peek().kind != "end":
            raise _syntax(f"position {self.peek().position + 1}")
        if used_or:
            raise _syntax("or")  # "or" must sit inside parentheses
        return predicate

    def expression(self) -> tuple[Predicate, bool]:
        terms = [self.conjunction()]
        while self.keyword("or"):
            terms.append(self.conjunction())
        if len(terms) == 1:
            return terms[0], False
        return (lambda entry: any(term(entry) for term in terms)), True

    def conjunction(self) -> Predicate:
        atoms = [self.atom()]
        while self.keyword("and"):
            atoms.append(self.atom())
        if len(atoms) == 1:
            return atoms[0]
        return lambda entry: all(atom(entry) for atom in atoms)

    def atom(self) -> Predicate:
        token = self.peek()
        if token.kind == "punct" and token.text == "(":
            self.take()
            predicate, _ = self.expression()
            self.expect(")", f"position {self.peek().position + 1}")
            return predicate
        if token.kind != "word":
            raise _syntax(f"position {token.position + 1}")
        return self.condition()

    def condition(self) -> Predicate:
        name_token = self.take()
        name = next((f for f in _FIELDS if f.lower() == name_token.text.lower()), None)
        if name is None:
            raise _syntax(name_token.text)
        kind, forms = _FIELDS[name]
        if self.keyword("in"):
            if "in" not in forms:
                raise _syntax(name)
            return self.multi(name, kind)
        self.expect("=", name)
        token = self.peek()
        if token.kind == "punct" and token.text in "([":
            if "range" not in forms:
                raise _syntax(name)
            return self.range(name, kind)
        if "=" not in forms:
            raise _syntax(name)
        return self.single(name, kind, self.value(name))

    def value(self, name: str) -> str:
        token = self.take()
        if token.kind not in ("string", "number", "word"):
            raise _syntax(name)
        return token.text

    def multi(self, name: str, kind: str) -> Predicate:
        self.expect("(", name)
        values = [self.value(name)]
        while self.peek().kind == "punct" and self.peek().text == ",":
            self.take()
            values.append(self.value(name))
        self.expect(")", name)
        if name == "VideoId" and len(values) > MAX_IDS:
            raise _invalid(name, f"At most {MAX_IDS} values are allowed, not {len(values)}.")
        singles = [self.single(name, kind, v) for v in values]
        return lambda entry: any(single(entry) for single in singles)

    def single(self, name: str, kind: str, value: str) -> Predicate:
        get = _GETTERS[name]
        if kind == "fuzzy":
            wanted = value.casefold()
            return lambda entry: wanted in str(get(entry)).casefold()
        if kind == "integer":
            try:
                number = int(value)
            except ValueError:
                raise _invalid(name, "It must be an integer.") from None
            return lambda entry: get(entry) == number
        return lambda entry: get(entry) == value

    def range(self, name: str, kind: str) -> Predicate:
        opening = self.take().text
        bounds: list[str | None] = [None, None]
        for slot in (0, 1):
            token = self.peek()
            if not (token.kind == "punct" and token.text in ",)]"):
                bounds[slot] = self.value(name)
            if slot == 0:
                self.expect(",", name)
        closing = self.take()
        if closing.kind != "punct" or closing.text not in ")]":
            raise _syntax(name)
        low, high = (self.bound(name, kind, b) for b in bounds)
        low_in, high_in = opening == "[", closing.text == "]"
        get = _GETTERS[name]

        def within(entry: LibraryEntry) -> bool:
            value = get(entry)
            if low is not None and (value < low or (value == low and not low_in)):  # type: ignore[operator]
                return False
            return high is None or not (value > high or (value == high and not high_in))  # type: ignore[operator]

        return within

    def bound(self, name: str, kind: str, text: str | None) -> datetime | float | None:
        if text is None:
            return None
        if kind == "time":
            try:
                return parse_time(text)
            except ValueError:
                raise _invalid(
                    name, f"Use the format yyyy-MM-ddTHH:mm:ssZ, not {text!r}."
                ) from None
        try:
            return float(text)
        except ValueError:
            raise _invalid(name, f"{text!r} is not a number.") from None


def compile_match(text: str) -> Predicate:
    """A predicate for ``Match``; an empty Match matches everything. Raises :class:`MatchError`."""
    if not text.strip():
        return lambda entry: True
    return _Parser(text).parse()
