r"""A small, safe filter language for the ``leaderboard`` directive and charts.

A filter is a boolean expression over the fields of a record::

    gpqa >= 70 and provider in ["openai", "google"] and not "mini" in name
    released >= 2025-01 and (license != null or open_weights)

The text is read by a hand-written tokenizer and recursive-descent parser into a
tree of frozen dataclasses, which is then evaluated against plain mappings.
Nothing is ever handed to ``eval``, ``exec`` or ``compile``.

Semantics:

* String comparisons, ``in`` and substring tests ignore case (``str.casefold``).
* A comparison with a missing value (``None``) is false -- even ``!=`` and
  ``not in`` -- so ``not (x > 5)`` is *true* when ``x`` is missing.  Only
  ``x == null`` and ``x != null`` test whether a value is missing.
* Comparing values of different kinds (a number with a string) is false.
* Dates are compared at the precision both sides know: ``released == 2024-12``
  matches ``(2024, 12, 0)`` and ``(2024, 12, 11)``.  An integer compared with a
  date is a year: ``released >= 2025``.
* ``a in [..]`` tests membership, ``"x" in tags`` tests whether a list field
  contains ``"x"`` and ``"flash" in name`` is a substring test.
* A field on its own is true when its value is present and not false, zero or
  empty: ``open_weights and gpqa > 60``.

Grammar (ISO EBNF; keywords are case-insensitive, whitespace separates tokens)::

    filter     = or_expr ;
    or_expr    = and_expr , { "or" , and_expr } ;
    and_expr   = not_expr , { "and" , not_expr } ;
    not_expr   = "not" , not_expr | condition ;
    condition  = "(" , or_expr , ")"
               | operand , [ compare , operand | [ "not" ] , "in" , operand ] ;
    compare    = "==" | "!=" | "<" | "<=" | ">" | ">=" ;
    operand    = field | literal | list ;
    list       = "[" , [ literal , { "," , literal } , [ "," ] ] , "]" ;
    literal    = number | string | date | "true" | "false" | "null" | "none" ;
    field      = ( letter | "_" ) , { letter | digit | "_" | "-" | "." } ;
    number     = [ "-" ] , ( digits , [ "." , [ digits ] ] | "." , digits ) ,
                 [ ( "e" | "E" ) , [ "+" | "-" ] , digits ] ;
    date       = 4 * digit , "-" , digit , [ digit ] , [ "-" , digit , [ digit ] ] ;
    string     = '"' , { character - ( '"' | "\" ) | escape } , '"'
               | "'" , { character - ( "'" | "\" ) | escape } , "'" ;
    escape     = "\" , ( '"' | "'" | "\" ) ;
    digits     = digit , { digit } ;

``letter`` and ``digit`` are ASCII.  Further rules: a date has a real month and
day; an operand on its own must be a field, ``true`` or ``false``; ``null`` is
only compared with ``==`` or ``!=``; a list is only the right-hand side of
``in`` or ``not in`` and holds no ``null``; comparisons do not chain.  A field
from the caller's list that starts with a digit (``2wiki``) is accepted too.
Limits: :data:`MAX_LENGTH` characters and :data:`MAX_DEPTH` levels of
parentheses and ``not``.
"""

from __future__ import annotations

import dataclasses
import difflib
import keyword
import re
import string
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias, TypeVar

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "OPERATORS",
    "And",
    "Comparison",
    "Constant",
    "Expr",
    "Field",
    "Filter",
    "FilterError",
    "IsNull",
    "Not",
    "Or",
    "Truth",
    "Value",
    "compile_filter",
    "mismatched_kinds",
]

#: Longest filter text accepted, in characters.
MAX_LENGTH = 2000
#: Deepest nesting of parentheses and ``not`` accepted.
MAX_DEPTH = 32
#: Every operator spelling of the language, for documentation.
OPERATORS = ("==", "!=", "<", "<=", ">", ">=", "in", "not in", "and", "or", "not")

#: A field value in a record; dates are ``(year, month, day)`` with 0 for unknown parts.
Value: TypeAlias = bool | int | float | str | tuple[int, int, int] | Sequence[str] | None


class FilterError(ValueError):
    """A filter text that cannot be compiled, with the 1-based column of the problem."""

    def __init__(self, message: str, column: int, text: str) -> None:
        super().__init__(message, column, text)
        self.message = message
        self.column = column
        self.text = text

    def one_line(self) -> str:
        """``message (column N) in 'text'``: for warnings, which grep reads line by line."""
        excerpt, _ = _excerpt(self.text, self.column - 1)
        return f"{self.message} (column {self.column}) in {excerpt.strip()!r}"

    def __str__(self) -> str:
        excerpt, caret = _excerpt(self.text, self.column - 1)
        return f"{self.message} (column {self.column})\n  {excerpt}\n  {' ' * caret}^"


def _excerpt(text: str, index: int, width: int = 72) -> tuple[str, int]:
    """Return a one-line window of ``text`` around ``index`` and the caret offset in it."""
    start = 0 if len(text) <= width else max(0, min(index - width // 2, len(text) - width))
    end = start + width
    prefix = "..." if start > 0 else ""
    suffix = "..." if end < len(text) else ""
    shown = "".join(ch if ch.isprintable() else " " for ch in text[start:end])
    return prefix + shown + suffix, len(prefix) + index - start


# -- values ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Date:
    """A date as ``(year,)``, ``(year, month)`` or ``(year, month, day)``; 0 means unknown."""

    parts: tuple[int, ...]

    def known(self) -> tuple[int, ...]:
        """The leading parts that are known (a 0 month or day ends them)."""
        for index in range(1, len(self.parts)):
            if self.parts[index] == 0:
                return self.parts[:index]
        return self.parts


_Scalar: TypeAlias = bool | int | float | str | _Date | None
#: A value as the evaluator sees it: a tuple is a list, never a date.
_Norm: TypeAlias = _Scalar | tuple[_Scalar, ...]

_T = TypeVar("_T", float, str, tuple[int, ...])


def _scalar(value: object) -> _Scalar:
    """Normalize one non-list value; anything unsupported becomes missing."""
    if isinstance(value, bool | int | float | str):
        return value
    if (
        isinstance(value, tuple)
        and len(value) == 3
        and all(isinstance(part, int) and not isinstance(part, bool) for part in value)
    ):
        return _Date(value)
    return None


def _normalize(value: object) -> _Norm:
    """Normalize a record value: dates to ``_Date``, sequences to tuples of scalars."""
    scalar = _scalar(value)
    if scalar is None and isinstance(value, Sequence) and not isinstance(value, str):
        return tuple(_scalar(item) for item in value)
    return scalar


def _sign(left: _T, right: _T) -> int | None:
    """-1, 0 or 1 like a three-way comparison; None when unordered (NaN)."""
    if left < right:
        return -1
    if left > right:
        return 1
    return 0 if left == right else None


def _date_parts(value: _Norm) -> tuple[int, ...] | None:
    if isinstance(value, _Date):
        return value.known()
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,)
    return None


def _order(left: _Norm, right: _Norm) -> int | None:
    """Three-way comparison of two normalized values; None when they do not compare."""
    if isinstance(left, bool) and isinstance(right, bool):
        return _sign(int(left), int(right))
    if isinstance(left, bool) or isinstance(right, bool):
        return None
    if isinstance(left, int | float) and isinstance(right, int | float):
        return _sign(left, right)
    if isinstance(left, str) and isinstance(right, str):
        return _sign(left.casefold(), right.casefold())
    if isinstance(left, _Date) or isinstance(right, _Date):
        left_parts, right_parts = _date_parts(left), _date_parts(right)
        if left_parts is None or right_parts is None:
            return None
        size = min(len(left_parts), len(right_parts))
        return _sign(left_parts[:size], right_parts[:size])
    return None


def _contains(container: _Norm, item: _Norm) -> bool | None:
    """Whether ``item`` is in the list or string ``container``; None when that makes no sense."""
    if item is None or isinstance(item, tuple):
        return None
    if isinstance(container, tuple):
        return any(_order(item, member) == 0 for member in container)
    if isinstance(container, str) and isinstance(item, str):
        return item.casefold() in container.casefold()
    return None


_TESTS: dict[str, Callable[[int], bool]] = {
    "==": lambda order: order == 0,
    "!=": lambda order: order != 0,
    "<": lambda order: order < 0,
    "<=": lambda order: order <= 0,
    ">": lambda order: order > 0,
    ">=": lambda order: order >= 0,
}


# -- syntax tree -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A reference to a record field."""

    name: str

    def resolve(self, record: Mapping[str, Value]) -> _Norm:
        return _normalize(record.get(self.name))


@dataclass(frozen=True)
class Constant:
    """A literal value; a tuple is a list literal."""

    value: _Norm

    def resolve(self, record: Mapping[str, Value]) -> _Norm:
        return self.value


Operand: TypeAlias = Field | Constant


@dataclass(frozen=True)
class Comparison:
    """``left op right`` for the comparison operators, ``in`` and ``not in``."""

    op: str
    left: Operand
    right: Operand

    def evaluate(self, record: Mapping[str, Value]) -> bool:
        left, right = self.left.resolve(record), self.right.resolve(record)
        if self.op in ("in", "not in"):
            found = _contains(right, left)
            return found is not None and found == (self.op == "in")
        order = _order(left, right)
        return order is not None and _TESTS[self.op](order)


@dataclass(frozen=True)
class IsNull:
    """``operand == null`` (or ``!= null`` when ``negated``)."""

    operand: Operand
    negated: bool

    def evaluate(self, record: Mapping[str, Value]) -> bool:
        return (self.operand.resolve(record) is None) != self.negated


@dataclass(frozen=True)
class Truth:
    """An operand on its own: true when present and not false, zero or empty."""

    operand: Operand

    def evaluate(self, record: Mapping[str, Value]) -> bool:
        return bool(self.operand.resolve(record))


@dataclass(frozen=True)
class Not:
    operand: Expr

    def evaluate(self, record: Mapping[str, Value]) -> bool:
        return not self.operand.evaluate(record)


@dataclass(frozen=True)
class And:
    operands: tuple[Expr, ...]

    def evaluate(self, record: Mapping[str, Value]) -> bool:
        return all(operand.evaluate(record) for operand in self.operands)


@dataclass(frozen=True)
class Or:
    operands: tuple[Expr, ...]

    def evaluate(self, record: Mapping[str, Value]) -> bool:
        return any(operand.evaluate(record) for operand in self.operands)


Expr: TypeAlias = Comparison | IsNull | Truth | Not | And | Or


# -- tokens ----------------------------------------------------------------------------------

_WHITESPACE = frozenset(" \t\r\n")
_NAME_START = frozenset(string.ascii_letters + "_")
_NAME_CHARS = _NAME_START | frozenset(string.digits + "-.")
_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_DATE = re.compile(r"([0-9]+)-([0-9]+)(?:-([0-9]+))?")
_KEYWORDS = frozenset({"and", "or", "not", "in"})
_LITERAL_WORDS: dict[str, _Scalar] = {"true": True, "false": False, "null": None, "none": None}
_LITERAL_KINDS = frozenset({"number", "string", "date", "literal"})
_OPERATOR_SYMBOLS = frozenset({"==", "!=", "<=", ">=", "<", ">"})
_PUNCTUATION = frozenset("()[],")
_SYMBOL_HINTS = {
    "=": "use '==' to compare",
    "!": "use 'not' to negate, or '!=' to compare",
    "&": "use 'and' instead of '&'",
    "|": "use 'or' instead of '|'",
    **{op: f"arithmetic ({op!r}) is not supported" for op in ("**", "//", "+", "-", "*", "/", "%")},
}
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True)
class _Token:
    kind: str  # number string date literal keyword name op ( ) [ ] , end
    text: str  # the source text of the token
    column: int
    value: _Scalar = None  # literal value, or the casefolded keyword

    @property
    def end(self) -> int:
        return self.column - 1 + len(self.text)


def _skip(text: str, pos: int, chars: frozenset[str]) -> int:
    while pos < len(text) and text[pos] in chars:
        pos += 1
    return pos


def _tokenize(text: str, fields: frozenset[str]) -> Iterator[_Token]:
    """Yield tokens lazily, so that errors surface in reading order."""
    pos = 0
    while True:
        pos = _skip(text, pos, _WHITESPACE)
        if pos == len(text):
            yield _Token("end", "", pos + 1)
            return
        token = _lex(text, pos, fields)
        yield token
        pos = token.end


def _lex(text: str, pos: int, fields: frozenset[str]) -> _Token:
    char = text[pos]
    if char in "\"'":
        return _lex_string(text, pos)
    if char in _NAME_START:
        return _lex_name(text, pos)
    match = _DATE.match(text, pos) or _NUMBER.match(text, pos)
    if match:
        return _lex_number(text, pos, match, fields)
    return _lex_symbol(text, pos)


def _lex_string(text: str, pos: int) -> _Token:
    quote, index = text[pos], pos + 1
    chars: list[str] = []
    while index < len(text):
        char = text[index]
        if char == quote:
            return _Token("string", text[pos : index + 1], pos + 1, "".join(chars))
        if char == "\\":
            escaped = text[index + 1 : index + 2]
            if escaped and escaped not in "\"'\\":
                message = f"unknown escape '\\{escaped}'; a backslash only escapes a quote or '\\'"
                raise FilterError(message, index + 1, text)
            char, index = escaped, index + 1
        chars.append(char)
        index += 1
    raise FilterError("unterminated string", pos + 1, text)


def _lex_name(text: str, pos: int) -> _Token:
    word = text[pos : _skip(text, pos, _NAME_CHARS)]
    folded = word.casefold()
    if folded in _KEYWORDS:
        return _Token("keyword", word, pos + 1, folded)
    if folded in _LITERAL_WORDS:
        return _Token("literal", word, pos + 1, _LITERAL_WORDS[folded])
    return _Token("name", word, pos + 1)


def _lex_number(text: str, pos: int, match: re.Match[str], fields: frozenset[str]) -> _Token:
    end = match.end()
    if end < len(text) and text[end] in _NAME_CHARS:
        word = text[pos : _skip(text, end, _NAME_CHARS)]
        if word in fields:  # a field id that starts with a digit
            return _Token("name", word, pos + 1)
        kind = "date" if match.re is _DATE else "number"
        raise FilterError(f"invalid {kind} {word!r}", pos + 1, text)
    if match.re is _DATE:
        return _Token("date", match.group(), pos + 1, _parse_date(match, text))
    number = match.group()
    value = int(number) if number.lstrip("-").isdigit() else float(number)
    return _Token("number", number, pos + 1, value)


def _parse_date(match: re.Match[str], text: str) -> _Date:
    """Validate ``YYYY-MM`` or ``YYYY-MM-DD``."""
    year, month, day = match.groups()

    def fail(reason: str) -> FilterError:
        return FilterError(f"invalid date {match.group()!r}: {reason}", match.start() + 1, text)

    if len(year) != 4 or len(month) > 2 or (day is not None and len(day) > 2):
        raise fail("write dates as YYYY-MM or YYYY-MM-DD")
    if not 1 <= int(month) <= 12:
        raise fail("the month must be between 1 and 12")
    if day is None:
        return _Date((int(year), int(month)))
    leap = int(year) % 4 == 0 and (int(year) % 100 != 0 or int(year) % 400 == 0)
    days = _DAYS_IN_MONTH[int(month) - 1] + (leap and int(month) == 2)
    if not 1 <= int(day) <= days:
        raise fail(f"the day must be between 1 and {days}")
    return _Date((int(year), int(month), int(day)))


def _lex_symbol(text: str, pos: int) -> _Token:
    pair, char = text[pos : pos + 2], text[pos]
    if pair in _OPERATOR_SYMBOLS:
        return _Token("op", pair, pos + 1)
    if char in _OPERATOR_SYMBOLS:
        return _Token("op", char, pos + 1)
    if char in _PUNCTUATION:
        return _Token(char, char, pos + 1)
    message = _SYMBOL_HINTS.get(pair) or _SYMBOL_HINTS.get(char)
    raise FilterError(message or f"unexpected character {char!r}", pos + 1, text)


def _describe(token: _Token) -> str:
    """A token as error messages show it."""
    if token.kind == "end":
        return "end of input"
    shown = token.text if len(token.text) <= 30 else token.text[:27] + "..."
    return shown if token.kind == "string" else repr(shown)


# -- parser ----------------------------------------------------------------------------------

_PYTHON_WORDS = frozenset(word.casefold() for word in keyword.kwlist)


class _Parser:
    """Recursive descent over the lazily produced tokens, one token of lookahead."""

    def __init__(self, text: str, fields: frozenset[str]) -> None:
        self.text = text
        self.fields = fields
        self.used: set[str] = set()
        self._tokens = _tokenize(text, fields)
        self._previous: _Token | None = None
        self._token = next(self._tokens)
        self._depth = 0

    def parse(self) -> Expr:
        expr = self._or()
        if self._token.kind == ")":
            raise self._error("unmatched ')'")
        if self._token.kind != "end":
            raise self._error(f"expected 'and', 'or' or end of input, found {self._found()}")
        return expr

    # helpers

    def _error(self, message: str, token: _Token | None = None) -> FilterError:
        return FilterError(message, (token or self._token).column, self.text)

    def _found(self) -> str:
        return _describe(self._token)

    def _expected(self, what: str) -> FilterError:
        after = f" after {_describe(self._previous)}" if self._previous else ""
        return self._error(f"expected {what}{after}, found {self._found()}")

    def _advance(self) -> _Token:
        token = self._previous = self._token
        if token.kind != "end":
            self._token = next(self._tokens)
        return token

    def _at_keyword(self, word: str) -> bool:
        return self._token.kind == "keyword" and self._token.value == word

    def _enter(self, token: _Token) -> None:
        self._depth += 1
        if self._depth > MAX_DEPTH:
            message = f"the filter is nested too deeply (more than {MAX_DEPTH} levels)"
            raise self._error(message, token)

    # boolean structure

    def _or(self) -> Expr:
        operands = [self._and()]
        while self._at_keyword("or"):
            self._advance()
            operands.append(self._and())
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def _and(self) -> Expr:
        operands = [self._not()]
        while self._at_keyword("and"):
            self._advance()
            operands.append(self._not())
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def _not(self) -> Expr:
        if not self._at_keyword("not"):
            return self._condition()
        self._enter(self._advance())
        expr = Not(self._not())
        self._depth -= 1
        return expr

    def _group(self) -> Expr:
        opening = self._advance()
        self._enter(opening)
        expr = self._or()
        if self._token.kind == "end":
            raise self._error(f"missing ')' to close the '(' at column {opening.column}")
        if self._token.kind != ")":
            raise self._error(f"expected 'and', 'or' or ')', found {self._found()}")
        self._advance()
        self._depth -= 1
        return expr

    # conditions

    def _condition(self) -> Expr:
        if self._token.kind == "(":
            return self._group()
        left_token = self._token
        left = self._operand("a condition")
        if self._token.kind == "op":
            op = self._advance().text
        elif self._at_keyword("in"):
            self._advance()
            op = "in"
        elif self._at_keyword("not"):
            self._advance()
            if not self._at_keyword("in"):
                raise self._error(f"expected 'in' after 'not', found {self._found()}")
            self._advance()
            op = "not in"
        else:
            return self._bare(left, left_token)
        right_token = self._token
        right = self._operand("a value")
        if self._token.kind == "op" or self._at_keyword("in"):
            raise self._error("comparisons cannot be chained; join them with 'and'")
        return self._comparison(op, (left, left_token), (right, right_token))

    def _bare(self, operand: Operand, token: _Token) -> Expr:
        """An operand that is a condition on its own: a field, ``true`` or ``false``."""
        ends = self._token.kind in ("end", ")") or self._at_keyword("and") or self._at_keyword("or")
        if ends and (isinstance(operand, Field) or isinstance(operand.value, bool)):
            return Truth(operand)
        if self._token.kind == "name" and self._token.text.casefold() == "is":
            raise self._error("use '==' or '!=' instead of 'is'")
        message = f"expected an operator after {_describe(token)}, found {self._found()}"
        raise self._error(message)

    def _comparison(
        self, op: str, left: tuple[Operand, _Token], right: tuple[Operand, _Token]
    ) -> Expr:
        """Build a comparison, rejecting misuse of ``null`` and lists."""
        for (operand, token), (other, _) in ((left, right), (right, left)):
            if isinstance(operand, Constant) and operand.value is None:
                if op not in ("==", "!="):
                    raise self._error("null can only be compared with '==' or '!='", token)
                return IsNull(other, negated=op == "!=")
        misplaced = [left] if op in ("in", "not in") else [left, right]
        for operand, token in misplaced:
            if isinstance(operand, Constant) and isinstance(operand.value, tuple):
                message = "a list can only be the right-hand side of 'in' or 'not in'"
                raise self._error(message, token)
        return Comparison(op, left[0], right[0])

    # operands

    def _operand(self, what: str) -> Operand:
        token = self._token
        if token.kind in _LITERAL_KINDS:
            self._advance()
            return Constant(token.value)
        if token.kind == "name":
            return self._field()
        if token.kind == "[":
            return self._list()
        raise self._expected(what)

    def _field(self) -> Field:
        token = self._token
        following = _skip(self.text, token.end, _WHITESPACE)
        if self.text[following : following + 1] == "(":
            raise FilterError("calls are not allowed", following + 1, self.text)
        if self.text[following : following + 1] == "[":
            raise FilterError("indexing is not allowed", following + 1, self.text)
        if token.text not in self.fields:
            raise self._error(_unknown_field(token.text, self.fields))
        self.used.add(token.text)
        self._advance()
        return Field(token.text)

    def _list(self) -> Constant:
        opening = self._advance()
        items: list[_Scalar] = []
        while self._token.kind != "]":
            items.append(self._list_item(opening))
            if self._token.kind == ",":
                self._advance()
            elif self._token.kind != "]":
                raise self._list_error(opening, "',' or ']'")
        self._advance()
        return Constant(tuple(items))

    def _list_item(self, opening: _Token) -> _Scalar:
        token = self._token
        if token.kind not in _LITERAL_KINDS:
            raise self._list_error(opening, "a literal value or ']'")
        if token.value is None:
            raise self._error("null is not allowed in a list")
        self._advance()
        return token.value

    def _list_error(self, opening: _Token, expected: str) -> FilterError:
        kind = self._token.kind
        if kind == "end":
            return self._error(f"missing ']' to close the '[' at column {opening.column}")
        if kind == "name":
            return self._error(f"lists may only contain literal values, found {self._found()}")
        if kind == "[":
            return self._error("lists cannot be nested")
        return self._error(f"expected {expected} in the list, found {self._found()}")


def _unknown_field(name: str, fields: frozenset[str]) -> str:
    """The message for an unknown field name, with a suggestion when there is one."""
    message = f"unknown field {name!r}"
    folded = [field for field in sorted(fields) if field.casefold() == name.casefold()]
    close = folded or difflib.get_close_matches(name, sorted(fields), n=1)
    if close:
        return f"{message}; did you mean {close[0]!r}?"
    if "." in name and name.split(".", 1)[0] in fields:
        return f"{message}; attribute access is not supported"
    if name.casefold() in _PYTHON_WORDS:
        return f"{message}; Python syntax is not supported"
    return message


# -- public entry point ----------------------------------------------------------------------


@dataclass(frozen=True)
class Filter:
    """A compiled filter: call it with a record to test whether the record matches."""

    text: str
    #: The field names the expression references.
    fields: frozenset[str]
    expr: Expr = dataclasses.field(repr=False)

    def __call__(self, record: Mapping[str, Value]) -> bool:
        """Whether ``record`` matches; never raises for records of :data:`Value` items."""
        return self.expr.evaluate(record)


def compile_filter(text: str, fields: Collection[str]) -> Filter:
    """Parse ``text`` into a :class:`Filter` that may use the given field names.

    Raises :class:`FilterError` for any text that is not a valid filter.
    """
    if len(text) > MAX_LENGTH:
        message = f"the filter is too long ({len(text):,} characters; the limit is {MAX_LENGTH:,})"
        raise FilterError(message, MAX_LENGTH + 1, text)
    if _skip(text, 0, _WHITESPACE) == len(text):
        raise FilterError("empty filter", 1, text)
    parser = _Parser(text, frozenset(fields))
    expr = parser.parse()
    return Filter(text, frozenset(parser.used), expr)


# -- kinds of values -------------------------------------------------------------------------


def _constant_kind(value: _Norm) -> str | None:
    if isinstance(value, bool) or value is None or isinstance(value, tuple | _Date):
        return None
    return "num" if isinstance(value, int | float) else "text"


def _comparisons(expr: Expr) -> Iterator[Comparison]:
    if isinstance(expr, Comparison):
        yield expr
    elif isinstance(expr, Not):
        yield from _comparisons(expr.operand)
    elif isinstance(expr, And | Or):
        for operand in expr.operands:
            yield from _comparisons(operand)


def mismatched_kinds(compiled: Filter, kinds: Mapping[str, str]) -> list[str]:
    """Comparisons of a field with a literal of another kind, which never match.

    ``kinds`` gives each field's kind (``num`` or ``text``; others are not checked):
    ``mmlu > "abc"`` compares a number with a string and so is false for every row.
    """
    found = []
    for comparison in _comparisons(compiled.expr):
        if comparison.op in ("in", "not in"):
            continue
        pairs = ((comparison.left, comparison.right), (comparison.right, comparison.left))
        for field, constant in pairs:
            if not (isinstance(field, Field) and isinstance(constant, Constant)):
                continue
            field_kind, literal_kind = kinds.get(field.name), _constant_kind(constant.value)
            if field_kind in ("num", "text") and literal_kind and literal_kind != field_kind:
                what = {"num": "a number", "text": "text"}
                found.append(
                    f"{field.name} is {what[field_kind]}, compared with {what[literal_kind]} "
                    f"({constant.value!r}): this comparison is false for every row"
                )
    return found
