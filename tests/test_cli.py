"""The ``sphinx-modelcards`` command line."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from sphinx_modelcards import __version__
from sphinx_modelcards.cli import main
from sphinx_modelcards.data.schema import Model

ROOTS = Path(__file__).parent / "roots"
BASIC_DATA = ROOTS / "test-basic" / "data"

BROKEN = """\
- id: good-model
  name: Good Model
  lab: acme
  parameters_b: 7
  training_tokens_b: 140
- id: Bad Model
  name: Bad
  lab: acme
- id: third
  name: Third
  lab: acme
  parameters_b: -3
  released: 2024-13
"""

LEGACY_CARD = """\
# Tiny-7B

> Reasoning

**Organization:** [Acme](../../labs/acme.md)
**Released:** Mar/2024
**Access:** 🟢 Public

---

## 🔧 Technical Specifications

### Model Architecture
- **Type:** Dense
- **Parameters:** 7.0B
- **Training Tokens:** 2000.0B

### Training Efficiency
- **ALScore:** 0.4 (Lightweight)

## 📈 Performance Benchmarks

| Benchmark | Score | Description |
|-----------|-------|-------------|
| **MMLU** | 61.5 | General knowledge across 57 subjects |

## 🔗 Resources

- 📄 [Technical Documentation](https://example.org/tiny)

---

**Last Updated:** 2025-10-02
"""

HF_CARD = """\
---
license: mit
tags:
- text-generation
model-index:
- name: Tiny-7B
  results:
  - task: {type: text-generation}
    dataset: {name: MMLU, type: cais/mmlu}
    metrics:
    - {type: accuracy, value: 0.615}
---

# Tiny-7B

A card.
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Exit status, standard output and standard error of the command."""
    try:
        status = main([str(arg) for arg in argv])
    except SystemExit as exc:  # argparse: --version, usage errors
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


# validate ---------------------------------------------------------------------------------------


def test_validate_clean(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "validate", BASIC_DATA)
    assert status == 0
    assert out == ""
    assert err == "ok: 7 models, 3 labs in 7 files\n"


def test_validate_reports_file_line_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "models.yaml"
    data.write_text(BROKEN, encoding="utf-8")
    (tmp_path / "broken.json").write_text('{"id": "x",\n  "name": }\n', encoding="utf-8")
    status, out, err = run(capsys, "validate", tmp_path)
    assert status == 1
    lines = out.splitlines()
    assert lines[0].startswith(f"{tmp_path / 'broken.json'}:2: ")
    assert lines[1].startswith(f"{data}:6: model 'Bad Model': id: an id is a lowercase slug")
    assert "did you mean 'bad-model'?" in lines[1]
    assert sorted(lines[2:]) == [
        f"{data}:12: model 'third': parameters_b: Input should be greater than 0 (got -3); "
        "the model is left out",
        f"{data}:13: model 'third': released: month 13 is not between 1 and 12 "
        "(got '2024-13'); the model is left out",
    ]
    assert err == "4 problems in 2 files (1 model valid, 2 files read)\n"


def test_validate_registry_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    labs = tmp_path / "my-labs.yaml"
    labs.write_text("- id: acme\n  name: Acme\n", encoding="utf-8")
    status, out, _ = run(capsys, "validate", BASIC_DATA / "models" / "borealis", "--labs", labs)
    assert status == 1
    assert "lab: unknown lab 'borealis'" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "no/such/path"],
        ["validate", str(BASIC_DATA), "--labs", "no-such-labs.yaml"],
        ["validate"],
        ["export", str(BASIC_DATA), "--format", "xml"],
        ["import-markdown", "no/such/page.md", "--out", "x"],
        ["frobnicate"],
        [],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert "error:" in err


# export -----------------------------------------------------------------------------------------


def test_export_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "export", BASIC_DATA)
    assert status == 0
    data = json.loads(out)
    assert data["schema_version"] == 1
    titan = next(m for m in data["models"] if m["id"] == "acme-titan")
    assert (titan["alscore"], titan["alscore_tier"]) == (20, "Extremely powerful")
    assert "page" not in titan


def test_export_csv_to_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "out" / "models.csv"
    status, out, err = run(capsys, "export", BASIC_DATA, "--format", "csv", "--out", target)
    assert status == 0
    assert out == ""
    assert err == f"{target}: written\n"
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"))))
    assert len(rows) == 7
    assert "page" not in rows[0]
    assert rows[0]["id"] == "acme-next"
    assert run(capsys, "export", BASIC_DATA, "--format", "csv", "--out", target)[2] == (
        f"{target}: unchanged\n"
    )


def test_export_warns_and_fails_on_warning_if_asked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "models.yaml").write_text(BROKEN, encoding="utf-8")
    status, out, err = run(capsys, "export", tmp_path)
    assert status == 0
    assert [m["id"] for m in json.loads(out)["models"]] == ["good-model"]
    assert err.count("warning: ") == 3
    assert run(capsys, "export", tmp_path, "-W")[0] == 1


# schema -----------------------------------------------------------------------------------------


def test_schema_model(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "schema", "--kind", "model")
    assert status == 0
    schema = json.loads(out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith("/v1/model.json")
    assert schema["title"]
    assert set(schema["properties"]) == set(Model.model_fields)
    assert set(schema["required"]) == {"id", "name", "lab"}
    released = schema["$defs"]["ReleaseDate"]
    assert released["type"] == "string"
    assert "TBA" in released["examples"]
    assert out == json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("kind", ["catalog", "labs", "architectures", "benchmarks", "tags"])
def test_schema_kinds_are_deterministic(capsys: pytest.CaptureFixture[str], kind: str) -> None:
    first = run(capsys, "schema", "--kind", kind)[1]
    assert first == run(capsys, "schema", "--kind", kind)[1]
    assert json.loads(first)["$id"].endswith(f"/{kind}.json")


def _plain(data: object) -> object:
    """YAML/TOML values as JSON has them (dates become text)."""
    return json.loads(json.dumps(data, default=str))


def test_schema_accepts_the_test_data(capsys: pytest.CaptureFixture[str]) -> None:
    import tomllib

    from jsonschema import Draft202012Validator

    schemas = {k: json.loads(run(capsys, "schema", "--kind", k)[1]) for k in ("catalog", "labs")}
    for schema in schemas.values():
        Draft202012Validator.check_schema(schema)
    catalog = Draft202012Validator(schemas["catalog"])
    for path in sorted((BASIC_DATA / "models").rglob("*.*")):
        text = path.read_text("utf-8")
        data = tomllib.loads(text) if path.suffix == ".toml" else yaml.safe_load(text)
        assert catalog.is_valid(_plain(data)), path
    labs = Draft202012Validator(schemas["labs"])
    assert labs.is_valid(_plain(yaml.safe_load((BASIC_DATA / "labs.yaml").read_text("utf-8"))))
    bad = {"id": "x", "name": "X", "lab": "acme"}
    assert not catalog.is_valid({**bad, "released": "2024-13"})
    assert catalog.is_valid({**bad, "released": "TBA"})
    assert not catalog.is_valid({**bad, "colour": "red"})


# importers --------------------------------------------------------------------------------------


def test_import_markdown(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = tmp_path / "legacy" / "models" / "acme" / "tiny-7b.md"
    page.parent.mkdir(parents=True)
    page.write_text(LEGACY_CARD, encoding="utf-8")
    out_dir = tmp_path / "data"
    status, out, err = run(capsys, "import-markdown", tmp_path / "legacy", "--out", out_dir)
    assert status == 0
    assert out.splitlines()[-1] == (
        "1 imported, 0 unchanged, 0 kept, 0 skipped, 0 id collisions resolved"
    )
    assert "[1/1]" not in err  # progress only on a terminal
    model = yaml.safe_load((out_dir / "models" / "acme" / "tiny-7b.yaml").read_text("utf-8"))
    assert model["parameters_b"] == 7
    assert model["benchmarks"] == {"mmlu": 61.5}
    assert run(capsys, "validate", out_dir)[0] == 0

    # Again: nothing changes; an edited file is kept unless --force.
    status, out, _ = run(capsys, "import-markdown", page, "--out", out_dir)
    assert "0 imported, 1 unchanged" in out
    edited = out_dir / "models" / "acme" / "tiny-7b.yaml"
    edited.write_text(edited.read_text("utf-8") + "license: mit\n", encoding="utf-8")
    assert "1 kept" in run(capsys, "import-markdown", page, "--out", out_dir)[1]
    assert "1 imported" in run(capsys, "import-markdown", page, "--out", out_dir, "--force")[1]


def test_import_hf_and_export_hf_round_trip(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    card = tmp_path / "README.md"
    card.write_text(HF_CARD, encoding="utf-8")
    out_dir = tmp_path / "data"
    status, out, _ = run(capsys, "import-hf", card, "--out", out_dir, "--lab", "acme")
    assert status == 0
    target = out_dir / "models" / "acme" / "tiny-7b.yaml"
    assert f"{card}: imported -> {target}" in out
    model = yaml.safe_load(target.read_text("utf-8"))
    assert model["benchmarks"] == {"mmlu": 61.5}
    assert model["license"] == "mit"

    status, out, _ = run(capsys, "export-hf", out_dir, "--id", "tiny-7b", "--card", card)
    assert status == 0
    # Nothing changed: the same metadata and the card's own text come back.
    assert yaml.safe_load(out.split("---")[1]) == yaml.safe_load(HF_CARD.split("---")[1])
    assert out.split("---", 2)[2] == HF_CARD.split("---", 2)[2]

    status, _, err = run(capsys, "export-hf", out_dir, "--id", "tiny7b")
    assert status == 1
    assert "did you mean 'tiny-7b'?" in err


def test_import_hf_id_needs_one_card(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cards = []
    for name in ("a", "b"):
        cards.append(tmp_path / f"{name}.md")
        cards[-1].write_text(HF_CARD, encoding="utf-8")
    status, _, err = run(capsys, "import-hf", *cards, "--out", tmp_path, "--id", "x")
    assert status == 2
    assert "--id" in err


def test_import_hf_same_id_twice(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    cards = []
    for name in ("a", "b"):
        cards.append(tmp_path / f"{name}.md")
        cards[-1].write_text(HF_CARD, encoding="utf-8")
    status, out, _ = run(capsys, "import-hf", *cards, "--out", tmp_path / "data", "--lab", "x")
    assert status == 0
    assert "using 'tiny-7b-2'" in out
    assert (tmp_path / "data" / "models" / "x" / "tiny-7b-2.yaml").is_file()


# --version --------------------------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (0, f"sphinx-modelcards {__version__}\n", "")


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sphinx_modelcards", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == f"sphinx-modelcards {__version__}\n"


def test_progress_only_on_a_terminal() -> None:
    from sphinx_modelcards.cli import _progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert _progress(io.StringIO()) is None
    terminal = Terminal()
    show = _progress(terminal)
    assert show is not None
    show(1, 2)
    show(2, 2)
    assert terminal.getvalue() == "\r[1/2]\r[2/2]\n"


# Hostile or careless use (issue 22) -------------------------------------------------------------

EXTREME = """\
- id: extreme
  name: Extreme
  lab: acme
  parameters_b: 1.0e-300
  training_tokens_b: 1.0e+300
  benchmarks: {mmlu: -0.0}
- id: huge
  name: Huge
  lab: acme
  parameters_b: 1e23
  training_tokens_b: 1.0e+308
"""


def _extreme(tmp_path: Path) -> Path:
    data = tmp_path / "extreme.yaml"
    data.write_text(EXTREME, encoding="utf-8")
    return data


def test_export_of_extreme_numbers_is_strict_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = run(capsys, "export", _extreme(tmp_path))
    assert status == 0, err
    assert "Traceback" not in err
    assert f"{tmp_path / 'extreme.yaml'}:5: model 'extreme': training_tokens_b" in err
    models = {m["id"]: m for m in json.loads(out, parse_constant=pytest.fail)["models"]}
    assert models["extreme"]["token_param_ratio"] is None
    assert models["extreme"]["benchmarks"] == {"mmlu": 0}
    # 1e23 is not an exact integer: published as the float it is, not 99999999999999991611392.
    assert '"parameters_b": 1e+23' in out
    assert models["huge"]["alscore"] == pytest.approx(math.sqrt(1e23) * math.sqrt(1e308) / 300)


def test_export_to_a_folder_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(capsys, "export", _extreme(tmp_path), "--out", tmp_path)
    assert status == 3
    assert f"error: {tmp_path}: is a folder; --out takes a file name" in err
    assert "Traceback" not in err


def test_export_to_a_full_disk(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    status, _, err = run(capsys, "export", _extreme(tmp_path), "--out", "/dev/full")
    assert status == 3
    assert "error: /dev/full: cannot write: No space left on device" in err


def test_a_failed_write_keeps_the_earlier_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new text goes to a temporary file renamed over the target: never half a file."""
    from sphinx_modelcards.data import export

    target = tmp_path / "out.json"
    assert run(capsys, "export", BASIC_DATA, "--out", target)[0] == 0
    earlier = target.read_bytes()

    def full_disk(fd: int, mode: str) -> io.BufferedWriter:
        class Full(io.BufferedWriter):
            def write(self, data: object) -> int:
                raise OSError(28, "No space left on device")

        return Full(io.FileIO(fd, "w"))

    monkeypatch.setattr(export.os, "fdopen", full_disk)
    status, _, err = run(capsys, "export", _extreme(tmp_path), "--out", target)
    assert status == 3
    assert "cannot write: No space left on device" in err
    assert target.read_bytes() == earlier
    assert sorted(p.name for p in tmp_path.iterdir()) == ["extreme.yaml", "out.json"]


def test_export_never_reads_what_it_writes_to(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``/dev/zero`` would be read forever and a FIFO without a writer would block."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    status, _, err = run(capsys, "export", BASIC_DATA, "--out", fifo)
    reader.join(timeout=30)
    assert status == 0, err
    assert json.loads(received[0])["schema_version"] == 1
    if Path("/dev/zero").exists():
        assert run(capsys, "export", BASIC_DATA, "--out", "/dev/zero")[0] == 0


def test_a_closed_pipe_is_not_a_traceback(tmp_path: Path) -> None:
    data = tmp_path / "many.yaml"
    data.write_text(
        "".join(
            f"- id: m{i}\n  name: M{i}\n  lab: acme\n  notes: {'x' * 500}\n" for i in range(400)
        ),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "sphinx_modelcards", "export", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 3
    assert "Traceback" not in err and "BrokenPipeError" not in err


@pytest.mark.parametrize(
    ("front", "reason"),
    [
        ("---\nlicense: mit\nmodel_name: Never closed\n\n# Body\n", "no closing '---'"),
        (
            "---\n"
            + "license: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"l{i}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
            )
            + "tags: *i\n---\n",
            "more than 100,000 values",
        ),
        ("---\nmodel_name: " + "[" * 20_000 + "]" * 20_000 + "\n---\n", "nesting depth"),
    ],
    ids=["unclosed", "billion-laughs", "deep"],
)
def test_import_hf_refuses_hostile_front_matter(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, front: str, reason: str
) -> None:
    card = tmp_path / "README.md"
    card.write_text(front, encoding="utf-8")
    status, out, err = run(capsys, "import-hf", card, "--out", tmp_path / "data", "--lab", "x")
    assert status == 1
    assert f"{card}: skipped (cannot read the card: " in out
    assert reason in out
    assert not (tmp_path / "data").exists()
    assert "Traceback" not in out + err


def test_import_hf_name_that_is_not_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    card = tmp_path / "README.md"
    card.write_text("---\nmodel_name: [1, 2]\nlicense: mit\n---\n", encoding="utf-8")
    status, out, _ = run(capsys, "import-hf", card, "--out", tmp_path / "data", "--id", "acme/tiny")
    assert status == 0
    assert "warning: model_name is not text (list); ignored" in out
    model = yaml.safe_load((tmp_path / "data" / "models" / "acme" / "tiny.yaml").read_text())
    assert model["name"] == "tiny"
