"""Tests for the filter expression language (no Sphinx needed)."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_modelcards.data import filters
from sphinx_modelcards.data.filters import (
    MAX_DEPTH,
    MAX_LENGTH,
    OPERATORS,
    Comparison,
    Constant,
    Filter,
    FilterError,
    compile_filter,
)

FIELDS = frozenset(
    {
        "name",
        "provider",
        "gpqa",
        "mmlu-pro",
        "swe-bench.verified",
        "tags",
        "released",
        "open_weights",
        "license",
        "2wiki",
    }
)

RECORDS: dict[str, dict[str, Any]] = {
    "flash": {
        "name": "Gemini 2.5 Flash",
        "provider": "Google",
        "gpqa": 82.8,
        "mmlu-pro": 80,
        "swe-bench.verified": None,
        "tags": ["Reasoning", "Vision"],
        "released": (2025, 4, 17),
        "open_weights": False,
        "license": "proprietary",
        "2wiki": 61,
    },
    "o3": {  # no license, no mmlu-pro; day of release unknown
        "name": "o3",
        "provider": "OpenAI",
        "gpqa": 83,
        "tags": ("Reasoning",),
        "released": (2024, 12, 0),
        "open_weights": False,
    },
    "llama": {
        "name": "Llama 3.1 405B",
        "provider": "Meta",
        "gpqa": 51.1,
        "mmlu-pro": 73.3,
        "tags": [],
        "released": (2024, 7, 23),
        "open_weights": True,
        "license": "llama3.1",
    },
    "gpt2": {  # only the year of release is known
        "name": "GPT-2",
        "provider": "openai",
        "gpqa": None,
        "tags": ["Legacy"],
        "released": (2019, 0, 0),
        "open_weights": True,
        "license": "MIT",
    },
}
ALL = set(RECORDS)


def matching(text: str) -> set[str]:
    """The keys of the records that ``text`` selects."""
    selected = compile_filter(text, FIELDS)
    return {key for key, record in RECORDS.items() if selected(record)}


# -- semantics -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # numbers, every comparison operator; missing values never compare
        ("gpqa > 80", {"flash", "o3"}),
        ("gpqa >= 83", {"o3"}),
        ("gpqa < 60", {"llama"}),
        ("gpqa <= 51.1", {"llama"}),
        ("gpqa == 83", {"o3"}),
        ("gpqa == 83.0", {"o3"}),
        ("gpqa != 83", {"flash", "llama"}),
        ("gpqa > -2", {"flash", "o3", "llama"}),
        ("mmlu-pro >= 8e1", {"flash"}),
        ("mmlu-pro > 0.5e2 and mmlu-pro < 75", {"llama"}),
        ("80 < gpqa", {"flash", "o3"}),
        ("gpqa > mmlu-pro", {"flash"}),
        ("2wiki == 61", {"flash"}),
        # strings are case-insensitive, in both quote styles
        ("provider == 'openai'", {"o3", "gpt2"}),
        ('name == "GEMINI 2.5 flash"', {"flash"}),
        ('provider < "n"', {"flash", "llama"}),
        ('provider != "OPENAI"', {"flash", "llama"}),
        # in: substring, list field, list literal, and their negations
        ('"FLASH" in name', {"flash"}),
        ('"flash" not in name', {"o3", "llama", "gpt2"}),
        ('name in "the o3 and o4 models"', {"o3"}),
        ('"reasoning" in tags', {"flash", "o3"}),
        ('"reasoning" not in tags', {"llama", "gpt2"}),
        ('provider in ["openai", "Meta"]', {"o3", "llama", "gpt2"}),
        ('provider not in ["openai", "meta",]', {"flash"}),
        ("gpqa in [83, 51.1]", {"o3", "llama"}),
        ("gpqa in []", set()),
        # dates compare at the precision both sides know
        ("released == 2024-12", {"o3"}),
        ("released >= 2025-01", {"flash"}),
        ("released < 2024-12-11", {"llama", "gpt2"}),
        ("released == 2024-12-11", {"o3"}),
        ("released == 2019-06", {"gpt2"}),
        ("released > 2024-07-22 and released < 2024-07-24", {"llama"}),
        ("released >= 2025", {"flash"}),
        ("released == 2024", {"o3", "llama"}),
        ("released in [2024-07, 2019-01]", {"llama", "gpt2"}),
        # null, booleans and bare fields
        ("license == null", {"o3"}),
        ("license != NONE", {"flash", "llama", "gpt2"}),
        ("swe-bench.verified == null", ALL),
        ("null == mmlu-pro", {"o3", "gpt2"}),
        ("open_weights", {"llama", "gpt2"}),
        ("open_weights == true", {"llama", "gpt2"}),
        ("open_weights != True", {"flash", "o3"}),
        ("not open_weights", {"flash", "o3"}),
        ("tags", {"flash", "o3", "gpt2"}),
        ("true", ALL),
        ("FALSE", set()),
        # missing values: the comparison is false, so its negation is true
        ("not (gpqa > 80)", {"llama", "gpt2"}),
        ("not gpqa > 80", {"llama", "gpt2"}),
        ("not not gpqa > 80", {"flash", "o3"}),
        # incompatible types are false, never an error
        ("name > 5", set()),
        ('gpqa == "83"', set()),
        ('gpqa != "83"', set()),
        ("open_weights == 1", set()),
        ('released == "2024"', set()),
        ('tags == "Reasoning"', set()),
        ("5 in name", set()),
        ("released == 2024-12 and gpqa in tags", set()),
        # precedence: not > and > or; parentheses override
        ('provider == "meta" or provider == "google" and gpqa > 90', {"llama"}),
        ('(provider == "meta" or provider == "google") and gpqa > 90', set()),
        ('not provider == "meta" and gpqa > 80', {"flash", "o3"}),
        ('not (provider == "meta" or gpqa > 80)', {"gpt2"}),
        ("gpqa > 80 or open_weights and license == 'mit'", {"flash", "o3", "gpt2"}),
        ("((gpqa > 80)) and ((((true))))", {"flash", "o3"}),
        # keywords are case-insensitive
        ('provider IN ["meta"] Or gpqa > 82.9', {"o3", "llama"}),
        ('provider Not In ["meta"] AND NOT open_weights', {"flash", "o3"}),
    ],
)
def test_semantics(text: str, expected: set[str]) -> None:
    assert matching(text) == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("""name == "it's" """, "it's"),
        (r"name == 'it\'s'", "it's"),
        (r'name == "say \"hi\""', 'say "hi"'),
        (r"name == 'back\\slash'", "back\\slash"),
        ('name == ""', ""),
        ("name == 'ünïcödé ✓'", "ünïcödé ✓"),
        ("gpqa == 70", 70),
        ("gpqa == 3.5", 3.5),
        ("gpqa == 1e3", 1000.0),
        ("gpqa == -2", -2),
        ("gpqa == .5", 0.5),
    ],
)
def test_literals(text: str, value: Any) -> None:
    expr = compile_filter(text, FIELDS).expr
    assert isinstance(expr, Comparison)
    assert expr.right == Constant(value)


def test_filter_attributes() -> None:
    selected = compile_filter("gpqa > 70 and ('x' in tags or name == 'y')", FIELDS)
    assert isinstance(selected, Filter)
    assert selected.text == "gpqa > 70 and ('x' in tags or name == 'y')"
    assert selected.fields == {"gpqa", "tags", "name"}
    assert compile_filter("true", FIELDS).fields == frozenset()
    assert compile_filter("x > 1", ["x"])({"x": 2}) is True


def test_operators_are_documented() -> None:
    assert set(OPERATORS) == {"==", "!=", "<", "<=", ">", ">=", "in", "not in", "and", "or", "not"}


def test_records_may_lack_fields_and_hold_odd_values() -> None:
    selected = compile_filter("gpqa > 1 or 'a' in tags or released > 2020-01", FIELDS)
    assert selected({}) is False
    odd: dict[str, Any] = {"gpqa": float("nan"), "tags": ["b", 3], "released": (2020, 1)}
    assert selected(odd) is False
    assert selected({"gpqa": 10**400}) is True
    assert compile_filter("gpqa < 1e999", FIELDS)({"gpqa": 10**400}) is True


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("", "empty filter", 1),
        ("  \n ", "empty filter", 1),
        ("gpqa >=", "expected a value after '>=', found end of input", 8),
        (">= 70", "expected a condition, found '>='", 1),
        ("gpqa > 70 and", "expected a condition after 'and', found end of input", 14),
        ('name == "flash', "unterminated string", 9),
        ("name == 'a\\n'", "unknown escape '\\n'; a backslash only escapes a quote or '\\'", 11),
        ("gpqa @ 3", "unexpected character '@'", 6),
        ("gpqa > 1;", "unexpected character ';'", 9),
        ("gpqa = 70", "use '==' to compare", 6),
        ("!open_weights", "use 'not' to negate, or '!=' to compare", 1),
        ("gpqa > 7 && gpqa < 9", "use 'and' instead of '&'", 10),
        ("gpqa > 7 || gpqa < 9", "use 'or' instead of '|'", 10),
        ("gpqa ** 2 > 1", "arithmetic ('**') is not supported", 6),
        ("gpqa + 1 > 2", "arithmetic ('+') is not supported", 6),
        ("gpq > 70", "unknown field 'gpq'; did you mean 'gpqa'?", 1),
        ("GPQA > 70", "unknown field 'GPQA'; did you mean 'gpqa'?", 1),
        ("x > 1 and gpqa > 1", "unknown field 'x'", 1),
        ("gpqa > 1 and __class__", "unknown field '__class__'", 14),
        ("name.upper", "unknown field 'name.upper'; attribute access is not supported", 1),
        ("lambda: 1", "unknown field 'lambda'; Python syntax is not supported", 1),
        ("len(name) > 3", "calls are not allowed", 4),
        ("tags[0] == 'a'", "indexing is not allowed", 5),
        ("(gpqa > 70", "missing ')' to close the '(' at column 1", 11),
        ("gpqa > 70)", "unmatched ')'", 10),
        ("(gpqa > 70 gpqa)", "expected 'and', 'or' or ')', found 'gpqa'", 12),
        ("gpqa > 70 gpqa < 90", "expected 'and', 'or' or end of input, found 'gpqa'", 11),
        ("gpqa < 80 < 90", "comparisons cannot be chained; join them with 'and'", 11),
        ("gpqa 70", "expected an operator after 'gpqa', found '70'", 6),
        ("70", "expected an operator after '70', found end of input", 3),
        ('"flash" or gpqa > 1', "expected an operator after \"flash\", found 'or'", 9),
        ("license is null", "use '==' or '!=' instead of 'is'", 9),
        ("provider not ['a']", "expected 'in' after 'not', found '['", 14),
        ("gpqa > null", "null can only be compared with '==' or '!='", 8),
        ("provider in [null]", "null is not allowed in a list", 14),
        ("['a'] == provider", "a list can only be the right-hand side of 'in' or 'not in'", 1),
        ("provider == ['a']", "a list can only be the right-hand side of 'in' or 'not in'", 13),
        ("provider in ['a', name]", "lists may only contain literal values, found 'name'", 19),
        ("provider in ['a'", "missing ']' to close the '[' at column 13", 17),
        ("provider in ['a' 'b']", "expected ',' or ']' in the list, found 'b'", 18),
        ("tags in [['a']]", "lists cannot be nested", 10),
        ("released >= 2024-13", "invalid date '2024-13': the month must be between 1 and 12", 13),
        ("released >= 2024-00", "invalid date '2024-00': the month must be between 1 and 12", 13),
        (
            "released == 2023-02-29",
            "invalid date '2023-02-29': the day must be between 1 and 28",
            13,
        ),
        ("released > 24-01", "invalid date '24-01': write dates as YYYY-MM or YYYY-MM-DD", 12),
        ("gpqa > 70abc", "invalid number '70abc'", 8),
        ("gpqa > 1.2.3", "invalid number '1.2.3'", 8),
        ("gpqa > -x", "arithmetic ('-') is not supported", 8),
    ],
)
def test_bad_filters(text: str, message: str, column: int) -> None:
    with pytest.raises(FilterError) as caught:
        compile_filter(text, FIELDS)
    assert (caught.value.message, caught.value.column) == (message, column)
    assert caught.value.text == text


def test_leap_day_is_a_valid_date() -> None:
    assert matching("released < 2024-02-29") == {"gpt2"}
    with pytest.raises(FilterError, match="between 1 and 28"):
        compile_filter("released < 1900-02-29", FIELDS)


def test_error_text_shows_a_caret() -> None:
    with pytest.raises(FilterError) as caught:
        compile_filter("gpqa >=", FIELDS)
    error = caught.value
    assert isinstance(error, ValueError)
    assert str(error) == (
        "expected a value after '>=', found end of input (column 8)\n  gpqa >=\n         ^"
    )


def test_error_text_of_long_filters_is_a_window() -> None:
    text = "gpqa > 1 and " * 100 + "gpqa @ 1"
    with pytest.raises(FilterError) as caught:
        compile_filter(text, FIELDS)
    _, excerpt, caret = str(caught.value).split("\n")
    assert len(excerpt) < 90
    assert excerpt[caret.index("^")] == "@"


def test_error_text_replaces_line_breaks() -> None:
    with pytest.raises(FilterError) as caught:
        compile_filter("gpqa > 1 and\n\tgpqa @ 1", FIELDS)
    assert caught.value.column == 20
    _, excerpt, caret = str(caught.value).split("\n")
    assert excerpt == "  gpqa > 1 and  gpqa @ 1"
    assert excerpt[caret.index("^")] == "@"


# -- hostile input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("__import__('os')", "calls are not allowed"),
        ("().__class__", "expected a condition after '(', found ')'"),
        ("lambda: 1", "unknown field 'lambda'; Python syntax is not supported"),
        ("[x for x in tags]", "lists may only contain literal values, found 'x'"),
        ("name.__class__", "unknown field 'name.__class__'; attribute access is not supported"),
        ("x" * 1_000_000, "the filter is too long (1,000,000 characters; the limit is 2,000)"),
        ("(" * 10_000 + "gpqa > 1" + ")" * 10_000, "the filter is too long"),
        ("(" * 900 + "gpqa > 1" + ")" * 900, "the filter is nested too deeply"),
        ("not " * 400 + "gpqa > 1", "the filter is nested too deeply"),
        ("[" * 1000, "lists cannot be nested"),
        ("gpqa > 1 and " * 160 + "gpqa > 1", "the filter is too long"),
    ],
)
def test_hostile_input_is_refused(text: str, message: str) -> None:
    """Refused by a bound on size or depth (not by running out of stack or time)."""
    with pytest.raises(FilterError) as caught:
        compile_filter(text, FIELDS)
    str(caught.value)
    assert caught.value.message.startswith(message)


def test_depth_limit() -> None:
    nested = "(" * MAX_DEPTH + "gpqa > 1" + ")" * MAX_DEPTH
    assert matching(nested) == {"flash", "o3", "llama"}
    with pytest.raises(FilterError) as caught:
        compile_filter("(" + nested + ")", FIELDS)
    assert caught.value.column == MAX_DEPTH + 1


def test_length_limit() -> None:
    longest = "gpqa > 1 or " * 166 + "true"
    assert len(longest) <= MAX_LENGTH
    assert matching(longest) == ALL
    assert compile_filter(" " * (MAX_LENGTH - 4) + "true", FIELDS)({}) is True
    with pytest.raises(FilterError) as caught:
        compile_filter(" " * (MAX_LENGTH - 3) + "true", FIELDS)
    assert caught.value.column == MAX_LENGTH + 1


def test_no_dynamic_evaluation_in_source() -> None:
    source = Path(filters.__file__).read_text(encoding="utf-8")
    for forbidden in (r"\beval\(", r"\bexec\(", r"literal_eval", r"(?<!re\.)\bcompile\(", "import"):
        if forbidden == "import":
            assert "__import__" not in source
        else:
            assert not re.search(forbidden, source), forbidden


# -- properties ------------------------------------------------------------------------------

FIELD_LIST = sorted(FIELDS)
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=8),
    st.tuples(st.integers(), st.integers(), st.integers()),
    st.tuples(st.integers(0, 2100), st.integers(0, 12), st.integers(0, 31)),
    st.lists(st.text(max_size=5), max_size=4),
    st.lists(st.text(max_size=5), max_size=4).map(tuple),
)
RECORD_LISTS = st.lists(st.dictionaries(st.sampled_from(FIELD_LIST), VALUES), max_size=5)
TOKENS = [
    *FIELD_LIST,
    *OPERATORS,
    *("AND", "Or", "NOT", "In", "true", "False", "null", "None"),
    *("70", "-2", "3.5", "1e3", ".5", "0", '"flash"', "'it\\'s'", '""', "2025-01", "2024-12-11"),
    *("(", ")", "[", "]", ","),
    *("=", "!", "@", "2024-13", '"open', "lambda", "f(", ".", "-", "**", "x", "_", "\\", "\n"),
]
SOUPS = st.lists(
    st.tuples(st.sampled_from(TOKENS), st.sampled_from(["", " ", " "])), max_size=25
).map(lambda parts: "".join(token + gap for token, gap in parts))
PROPERTY = settings(max_examples=300, deadline=None)

# Valid filters over every kind of operand, for the near-valid soups below.
LITERALS = st.sampled_from(
    ["70", "-2.5", "1e3", '"flash"', "'Reasoning'", "2025-01", "2024-12-11", "true", "FALSE"]
)
COMPARE_OPS = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])
VALID_ATOMS = st.one_of(
    st.builds("{} {} {}".format, st.sampled_from(FIELD_LIST), COMPARE_OPS, LITERALS),
    st.builds("{} IN {}".format, LITERALS, st.sampled_from(FIELD_LIST)),
    st.builds(
        "{} not in [{}]".format,
        st.sampled_from(FIELD_LIST),
        st.lists(LITERALS, max_size=3).map(", ".join),
    ),
    st.sampled_from(["open_weights", "tags", "true", "license == null", "none != mmlu-pro"]),
)
VALID_FILTERS = st.recursive(
    VALID_ATOMS,
    lambda inner: st.one_of(
        st.builds("{} and {}".format, inner, inner),
        st.builds("{} or {}".format, inner, inner),
        st.builds("not ({})".format, inner),
    ),
    max_leaves=8,
)


@st.composite
def near_valid(draw: st.DrawFn) -> str:
    """A valid filter with a few words inserted, deleted or replaced."""
    words = draw(VALID_FILTERS).split(" ")
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(words)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        token = draw(st.sampled_from(TOKENS))
        if action == "insert":
            words.insert(index, token)
        elif index < len(words):
            words[index : index + 1] = [] if action == "delete" else [token]
    return draw(st.sampled_from([" ", ""])).join(words)


def compile_and_run(text: str, records: list[dict[str, Any]]) -> None:
    """Compile ``text``; a failure must be a FilterError, a success must never raise."""
    try:
        selected = compile_filter(text, FIELDS)
    except FilterError as error:
        assert 1 <= error.column <= min(len(text), MAX_LENGTH) + 1
        assert str(error).startswith(error.message)
        return
    for record in records:
        assert isinstance(selected(record), bool)


@PROPERTY
@given(st.text(max_size=200), RECORD_LISTS)
def test_random_text_raises_only_filter_error(text: str, records: list[dict[str, Any]]) -> None:
    compile_and_run(text, records)


@PROPERTY
@given(st.one_of(SOUPS, near_valid()), RECORD_LISTS)
def test_token_soup_raises_only_filter_error(text: str, records: list[dict[str, Any]]) -> None:
    compile_and_run(text, records)


@PROPERTY
@given(VALID_FILTERS, RECORD_LISTS)
def test_valid_filters_compile_and_never_raise(text: str, records: list[dict[str, Any]]) -> None:
    selected = compile_filter(text, FIELDS)
    for record in records:
        assert isinstance(selected(record), bool)


# A reference evaluation: random expression trees over numeric fields, printed with the
# fewest parentheses the precedence rules allow, must agree with plain Python.

Tree = tuple[Any, ...]
NUMERIC = ["gpqa", "mmlu-pro"]
PYTHON_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
PRECEDENCE = {"or": 1, "and": 2, "not": 3}
NUMBERS = st.one_of(st.integers(-100, 100), st.floats(-100, 100).map(lambda x: round(x, 2)))
ATOMS = st.one_of(
    st.tuples(st.just("cmp"), st.sampled_from(NUMERIC), st.sampled_from(list(PYTHON_OPS)), NUMBERS),
    st.tuples(st.just("null"), st.sampled_from(NUMERIC)),
)


def trees(depth: int) -> st.SearchStrategy[Tree]:
    if depth == 0:
        return ATOMS
    sub = trees(depth - 1)
    return st.one_of(
        ATOMS,
        st.tuples(st.just("not"), sub),
        st.tuples(st.sampled_from(["and", "or"]), sub, sub),
    )


def render(tree: Tree) -> str:
    kind = tree[0]
    if kind == "cmp":
        return f"{tree[1]} {tree[2]} {tree[3]!r}"
    if kind == "null":
        return f"{tree[1]} == null"
    if kind == "not":
        return f"not {wrap(tree[1], PRECEDENCE['not'])}"
    return f" {kind} ".join(wrap(child, PRECEDENCE[kind]) for child in tree[1:])


def wrap(tree: Tree, minimum: int) -> str:
    text = render(tree)
    return f"({text})" if PRECEDENCE.get(tree[0], 4) < minimum else text


def reference(tree: Tree, record: Mapping[str, Any]) -> bool:
    kind = tree[0]
    if kind == "cmp":
        value = record.get(tree[1])
        return value is not None and PYTHON_OPS[tree[2]](value, tree[3])
    if kind == "null":
        return record.get(tree[1]) is None
    if kind == "not":
        return not reference(tree[1], record)
    results = [reference(child, record) for child in tree[1:]]
    return all(results) if kind == "and" else any(results)


NUMERIC_RECORDS = st.lists(
    st.dictionaries(
        st.sampled_from(NUMERIC),
        st.one_of(st.none(), NUMBERS, st.integers(), st.floats(allow_nan=False)),
    ),
    min_size=1,
    max_size=6,
)


@PROPERTY
@given(trees(4), NUMERIC_RECORDS)
def test_agrees_with_reference_evaluation(tree: Tree, records: list[dict[str, Any]]) -> None:
    text = render(tree)
    selected = compile_filter(text, FIELDS)
    for record in records:
        assert selected(record) == reference(tree, record), (text, record)
