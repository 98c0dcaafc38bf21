"""A corpus of broken data files: each one warns at its file and line, and nothing else breaks.

Every case is a table row: the files it adds beside a small valid base catalog,
the problems expected (subtype, line, a fragment of the message) and the case's
models that still load. Most cases go through :func:`load_catalog` directly (what
the build uses); a representative set goes through real Sphinx builds, and one
build reads the whole corpus at once.
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sphinx_modelcards import cli
from sphinx_modelcards.data import sources
from sphinx_modelcards.data.catalog import Catalog, Problem
from sphinx_modelcards.data.loading import Sources, load_catalog

from conftest import warnings_of

# The base catalog -------------------------------------------------------------------------------

BASE_FILES: dict[str, str | bytes] = {
    "labs.yaml": "- id: acme\n  name: Acme Research\n- id: borealis\n  name: Borealis Labs\n",
    "tags.yaml": (
        "- id: sota\n  name: SOTA\n- id: reasoning\n  name: Reasoning\n"
        "- id: open-weights\n  name: Open weights\n"
    ),
    "base-alpha.yaml": (
        "id: base-alpha\nname: Base Alpha\nlab: acme\nreleased: 2024-06\naccess: public\n"
        "architecture: dense\nparameters_b: 7\ntraining_tokens_b: 2000\n"
        "benchmarks:\n  mmlu: 60.5\ntags: [Open weights]\n"
        "links:\n  - kind: paper\n    url: https://example.org/alpha\n"
    ),
    # A byte order mark is allowed.
    "base-beta.json": (
        '\ufeff{\n  "id": "base-beta",\n  "name": "Base Beta",\n  "lab": "borealis",\n'
        '  "released": "2025-01-15",\n  "benchmarks": {"gpqa": 41.0, "mmlu": null},\n'
        '  "tags": ["Reasoning"]\n}\n'
    ),
    "base-gamma.toml": (
        'id = "base-gamma"\nname = "Base Gamma"\nlab = "acme"\nreleased = "TBA"\n'
        'architecture = "moe"\nparameters_b = 100\nactive_parameters_b = 10\n'
        'tags = ["SOTA"]\n\n[benchmarks]\nmmlu = 88\n'
    ),
}
BASE_IDS = frozenset({"base-alpha", "base-beta", "base-gamma"})


def write_data(data: Path, cases: Iterable[Case]) -> None:
    """The base catalog under ``data/base`` and each case under ``data/cases/<key>``."""
    files = {f"base/{name}": content for name, content in BASE_FILES.items()}
    for case in cases:
        files.update({f"cases/{case.key}/{name}": content for name, content in case.files.items()})
    for name, content in files.items():
        path = data / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


# The corpus -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """One expected problem: subtype, line (None: the whole file), message fragment, file."""

    subtype: str
    line: int | None
    fragment: str
    file: str | None = None  # the case's first file when None


@dataclass(frozen=True)
class Case:
    key: str
    files: Mapping[str, str | bytes]
    expect: tuple[Expect, ...]
    kept: tuple[str, ...] = ()  # ids of the case's models that still load

    def path(self, data: Path, expect: Expect) -> str:
        name = expect.file or next(iter(self.files))
        return str(data / "cases" / self.key / name)


CASES: list[Case] = []

Exp = tuple[Any, ...]


def add(key: str, name: str, content: str | bytes, *expect: Exp, kept: Iterable[str] = ()) -> None:
    """One file, its expected problems as ``(subtype, line, fragment[, file])`` tuples."""
    add_files(key, {name: content}, *expect, kept=kept)


def add_files(
    key: str, files: Mapping[str, str | bytes], *expect: Exp, kept: Iterable[str] = ()
) -> None:
    assert key not in {c.key for c in CASES}, key
    CASES.append(Case(key, dict(files), tuple(Expect(*e) for e in expect), tuple(kept)))


def head(key: str, lab: str = "acme") -> str:
    """The three required fields (lines 1-3); the model id is the case key."""
    return f"id: {key}\nname: Case {key}\nlab: {lab}\n"


def field_case(key: str, lines: str, *expect: Exp, kept: bool = False) -> None:
    """A YAML model whose extra fields start at line 4."""
    add(key, f"{key}.yaml", head(key) + lines + "\n", *expect, kept=[key] if kept else [])


def bomb(levels: int = 9, indent: str = "  ") -> str:
    """The billion laughs: nine lists of nine aliases to the previous list."""
    names = "abcdefghi"[:levels]
    lines = [f"{indent}- &a [" + ", ".join(["lol"] * 9) + "]"]
    lines += [
        f"{indent}- &{name} [" + ", ".join([f"*{prev}"] * 9) + "]"
        for prev, name in itertools.pairwise(names)
    ]
    return "\n".join(lines)


NOT_A_MODEL = "expected a model (a mapping of fields) or a list of models"

# YAML syntax
add(
    "yaml-unclosed-flow",
    "m.yaml",
    head("yaml-unclosed-flow") + "tags: [SOTA, Reasoning\n",
    ("syntax", 4, "expected ',' or ']', but got"),
)
add(
    "yaml-bad-indent",
    "m.yaml",
    "id: yaml-bad-indent\nname: K\n  lab: acme\n",
    ("syntax", 3, "mapping values are not allowed"),
)
add(
    "yaml-tab-indent",
    "m.yaml",
    head("yaml-tab-indent") + "links:\n\t- url: https://a.example\n",
    ("syntax", 5, "cannot start any token"),
)
add(
    "yaml-unclosed-quote",
    "m.yaml",
    'id: yaml-unclosed-quote\nname: "K\nlab: acme\n',
    ("syntax", 3, "unexpected end of stream"),
)
add(
    "yaml-two-colons",
    "m.yaml",
    "id: yaml-two-colons\nname: a: b\nlab: acme\n",
    ("syntax", 2, "mapping values are not allowed"),
)
add(
    "yaml-undefined-alias",
    "m.yaml",
    "id: yaml-undefined-alias\nname: *nope\nlab: acme\n",
    ("syntax", 2, "undefined alias"),
)
add(
    "yaml-python-tag",
    "m.yaml",
    "!!python/object/apply:os.system ['echo pwned']\n",
    ("syntax", 1, "could not determine a constructor"),
)
add(
    "yaml-two-documents",
    "m.yaml",
    head("yaml-two-documents") + "---\n" + head("yaml-doc-2"),
    ("syntax", 4, "expected a single document"),
)
add(
    "yaml-bad-escape",
    "m.yaml",
    'id: yaml-bad-escape\nname: "bad \\q"\nlab: acme\n',
    ("syntax", 2, "unknown escape character"),
)
add(
    "yaml-stray-bracket",
    "m.yaml",
    "id: yaml-stray-bracket\n]\nlab: acme\n",
    ("syntax", 2, "expected <block end>, but found"),
)
add(
    "yaml-sequence-in-mapping",
    "m.yaml",
    "id: yaml-sequence-in-mapping\nname: K\n- lab: acme\n",
    ("syntax", 3, "expected <block end>, but found"),
)
add(
    "yaml-bad-binary",
    "m.yaml",
    "id: yaml-bad-binary\nname: !!binary not base64!!!\nlab: acme\n",
    ("syntax", 2, "failed to decode base64"),
)
add(
    "yaml-control-character",
    "m.yaml",
    "id: yaml-control-character\nname: K\x07\nlab: acme\n",
    ("syntax", 2, "character U+0007 is not allowed"),
)
field_case(
    "yaml-duplicate-key",
    "name: Case again",
    ("syntax", 4, "duplicate key 'name'; the last value is used"),
    kept=True,
)
field_case(
    "yaml-duplicate-nested-key",
    "benchmarks:\n  mmlu: 50\n  mmlu: 60",
    ("syntax", 6, "duplicate key 'benchmarks.mmlu'"),
    kept=True,
)

# JSON syntax
add(
    "json-trailing-comma",
    "m.json",
    '{\n  "id": "json-trailing-comma",\n  "name": "K",\n}\n',
    ("syntax", 4, "JSON syntax error: Expecting property name"),
)
add(
    "json-missing-comma",
    "m.json",
    '{\n  "id": "json-missing-comma"\n  "name": "K"\n}\n',
    ("syntax", 3, "Expecting ',' delimiter"),
)
add(
    "json-single-quotes",
    "m.json",
    "{'id': 'json-single-quotes'}",
    ("syntax", 1, "Expecting property name enclosed in double quotes"),
)
add(
    "json-comment",
    "m.json",
    '{\n  // a comment\n  "id": "json-comment"\n}\n',
    ("syntax", 2, "Expecting property name"),
)
add(
    "json-nan",
    "m.json",
    '{\n  "id": "json-nan", "name": "NaN", "lab": "acme",\n  "parameters_b": NaN\n}\n',
    ("syntax", 3, "NaN is not a JSON number"),
)
add(
    "json-infinity",
    "m.json",
    '{"id": "json-infinity", "name": "K", "lab": "acme",\n "benchmarks": {\n'
    '   "mmlu": -Infinity}}\n',
    ("syntax", 3, "-Infinity is not a JSON number"),
)
add(
    "json-truncated",
    "m.json",
    '{\n  "id": "json-truncated",\n',
    ("syntax", 2, "Expecting property name"),
)
add(
    "json-extra-data",
    "m.json",
    '{"id": "json-extra-data", "name": "K", "lab": "acme"}\n{}\n',
    ("syntax", 2, "Extra data"),
)
add(
    "json-bare-string",
    "m.json",
    '"just a string"\n',
    (
        "schema",
        1,
        f"{NOT_A_MODEL}, got a string ('just a string')",
    ),
)
add(
    "json-duplicate-key",
    "m.json",
    '{\n  "id": "json-duplicate-key",\n  "name": "K",\n  "lab": "acme",\n  "name": "K2"\n}\n',
    ("syntax", 5, "duplicate key 'name'"),
    kept=["json-duplicate-key"],
)
add(
    "json-wrong-type",
    "m.json",
    '{\n  "id": "json-wrong-type",\n  "name": "K",\n  "lab": "acme",\n  "parameters_b": "big"\n}\n',
    ("schema", 5, "parameters_b: Input should be a valid number"),
)

# TOML syntax
add(
    "toml-missing-value",
    "m.toml",
    'id = "toml-missing-value"\nname =\n',
    ("syntax", 2, "TOML syntax error: Invalid value"),
)
add(
    "toml-unclosed-string",
    "m.toml",
    'id = "toml-unclosed-string\nname = "K"\n',
    ("syntax", 1, "Illegal character"),
)
add(
    "toml-duplicate-key",
    "m.toml",
    'id = "toml-duplicate-key"\nname = "K"\nname = "L"\n',
    ("syntax", 3, "Cannot overwrite a value"),
)
add(
    "toml-duplicate-table",
    "m.toml",
    'id = "toml-duplicate-table"\nname = "K"\nlab = "acme"\n[benchmarks]\nmmlu = 1\n'
    "[benchmarks]\ngpqa = 2\n",
    ("syntax", 6, "Cannot declare ('benchmarks',) twice"),
)
add(
    "toml-bad-date",
    "m.toml",
    'id = "toml-bad-date"\nname = "K"\nlab = "acme"\nreleased = 2024-13-01\n',
    ("syntax", 4, "TOML dates are YYYY-MM-DD"),
)
add(
    "toml-month-date",
    "m.toml",
    'id = "toml-month-date"\nname = "K"\nlab = "acme"\nreleased = 2024-06\n',
    ("syntax", 4, "quote other dates"),
)
add(
    "toml-inline-table-newline",
    "m.toml",
    'id = "toml-inline-table-newline"\nlinks = [{url = "https://a.example",\n kind = "paper"}]\n',
    ("syntax", 2, "Invalid initial character for a key part"),
)
add("toml-key-with-space", "m.toml", "my key = 1\n", ("syntax", 1, "Expected '=' after a key"))
add(
    "toml-array-of-tables-typo",
    "m.toml",
    '[[model]]\nid = "toml-array-of-tables-typo"\nname = "K"\nlab = "acme"\n',
    ("schema", 1, "unknown section 'model' in a catalog file (did you mean 'models'?)"),
)
add(
    "toml-array-of-tables-bad-entry",
    "m.toml",
    '[[models]]\nid = "toml-aot-good"\nname = "Good"\nlab = "acme"\n\n'
    '[[models]]\nid = "toml-aot-bad"\nname = "Bad"\nlab = 3\n',
    ("schema", 9, "model 'toml-aot-bad': lab: Input should be a valid string (got 3)"),
    kept=["toml-aot-good"],
)
add(
    "toml-array-of-tables-unknown",
    "m.toml",
    '[[entries]]\nid = "toml-aot-unknown"\nname = "K"\nlab = "acme"\n',
    ("schema", 1, "model: id: required field is missing"),
    ("schema", 1, "model: name: required field is missing"),
    ("schema", 1, "model: lab: required field is missing"),
    ("schema", 1, "unknown field 'entries'"),
)

# Wrong types
add(
    "name-list",
    "m.yaml",
    "id: name-list\nname: [1, 2]\nlab: acme\n",
    ("schema", 2, "name: Input should be a valid string (got [1, 2])"),
)
add(
    "name-number",
    "m.yaml",
    "id: name-number\nname: 42\nlab: acme\n",
    ("schema", 2, "name: Input should be a valid string (got 42)"),
)
add(
    "name-null",
    "m.yaml",
    "id: name-null\nname: null\nlab: acme\n",
    ("schema", 2, "name: Input should be a valid string (got None)"),
)
add(
    "lab-number",
    "m.yaml",
    "id: lab-number\nname: K\nlab: 7\n",
    ("schema", 3, "lab: Input should be a valid string (got 7)"),
)
add(
    "id-number",
    "m.yaml",
    "id: 12\nname: K\nlab: acme\n",
    ("schema", 1, "id: Input should be a valid string (got 12)"),
)
field_case(
    "params-string",
    "parameters_b: big",
    ("schema", 4, "parameters_b: Input should be a valid number"),
)
field_case(
    "params-boolean",
    "parameters_b: true",
    ("schema", 4, "parameters_b: expected a number, not a boolean"),
)
field_case(
    "context-yes",
    "context_window: yes",
    ("schema", 4, "context_window: expected a number, not a boolean"),
)
field_case(
    "context-fraction",
    "context_window: 1.5",
    (
        "schema",
        4,
        "context_window: Input should be a valid integer, got a number with a "
        "fractional part (got 1.5)",
    ),
)
field_case(
    "benchmarks-list",
    "benchmarks: [mmlu, gpqa]",
    ("schema", 4, "benchmarks: Input should be a valid dictionary"),
)
field_case(
    "benchmark-score-text",
    "benchmarks:\n  mmlu: high",
    ("schema", 5, "benchmarks.mmlu: Input should be a valid number"),
)
field_case(
    "links-mapping",
    "links:\n  url: https://a.example",
    ("schema", 4, "links: Input should be a valid list"),
)
field_case(
    "link-string",
    "links:\n  - https://a.example",
    ("schema", 5, "links[0]: Input should be a valid dictionary"),
    kept=True,
)
field_case(
    "link-list",
    "links:\n  - [https://a.example, paper]",
    ("schema", 5, "links[0]: Input should be a valid dictionary"),
    kept=True,
)
field_case(
    "link-no-url",
    "links:\n  - kind: paper",
    ("schema", 5, "links[0].url: required field is missing; the link is left out"),
    kept=True,
)
field_case("tags-string", "tags: SOTA", ("schema", 4, "tags: Input should be a valid list"))
field_case(
    "tag-mapping", "tags:\n  - {a: b}", ("schema", 5, "tags[0]: Input should be a valid string")
)
field_case(
    "released-number",
    "released: 2024",
    ("schema", 4, "released: expected 'YYYY-MM', 'YYYY-MM-DD' or 'TBA'"),
)
field_case(
    "released-text",
    "released: soon",
    ("schema", 4, "released: expected 'YYYY-MM', 'YYYY-MM-DD' or 'TBA', got 'soon'"),
)
field_case(
    "access-open",
    "access: open",
    ("schema", 4, "access: Input should be 'public', 'limited', 'private' or 'unknown'"),
)
field_case("notes-list", "notes: [a, b]", ("schema", 4, "notes: Input should be a valid string"))
field_case("summary-empty", 'summary: ""', ("schema", 4, "summary: must not be empty"))
add(
    "name-blank",
    "m.yaml",
    'id: name-blank\nname: "   "\nlab: acme\n',
    ("schema", 2, "name: must not be empty"),
)
field_case(
    "summary-too-long",
    "summary: " + "x" * 1001,
    ("schema", 4, "summary: at most 1,000 characters (got 1,001)"),
)
field_case(
    "dataset-types-mapping",
    "dataset_types: {web: 1}",
    ("schema", 4, "dataset_types: Input should be a valid list"),
)
field_case(
    "last-updated-text",
    "last_updated: yesterday",
    ("schema", 4, "last_updated: Input should be a valid date"),
)

# Out-of-range values
field_case(
    "params-negative",
    "parameters_b: -1",
    ("schema", 4, "parameters_b: Input should be greater than 0 (got -1)"),
)
field_case("params-zero", "parameters_b: 0", ("schema", 4, "parameters_b: Input should be greater"))
field_case(
    "params-nan", "parameters_b: .nan", ("schema", 4, "parameters_b: expected a finite number")
)
field_case(
    "tokens-infinite",
    "training_tokens_b: .inf",
    ("schema", 4, "training_tokens_b: expected a finite number"),
)
field_case(
    "score-above-100",
    "benchmarks:\n  mmlu: 100.5",
    ("schema", 5, "benchmarks.mmlu: Input should be less than or equal to 100 (got 100.5)"),
)
field_case(
    "score-negative",
    "benchmarks:\n  gpqa: -3",
    ("schema", 5, "benchmarks.gpqa: Input should be greater than or equal to 0"),
)
field_case(
    "score-nan",
    "benchmarks:\n  gpqa: .nan",
    ("schema", 5, "benchmarks.gpqa: expected a finite number"),
)
field_case(
    "released-month-13",
    "released: 2024-13",
    ("schema", 4, "released: month 13 is not between 1 and 12 (got '2024-13')"),
)
field_case(
    "released-month-0", "released: 2024-00", ("schema", 4, "month 0 is not between 1 and 12")
)
field_case(
    "released-day-13-month",
    "released: 2024-13-01",
    ("schema", 4, "released: month 13 is not between 1 and 12"),
)
field_case(
    "released-feb-30",
    "released: 2024-02-30",
    ("schema", 4, "released: '2024-02-30' is not a calendar date"),
)
field_case(
    "released-feb-29-2023",
    'released: "2023-02-29"',
    ("schema", 4, "'2023-02-29' is not a calendar date"),
)
field_case(
    "last-updated-month-13",
    "last_updated: 2024-13-01",
    ("schema", 4, "last_updated: Input should be a valid date"),
)
field_case(
    "context-zero", "context_window: 0", ("schema", 4, "context_window: Input should be greater")
)
field_case("context-negative", "context_window: -8", ("schema", 4, "(got -8)"))
field_case(
    "active-above-total",
    "parameters_b: 10\nactive_parameters_b: 20",
    ("schema", 5, "active_parameters_b: 20 is above parameters_b (10)"),
)

# Unknown fields
field_case(
    "typo-name",
    "nmae: Other",
    ("schema", 4, "unknown field 'nmae' (did you mean 'name'?); expected one of: id, name"),
)
field_case(
    "typo-parameters",
    "paramters_b: 7",
    ("schema", 4, "unknown field 'paramters_b' (did you mean 'parameters_b'?)"),
)
field_case(
    "typo-benchmarks",
    "benchmark:\n  mmlu: 50",
    ("schema", 4, "unknown field 'benchmark' (did you mean 'benchmarks'?)"),
)
field_case(
    "typo-link-url",
    "links:\n  - uri: https://a.example",
    ("schema", 5, "links[0].url: required field is missing"),
    ("schema", 5, "unknown field 'uri' (did you mean 'url'?); expected one of: kind, url"),
    kept=True,
)
field_case("unknown-field", "zzz: 1", ("schema", 4, "unknown field 'zzz'; expected one of"))
add(
    "catalog-section-typo",
    "m.yaml",
    "modells:\n  - " + head("catalog-section-typo").replace("\n", "\n    "),
    ("schema", 1, "unknown section 'modells' in a catalog file (did you mean 'models'?)"),
)
add(
    "lab-registry-unknown-field",
    "labs.yaml",
    "- id: lab-registry-unknown-field\n  name: K Lab\n  homepage: https://k.example\n",
    ("schema", 3, "lab 'lab-registry-unknown-field': unknown field 'homepage'"),
)

# Empty files
add("empty-yaml", "m.yaml", "", ("syntax", 1, "file is empty"))
add("blank-yaml", "m.yaml", "  \n\n\t\n", ("syntax", 1, "file is empty"))
add("comment-only-yaml", "m.yaml", "# nothing here\n", ("syntax", 1, "file holds no data"))
add(
    "null-yaml",
    "m.yaml",
    "null\n",
    ("schema", 1, f"{NOT_A_MODEL}, got null"),
)
add("empty-mapping-yaml", "m.yaml", "{}\n", ("syntax", 1, "file holds no data"))
add("empty-json", "m.json", "", ("syntax", 1, "file is empty"))
add("empty-object-json", "m.json", "{}", ("syntax", 1, "file holds no data"))
add("empty-toml", "m.toml", "", ("syntax", 1, "file is empty"))
add("comment-only-toml", "m.toml", "# nothing\n", ("syntax", 1, "file holds no data"))

# A list (or a scalar) where a mapping belongs, and the reverse
add(
    "list-of-strings",
    "m.yaml",
    "- a\n- b\n",
    ("schema", 1, "expected a model (a mapping of fields), got a string ('a')"),
    ("schema", 2, "expected a model (a mapping of fields), got a string ('b')"),
)
add("nested-list", "m.yaml", "- - id: nested-list\n", ("schema", 1, "got a list"))
add(
    "labs-registry-mapping",
    "labs.yaml",
    "id: labs-registry-mapping\nname: K\n",
    ("schema", 1, "expected a list of labs, got a mapping"),
)
add(
    "catalog-models-null",
    "m.yaml",
    "models:\n",
    ("schema", 1, f"{NOT_A_MODEL}, got null"),
)
add(
    "catalog-models-string",
    "m.yaml",
    "models: everything\n",
    ("schema", 1, f"{NOT_A_MODEL}, got a string ('everything')"),
)

# Duplicate ids
add_files(
    "dup-across-files",
    {"a.yaml": head("dup-x"), "b.yaml": head("dup-x")},
    ("duplicate", 1, "duplicate model id 'dup-x', first defined at ", "b.yaml"),
    kept=["dup-x"],
)
add(
    "dup-with-base",
    "m.yaml",
    head("base-alpha"),
    ("duplicate", 1, "duplicate model id 'base-alpha', first defined at "),
)
add(
    "dup-in-catalog-file",
    "m.yaml",
    "- id: dup-y\n  name: A\n  lab: acme\n- id: dup-y\n  name: B\n  lab: acme\n",
    ("duplicate", 4, "duplicate model id 'dup-y'"),
    kept=["dup-y"],
)
add(
    "dup-lab",
    "labs.yaml",
    "- id: acme\n  name: Acme again\n",
    ("duplicate", 1, "duplicate lab id 'acme', first defined at "),
)
add_files(
    "dup-across-formats",
    {"z.yaml": head("dup-z"), "z.json": '{"id": "dup-z", "name": "Z", "lab": "acme"}'},
    ("duplicate", 1, "duplicate model id 'dup-z'", "z.yaml"),
    kept=["dup-z"],
)

# References to unknown entries (the model stays, with a warning)
add(
    "unknown-lab",
    "m.yaml",
    head("unknown-lab", lab="acmee"),
    (
        "reference",
        3,
        "model 'unknown-lab': lab: unknown lab 'acmee' (did you mean 'acme'?); "
        "declare it in the labs registry",
    ),
    kept=["unknown-lab"],
)
field_case(
    "unknown-architecture",
    "architecture: transformer",
    ("reference", 4, "architecture: unknown architecture 'transformer'"),
    kept=True,
)
field_case(
    "unknown-architecture-typo",
    "architecture: dence",
    ("reference", 4, "unknown architecture 'dence' (did you mean 'dense'?)"),
    kept=True,
)
field_case(
    "unknown-benchmark",
    "benchmarks:\n  mmlu: 50\n  mmlu_pro: 40",
    (
        "reference",
        6,
        "benchmarks.mmlu_pro: unknown benchmark 'mmlu_pro' (did you mean 'mmlu-pro'?)",
    ),
    kept=True,
)
field_case(
    "unknown-tag",
    "tags: [SOTA, Vision]",
    ("reference", 4, "tags[1]: unknown tag 'Vision'; declare it in the tags registry"),
    kept=True,
)
field_case(
    "unknown-tag-block",
    "tags:\n  - Reasoning\n  - Multilingual",
    ("reference", 6, "tags[1]: unknown tag 'Multilingual'"),
    kept=True,
)

# Ids that are not slugs
add(
    "id-space",
    "m.yaml",
    "id: my model\nname: K\nlab: acme\n",
    (
        "schema",
        1,
        "id: an id is a lowercase slug of a-z, 0-9, '.', '-' and '_' starting with "
        "a letter or digit (did you mean 'my-model'?) (got 'my model')",
    ),
)
add("id-slash", "m.yaml", "id: a/b\nname: K\nlab: acme\n", ("schema", 1, "(did you mean 'a-b'?)"))
add(
    "id-dotdot",
    "m.yaml",
    "id: ..\nname: K\nlab: acme\n",
    ("schema", 1, "starting with a letter or digit (got '..')"),
)
add(
    "id-path-traversal",
    "m.yaml",
    "id: ../../etc/passwd\nname: K\nlab: acme\n",
    ("schema", 1, "(did you mean 'etc-passwd'?)"),
)
add(
    "id-non-ascii",
    "m.yaml",
    "id: modèle\nname: K\nlab: acme\n",
    ("schema", 1, "(did you mean 'modele'?) (got 'modèle')"),
)
add(
    "id-uppercase",
    "m.yaml",
    "id: Acme-X\nname: K\nlab: acme\n",
    ("schema", 1, "(did you mean 'acme-x'?)"),
)
add(
    "id-dot-start",
    "m.yaml",
    "id: .hidden\nname: K\nlab: acme\n",
    ("schema", 1, "(did you mean 'hidden'?)"),
)
add(
    "id-backslash",
    "m.yaml",
    'id: "a\\\\b"\nname: K\nlab: acme\n',
    ("schema", 1, "(did you mean 'a-b'?)"),
)
add(
    "id-empty",
    "m.yaml",
    'id: ""\nname: K\nlab: acme\n',
    ("schema", 1, "id: an id is a lowercase slug"),
)
add(
    "id-too-long",
    "m.yaml",
    f"id: {'a' * 121}\nname: K\nlab: acme\n",
    ("schema", 1, "id: an id is at most 120 characters"),
)
add(
    "lab-id-spaces",
    "m.yaml",
    "id: lab-id-spaces\nname: K\nlab: Acme Research\n",
    ("schema", 3, "lab: an id is a lowercase slug"),
)

# Huge, hostile and deep inputs
field_case(
    "notes-10-mb",
    "notes: " + "a" * (10 * 1024 * 1024),
    ("schema", 4, "notes: at most 20,000 characters (got 10,485,760)"),
)
field_case(
    "alias-bomb-unknown-field", "x-bomb:\n" + bomb(), ("schema", 4, "unknown field 'x-bomb'")
)
field_case(
    "alias-bomb-in-notes",
    "notes:\n" + bomb(),
    ("schema", 4, "notes: Input should be a valid string (got [['lol', 'lol',"),
)
add(
    "alias-bomb-catalog",
    "m.yaml",
    "models:\n" + bomb(),
    *[("schema", 2 + i, "expected a model (a mapping of fields), got a list") for i in range(9)],
)
field_case(
    "recursive-alias",
    "tags: &loop [*loop]",
    ("syntax", 4, "a value contains itself (a recursive YAML alias)"),
)
field_case(
    "yaml-flow-5000-deep",
    "notes: " + "[" * 5000 + "]" * 5000,
    ("syntax", 4, "exceeded maximum nesting depth"),
)
field_case(
    "yaml-block-1200-deep",
    "notes:\n" + "".join(" " * (i + 1) + "-\n" for i in range(1200)),
    ("syntax", 1003, "exceeded maximum nesting depth"),
)
field_case(
    "yaml-100-deep",
    "notes: " + "[" * 100 + "]" * 100,
    ("syntax", 4, "data is nested more than 64 levels deep"),
)
add(
    "json-5000-deep",
    "m.json",
    '{"id": "json-5000-deep", "name": "K", "lab": "acme",\n "notes": '
    + "[" * 5000
    + "]" * 5000
    + "}",
    ("syntax", 2, "data is nested more than 64 levels deep"),
)
add(
    "json-100-deep",
    "m.json",
    '{"id": "json-100-deep", "name": "K", "lab": "acme",\n "notes": ' + "[" * 100 + "]" * 100 + "}",
    ("syntax", 2, "data is nested more than 64 levels deep"),
)
add(
    "toml-2000-deep",
    "m.toml",
    'id = "toml-2000-deep"\nnotes = ' + "[" * 2000 + "]" * 2000 + "\n",
    ("syntax", 2, "data is nested more than 64 levels deep"),
)
add(
    "toml-100-deep",
    "m.toml",
    'id = "toml-100-deep"\nnotes = ' + "[" * 100 + "]" * 100 + "\n",
    ("syntax", 2, "data is nested more than 64 levels deep"),
)

# Encodings
add(
    "latin-1",
    "m.yaml",
    b"id: latin-1\nname: Mod\xe8le\nlab: acme\n",
    ("syntax", 2, "not UTF-8 text (byte 0xe8)"),
)
add(
    "utf-16", "m.yaml", head("utf-16").encode("utf-16"), ("syntax", 1, "not UTF-8 text (byte 0xff)")
)
add(
    "nul-bytes",
    "m.yaml",
    b"id: nul-bytes\x00\nname: K\nlab: acme\n",
    ("syntax", 1, "file contains NUL bytes"),
)
add(
    "latin-1-json",
    "m.json",
    b'{"id": "latin-1-json",\n "name": "\xe9"}',
    ("syntax", 2, "not UTF-8 text (byte 0xe9)"),
)

# Links: only http(s) and relative URLs
URL_REFUSED = "only http(s) and relative links are allowed"
URL_CHARS = "a URL may not contain spaces, quotes or angle brackets"
for key, url, fragment in [
    (
        "url-javascript",
        "javascript:alert(1)",
        f"{URL_REFUSED} (got 'javascript:alert(1)'); the link is left out",
    ),
    ("url-javascript-mixed-case", "JaVaScRiPt:alert(1)", URL_REFUSED),
    ("url-javascript-padded", '"  javascript:alert(1)"', URL_REFUSED),
    ("url-data", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", URL_REFUSED),
    ("url-file", "file:///etc/passwd", URL_REFUSED),
    ("url-vbscript", "vbscript:msgbox(1)", URL_REFUSED),
    ("url-mailto", "mailto:someone@example.org", URL_REFUSED),
    ("url-protocol-relative", "//evil.example/x", URL_REFUSED),
    (
        "url-quote",
        '"https://a.example/\\"onmouseover=alert(1)"',
        URL_CHARS,
    ),
    (
        "url-tab",
        '"java\\tscript:alert(1)"',
        URL_CHARS,
    ),
    ("url-empty", '""', "a link needs a URL"),
]:
    field_case(
        key,
        f"links:\n  - kind: paper\n    url: {url}",
        ("schema", 6, f"links[0].url: {fragment}"),
        kept=True,  # the model stays, without the link
    )
field_case(
    "url-and-another-error",
    "links:\n  - url: javascript:alert(1)\nparameters_b: -1",
    (
        "schema",
        5,
        f"links[0].url: {URL_REFUSED} (got 'javascript:alert(1)'); the model is left out",
    ),
    ("schema", 6, "parameters_b: Input should be greater than 0 (got -1); the model is left out"),
)
add(
    "lab-url-javascript",
    "labs.yaml",
    "- id: lab-url-javascript\n  name: K Lab\n  url: javascript:alert(1)\n",
    ("schema", 3, f"lab 'lab-url-javascript': url: {URL_REFUSED}"),
)
add(
    "benchmark-url-data",
    "benchmarks.yaml",
    "- id: benchmark-url-data\n  name: K Bench\n  url: data:text/html,x\n",
    ("schema", 3, f"benchmark 'benchmark-url-data': url: {URL_REFUSED}"),
)

# Registry entries
add(
    "lab-missing-name",
    "labs.yaml",
    "- id: lab-missing-name\n",
    ("schema", 1, "lab 'lab-missing-name': name: required field is missing; the lab is left out"),
)
add(
    "benchmark-band-order",
    "benchmarks.yaml",
    "- id: benchmark-band-order\n  name: K\n  bands:\n    - min: 50\n      max: 40\n"
    "      text: odd\n",
    ("schema", 4, "bands[0]: band max (40) must be above min (50); the benchmark is left out"),
)
add(
    "benchmark-scale-negative",
    "benchmarks.yaml",
    "- id: benchmark-scale-negative\n  name: K\n  scale: -5\n",
    ("schema", 3, "scale: Input should be greater than 0 (got -5)"),
)
add(
    "architecture-bad-id",
    "architectures.yaml",
    "- id: Mixture Of Experts\n  name: M\n",
    ("schema", 1, "(did you mean 'mixture-of-experts'?)"),
)
add(
    "tag-registry-no-name",
    "tags.yaml",
    "- id: tag-registry-no-name\n",
    ("schema", 1, "tag 'tag-registry-no-name': name: required field is missing"),
)

# Issue 22: cases found by trying the extension as a hostile or careless user would
URL_CONTROL = "a URL may not contain control characters (U+0001)"
for key, url, fragment in [
    # Browsers strip leading C0 controls: this would run as javascript:.
    ("url-c0-control", '"\\x01javascript:alert(1)"', URL_CONTROL),
    (
        "url-c0-control-inside",
        '"https://a.example/\\x7f"',
        "a URL may not contain control characters (U+007F)",
    ),
    # Browsers read a backslash as a slash: both lead to https://evil.example.
    ("url-slash-backslash", "/\\evil.example/x", URL_REFUSED),
    ("url-two-backslashes", "\\\\evil.example/y", URL_REFUSED),
    ("url-backslash-slash", "'\\/evil.example/z'", URL_REFUSED),
]:
    field_case(
        key,
        f"links:\n  - kind: paper\n    url: {url}",
        ("schema", 6, f"links[0].url: {fragment}"),
        kept=True,
    )
field_case(
    "ratio-overflow",
    "parameters_b: 1.0e-300\ntraining_tokens_b: 1.0e+300",
    ("schema", 5, "is a ratio too large to compute; the ratio is left out"),
    kept=True,
)
field_case(
    "yaml-sexagesimal",
    "parameters_b: 1:30",
    ("schema", 4, "parameters_b: Input should be a valid number"),
)
field_case(
    "yaml-sexagesimal-float",
    "training_tokens_b: 1:30.5",
    ("schema", 4, "training_tokens_b: Input should be a valid number"),
)
field_case("released-year-zero", "released: 0000-01", ("schema", 4, "year 0000 is not a real year"))
for key, model_id in [("id-windows-con", "con"), ("id-windows-com1", "com1.x"), ("id-dot", "a.")]:
    add(
        key,
        "m.yaml",
        f"name: K\nlab: acme\nid: '{model_id}'\n",
        ("schema", 3, "cannot be a file name on Windows"),
    )
add(
    "benchmark-id-is-a-column",
    "benchmarks.yaml",
    "- id: released\n  name: Released Bench\n",
    ("schema", 1, "benchmark id 'released' is the name of a leaderboard column"),
)
field_case(
    "model-benchmark-is-a-column",
    "benchmarks:\n  score: 50",
    ("schema", 5, "benchmark id 'score' is the name of a leaderboard column"),
)
add(
    "yaml-merge-key",
    "m.yaml",
    "- &base\n  id: merge-base\n  name: Base\n  lab: acme\n"
    "- <<: *base\n  id: merge-key\n  name: Merged\n",
    kept=["merge-base", "merge-key"],
)
field_case(
    "tag-non-latin",
    "tags: [多模态]",
    ("reference", 4, "tags[0]: unknown tag '多模态'"),
    kept=True,
)


# Loading each case ------------------------------------------------------------------------------


def located(problems: Iterable[Problem]) -> list[tuple[str, int | None, str]]:
    return sorted(((p.path, p.line, p.subtype) for p in problems), key=str)


def check_problems(case: Case, data: Path, problems: list[Problem]) -> None:
    """Exactly the expected problems: same files, lines and subtypes, messages that fit."""
    expected = [(case.path(data, e), e.line, e.subtype) for e in case.expect]
    assert located(problems) == sorted(expected, key=str), [str(p) for p in problems]
    unmatched = list(problems)
    for expect in case.expect:
        match = next(
            (
                p
                for p in unmatched
                if p.path == case.path(data, expect)
                and p.line == expect.line
                and p.subtype == expect.subtype
                and expect.fragment in p.message
            ),
            None,
        )
        assert match is not None, (expect, [p.message for p in unmatched])
        unmatched.remove(match)


def case_models(catalog: Catalog) -> set[str]:
    return set(catalog.models) - BASE_IDS


@pytest.mark.parametrize("case", CASES, ids=[c.key for c in CASES])
def test_broken_input_is_located(case: Case, tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_data(data, [case])
    catalog = load_catalog(Sources(data=(data,)))
    check_problems(case, data, catalog.problems)
    assert set(catalog.models) >= BASE_IDS
    assert case_models(catalog) == set(case.kept)


def test_the_corpus_is_large() -> None:
    assert len(CASES) >= 100
    assert sum(len(c.files) for c in CASES) >= 100


def test_base_catalog_is_clean(tmp_path: Path) -> None:
    write_data(tmp_path / "data", [])
    catalog = load_catalog(Sources(data=(tmp_path / "data",)))
    assert catalog.problems == []
    assert set(catalog.models) == BASE_IDS


def make_symlink_loop(data: Path) -> Path:
    """A link back to the data folder, and a link to itself; returns the first."""
    link = data / "base" / "again"
    link.symlink_to(data, target_is_directory=True)
    (data / "self.yaml").symlink_to(data / "self.yaml")  # cannot be resolved: skipped
    return link


def test_a_bad_link_costs_the_link_not_the_model(tmp_path: Path) -> None:
    data = tmp_path / "m.yaml"
    data.write_text(
        "id: m\nname: M\nlab: acme\nlinks:\n  - url: https://ok.example\n"
        "  - url: javascript:alert(1)\n    title: Click\n  - url: docs/x.html\n",
        encoding="utf-8",
    )
    catalog = load_catalog(Sources(data=(data,)))
    assert [link.url for link in catalog.models["m"].links] == ["https://ok.example", "docs/x.html"]
    assert [(p.line, p.subtype) for p in catalog.problems] == [(6, "schema")]
    assert catalog.problems[0].message == (
        "model 'm': links[1].url: only http(s) and relative links are allowed "
        "(got 'javascript:alert(1)'); the link is left out"
    )


def test_symlink_loop_is_reported_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_data(data, [])
    link = make_symlink_loop(data)
    catalog = load_catalog(Sources(data=(data,)))
    assert [(p.path, p.line, p.subtype) for p in catalog.problems] == [(str(link), None, "syntax")]
    assert catalog.problems[0].message.startswith("symbolic link loop: folder already read as")
    assert set(catalog.models) == BASE_IDS


def test_file_larger_than_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 1000)
    case = Case(
        "too-big",
        {"m.yaml": head("too-big") + "notes: " + "a" * 2000 + "\n"},
        (Expect("syntax", None, "file is larger than 0 MB"),),
    )
    data = tmp_path / "data"
    write_data(data, [case])
    catalog = load_catalog(Sources(data=(data,)))
    check_problems(case, data, catalog.problems)


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    case = Case(
        "unreadable",
        {"m.yaml": head("unreadable")},
        (Expect("syntax", None, "cannot read file: Permission denied"),),
    )
    write_data(data, [case])
    unreadable = data / "cases" / "unreadable" / "m.yaml"
    unreadable.chmod(0)
    if os.geteuid() == 0:  # root reads every file: refuse this one as the system would
        read_bytes = Path.read_bytes

        def refuse(path: Path) -> bytes:
            if path == unreadable:
                raise PermissionError(13, "Permission denied", str(path))
            return read_bytes(path)

        monkeypatch.setattr(Path, "read_bytes", refuse)
    catalog = load_catalog(Sources(data=(data,)))
    check_problems(case, data, catalog.problems)


# Real Sphinx builds -----------------------------------------------------------------------------

CONF = (
    'extensions = ["sphinx_modelcards"]\nmodelcards_data = "data"\nexclude_patterns = ["_build"]\n'
)
INDEX = "Catalog\n=======\n\n.. toctree::\n\n   catalog/index\n"


def write_project(srcdir: Path, cases: Iterable[Case], extra_rst: str = "") -> Path:
    srcdir.mkdir(parents=True, exist_ok=True)
    (srcdir / "conf.py").write_text(CONF, encoding="utf-8")
    (srcdir / "index.rst").write_text(INDEX + extra_rst, encoding="utf-8")
    write_data(srcdir / "data", cases)
    return (srcdir / "data").resolve()


def warning_line(problem: Problem) -> str:
    return f"{problem.location}: WARNING: {problem.message} [modelcards.{problem.subtype}]"


def expected_lines(case: Case, data: Path) -> list[str]:
    catalog = load_catalog(Sources(data=(data,)))
    check_problems(case, data, catalog.problems)
    return sorted(warning_line(p) for p in catalog.problems)


SPHINX_CASES = [
    "yaml-unclosed-flow",
    "json-trailing-comma",
    "toml-duplicate-table",
    "params-negative",
    "score-above-100",
    "released-feb-30",
    "typo-link-url",
    "dup-across-files",
    "unknown-lab",
    "unknown-tag",
    "id-path-traversal",
    "notes-10-mb",
    "alias-bomb-in-notes",
    "json-100-deep",
    "latin-1",
    "url-javascript",
    "yaml-duplicate-key",
    "active-above-total",
    "ratio-overflow",
    "url-c0-control",
    "tag-non-latin",
]
BY_KEY = {case.key: case for case in CASES}

MakeApp = Callable[..., Any]


def assert_built(app: Any, srcdir: Path, models: Iterable[str]) -> None:
    """Every given model has its page; no traceback anywhere."""
    out = Path(app.outdir)
    for model_id in models:
        assert (out / "catalog" / "models" / f"{model_id}.html").is_file(), model_id
    output = app.status.getvalue() + app.warning.getvalue()
    assert "Traceback" not in output
    assert "Exception occurred" not in output


@pytest.mark.parametrize("key", SPHINX_CASES)
def test_sphinx_build_warns_at_file_and_line(key: str, tmp_path: Path, make_app: MakeApp) -> None:
    case = BY_KEY[key]
    srcdir = tmp_path / "src"
    data = write_project(srcdir, [case])
    expected = expected_lines(case, data)
    app = make_app("html", srcdir=srcdir, warningiserror=True)
    app.build()
    assert sorted(warnings_of(app)) == expected
    assert app.statuscode == 1  # -W: the build fails
    assert_built(app, srcdir, BASE_IDS | set(case.kept))
    models = {p.stem for p in (Path(app.outdir) / "catalog" / "models").glob("*.html")}
    assert models == BASE_IDS | set(case.kept)


def test_sphinx_build_of_the_base_catalog_passes_with_w(tmp_path: Path, make_app: MakeApp) -> None:
    srcdir = tmp_path / "src"
    write_project(srcdir, [])
    app = make_app("html", srcdir=srcdir, warningiserror=True)
    app.build()
    assert warnings_of(app) == []
    assert app.statuscode == 0
    assert_built(app, srcdir, BASE_IDS)


def test_one_build_reads_the_whole_corpus(tmp_path: Path, make_app: MakeApp) -> None:
    srcdir = tmp_path / "src"
    data = write_project(srcdir, CASES)
    link = make_symlink_loop(data)
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = warnings_of(app)
    expected = [(f"{link}:: WARNING: ", "symbolic link loop", "syntax")]
    for case in CASES:
        for expect in case.expect:
            location = Problem(case.path(data, expect), expect.line, "", "").location
            expected.append((f"{location}: WARNING: ", expect.fragment, expect.subtype))
    remaining = list(warnings)
    for prefix, fragment, subtype in expected:
        suffix = f" [modelcards.{subtype}]"
        found = next(
            (w for w in remaining if w.startswith(prefix) and fragment in w and w.endswith(suffix)),
            None,
        )
        assert found is not None, (prefix, fragment)
        remaining.remove(found)
    assert remaining == []
    kept = BASE_IDS | {model_id for case in CASES for model_id in case.kept}
    assert_built(app, srcdir, kept)
    models = {p.stem for p in (Path(app.outdir) / "catalog" / "models").glob("*.html")}
    assert models == kept


@pytest.mark.parametrize("key", ["yaml-python-tag", "url-javascript", "json-nan"])
def test_sphinx_build_w_exits_with_an_error(key: str, tmp_path: Path) -> None:
    case = BY_KEY[key]
    srcdir = tmp_path / "src"
    data = write_project(srcdir, [case])
    expected = expected_lines(case, data)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "-q",
            "--no-color",
            "-b",
            "html",
            str(srcdir),
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert lines == expected


def test_deleted_data_file_between_builds(tmp_path: Path, make_app: MakeApp) -> None:
    """Build, delete a model's file, rebuild: the model and its page go, references warn."""
    srcdir = tmp_path / "src"
    data = write_project(
        srcdir,
        [],
        extra_rst="   prose\n",
    )
    (srcdir / "prose.rst").write_text(
        "Prose\n=====\n\nSee :mc:model:`base-gamma` and :mc:model:`base-alpha`.\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=srcdir, warningiserror=True)
    app.build()
    assert warnings_of(app) == []
    stub = srcdir / "catalog" / "models" / "base-gamma.rst"
    assert stub.is_file()
    assert 'href="catalog/models/base-gamma.html' in (Path(app.outdir) / "prose.html").read_text()

    app.cleanup()  # a second application in this process must not inherit the first's nodes
    (data / "base" / "base-gamma.toml").unlink()
    app2 = make_app("html", srcdir=srcdir, warningiserror=True)
    app2.build()
    assert not stub.exists()
    assert not (Path(app2.outdir) / "catalog" / "models" / "base-gamma.html").exists()
    warnings = warnings_of(app2)
    assert len(warnings) == 1, warnings
    assert re.search(r"prose\.rst:4: WARNING: unknown model id 'base-gamma'", warnings[0])
    prose = (Path(app2.outdir) / "prose.html").read_text()
    assert "base-gamma.html" not in prose
    assert 'href="catalog/models/base-alpha.html' in prose
    all_models = (Path(app2.outdir) / "catalog" / "all-models.html").read_text()
    assert "Base Gamma" not in all_models
    assert "Base Alpha" in all_models
    assert app2.statuscode == 1
    output = app2.status.getvalue() + app2.warning.getvalue()
    assert "Traceback" not in output


# The command line -------------------------------------------------------------------------------


def test_cli_validate_reports_the_same(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``sphinx-modelcards validate`` prints exactly the problems a build warns about."""
    data = tmp_path / "data"
    write_data(data, CASES)
    catalog = load_catalog(Sources(data=(data,)))
    status = cli.main(["validate", str(data)])
    captured = capsys.readouterr()
    assert status == 1
    assert captured.out.splitlines() == [str(p) for p in catalog.problems]
    for case in CASES:
        check_problems(case, data, [p for p in catalog.problems if f"/cases/{case.key}/" in p.path])
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    "text",
    [
        "id: x\nname: a: b\n",
        "id: x\ntags: [a, b\n",
        "id: x\nlinks:\n\t- url: https://a.example\n",
        'id: x\nname: "K\n',
    ],
)
def test_yaml_messages_do_not_depend_on_libyaml(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """The same message and line whether PyYAML was built with libyaml or not."""
    import yaml

    default = sources.parse_text(text, ".yaml").problem
    monkeypatch.setattr(sources, "_YamlLoader", yaml.SafeLoader)
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    pure = sources.parse_text(text, ".yaml").problem
    assert default is not None and default == pure
