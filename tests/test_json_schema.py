"""The published JSON Schema agrees with the loader on what a data file may hold.

Every demo data file passes both. For every case of the broken-input corpus, the
schema rejects a file only when the loader reports a ``schema`` problem in it, and
the loader's ``schema`` problems are rejected by the schema too, except for the few
rules JSON Schema cannot state (listed, with the reason, in ``NOT_EXPRESSIBLE``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from test_broken_inputs import CASES, Case, write_data

from sphinx_modelcards.cli import SCHEMA_KINDS, json_schema
from sphinx_modelcards.data.catalog import REGISTRY_KINDS
from sphinx_modelcards.data.loading import Sources, load_catalog
from sphinx_modelcards.data.sources import find_data_files, parse_file

ROOT = Path(__file__).resolve().parent.parent
DEMO_DIRS = [ROOT / "docs" / "data", ROOT.parent / "shared" / "examples"]

#: Broken-input cases whose rule JSON Schema cannot state -> why.
NOT_EXPRESSIBLE: dict[str, str] = {
    "params-nan": "JSON has no NaN",
    "score-nan": "JSON has no NaN",
    "tokens-infinite": "JSON has no infinity",
    "released-feb-30": "a calendar date in text that may also be YYYY-MM or TBA",
    "released-feb-29-2023": "a calendar date in text that may also be YYYY-MM or TBA",
    "active-above-total": "compares two fields",
    "benchmark-band-order": "compares two fields",
    "released-year-zero": "a calendar date in text that may also be YYYY-MM or TBA",
    "ratio-overflow": "a figure derived from two fields overflows",
}
#: Cases the schema cannot be run on -> why.
NOT_VALIDATED = {
    "alias-bomb": "as JSON, the expanded aliases are billions of values",
}


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft202012Validator]:
    schemas = {kind: json_schema(kind) for kind in SCHEMA_KINDS}
    for schema in schemas.values():
        Draft202012Validator.check_schema(schema)
    checker = Draft202012Validator.FORMAT_CHECKER  # ``last_updated`` is a "date"
    return {
        kind: Draft202012Validator(schema, format_checker=checker)
        for kind, schema in schemas.items()
    }


def _plain(data: object) -> object:
    """Values as JSON has them (YAML and TOML dates become text)."""
    return json.loads(json.dumps(data, default=str))


def _kind(path: Path) -> str:
    stem = path.stem.lower()
    return stem if stem in REGISTRY_KINDS else "catalog"


def _schema_errors(validator: Draft202012Validator, path: Path) -> list[str] | None:
    """The schema's complaints about ``path``; None when the file does not parse."""
    parsed = parse_file(path)
    if parsed.problem is not None:
        return None
    return [error.message for error in validator.iter_errors(_plain(parsed.data))]


def test_schema_writes_number_limits_as_json_schema_keywords() -> None:
    text = json.dumps([json_schema(kind) for kind in SCHEMA_KINDS])
    for pydantic_name in ('"gt"', '"ge"', '"lt"', '"le"'):
        assert pydantic_name not in text
    model = json_schema("model")["properties"]
    score = model["benchmarks"]["patternProperties"]
    # a score is a number, or a mapping whose ``value`` is one (its provenance)
    limits = {(n["minimum"], n["maximum"]) for s in score.values() for n in _numbers(s)}
    assert limits == {(0, 100)}
    assert {n["exclusiveMinimum"] for n in _numbers(model["parameters_b"])} == {0}


def _numbers(schema: object) -> list[dict[str, object]]:
    """Every ``{"type": "number", ...}`` inside ``schema``."""
    if isinstance(schema, dict):
        found = [schema] if schema.get("type") == "number" else []
        return found + [n for value in schema.values() for n in _numbers(value)]
    if isinstance(schema, list):
        return [n for item in schema for n in _numbers(item)]
    return []


def test_schema_rejects_a_score_the_build_rejects(
    validators: dict[str, Draft202012Validator],
) -> None:
    model = {"id": "m", "name": "M", "lab": "acme"}
    assert validators["model"].is_valid({**model, "benchmarks": {"mmlu": 100}})
    assert not validators["model"].is_valid({**model, "benchmarks": {"mmlu": 130}})
    assert not validators["model"].is_valid({**model, "benchmarks": {"mmlu": -1}})
    assert not validators["model"].is_valid({**model, "parameters_b": 0})
    assert not validators["benchmarks"].is_valid([{"id": "b", "name": "B", "scale": 101}])


@pytest.mark.parametrize("folder", DEMO_DIRS, ids=lambda p: p.parent.name)
def test_every_demo_file_passes_the_schema(
    folder: Path, validators: dict[str, Draft202012Validator]
) -> None:
    if not folder.is_dir():
        pytest.skip(f"{folder} is not here")
    files, _ = find_data_files(folder)
    assert files
    for path in files:
        assert _schema_errors(validators[_kind(path)], path) == [], path
    assert load_catalog(Sources(data=(folder,))).problems == []


def _schema_problem_files(case: Case, data: Path) -> set[Path]:
    problems = load_catalog(Sources(data=(data,))).problems
    return {Path(p.path) for p in problems if p.subtype == "schema"}


@pytest.mark.parametrize("case", CASES, ids=[c.key for c in CASES])
def test_schema_agrees_with_the_loader(
    case: Case, tmp_path: Path, validators: dict[str, Draft202012Validator]
) -> None:
    if any(case.key.startswith(prefix) for prefix in NOT_VALIDATED):
        pytest.skip(next(v for k, v in NOT_VALIDATED.items() if case.key.startswith(k)))
    data = tmp_path / "data"
    write_data(data, [case])
    rejected_by_loader = _schema_problem_files(case, data)
    for name in case.files:
        path = data / "cases" / case.key / name
        errors = _schema_errors(validators[_kind(path)], path)
        if errors is None:
            continue  # a syntax problem: no JSON value to validate
        if errors:
            assert path in rejected_by_loader, (path, errors)
        elif path in rejected_by_loader:
            assert case.key in NOT_EXPRESSIBLE, f"{path}: the schema accepts what the build rejects"
