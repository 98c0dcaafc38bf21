"""Evaluation results in, standard cards out: lm-evaluation-harness import and the registry.

The results files under ``tests/data/lm_eval`` are written by hand in the format the
harness documents (https://github.com/EleutherAI/lm-evaluation-harness, docs/interface.md;
see the README beside them).
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from sphinx_modelcards.cli import main
from sphinx_modelcards.data.benchmark_names import BenchmarkNames
from sphinx_modelcards.data.catalog import Catalog
from sphinx_modelcards.data.export import records
from sphinx_modelcards.data.loading import Sources, load_catalog
from sphinx_modelcards.data.registry import BENCHMARKS
from sphinx_modelcards.data.schema import Model
from sphinx_modelcards.data.spdx import FALLBACK_CREATED, to_spdx

TESTS = Path(__file__).resolve().parent
DEMO = TESTS.parent / "docs" / "data"
LM_EVAL = TESTS / "data" / "lm_eval"
RESULTS = LM_EVAL / "results_2024-07-01T12-00-00.json"
LEADERBOARD = LM_EVAL / "results_leaderboard.json"
TARGET = Path("models") / "meta-ai" / "llama-3.1-8b.yaml"


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    try:
        status = main([str(arg) for arg in argv])
    except SystemExit as exc:
        status = int(exc.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A copy of the demo catalog."""
    return Path(shutil.copytree(DEMO, tmp_path / "data"))


# The registry -----------------------------------------------------------------------------------

LM_EVAL_TASKS = {
    "mmlu": "mmlu",
    "mmlu_pro": "mmlu-pro",
    "gpqa_diamond_zeroshot": "gpqa",
    "leaderboard_ifeval": "ifeval",
    "leaderboard_bbh": "bbh",
    "leaderboard_math_hard": "math-lvl-5",
    "leaderboard_musr": "musr",
    "hellaswag": "hellaswag",
    "arc_challenge": "arc-challenge",
    "truthfulqa_mc2": "truthfulqa-mc2",
    "winogrande": "winogrande",
    "gsm8k": "gsm8k",
}


@pytest.mark.parametrize(("task", "benchmark"), LM_EVAL_TASKS.items())
def test_builtin_benchmarks_know_lm_eval_task_names(task: str, benchmark: str) -> None:
    found = BenchmarkNames(BENCHMARKS).find(task)
    assert found is not None
    assert found.id == benchmark


def test_builtin_benchmarks_are_complete() -> None:
    for benchmark in BENCHMARKS:
        assert benchmark.description, benchmark.id
        assert benchmark.url is not None
        assert benchmark.url.startswith("https://"), benchmark.id
        assert benchmark.bands, benchmark.id
    assert BenchmarkNames(BENCHMARKS).find("mmlu_abstract_algebra") is None
    assert BenchmarkNames(BENCHMARKS).find("") is None


def test_user_benchmarks_take_aliases(tmp_path: Path) -> None:
    (tmp_path / "benchmarks.yaml").write_text(
        "- id: lambada\n  name: LAMBADA\n  aliases: [lambada_openai]\n  metrics: [acc]\n",
        encoding="utf-8",
    )
    catalog = load_catalog(Sources(data=(tmp_path,)))
    assert catalog.problems == []
    found = BenchmarkNames(catalog.benchmarks.values()).find("lambada_openai")
    assert found is not None
    assert (found.id, found.metrics) == ("lambada", ["acc"])


# import-lm-eval ---------------------------------------------------------------------------------


def _values(benchmarks: dict[str, Any]) -> dict[str, Any]:
    """Scores without their provenance mappings."""
    return {k: v["value"] if isinstance(v, dict) else v for k, v in benchmarks.items()}


def test_import_lm_eval_into_the_demo_catalog(
    capsys: pytest.CaptureFixture[str], demo: Path
) -> None:
    before = (demo / TARGET).read_text(encoding="utf-8")
    status, out, err = run(
        capsys, "import-lm-eval", RESULTS, "--model", "llama-3.1-8b", "--into", demo
    )
    after = (demo / TARGET).read_text(encoding="utf-8")
    assert err == ""
    # The file's values win: mmlu is reported, not overwritten.
    assert status == 1
    assert (
        "conflict (kept the file's value; --replace to overwrite): mmlu: file has 69.4, results say 66.12"
        in out
    )
    assert (
        f"{RESULTS}: not mapped (1 task; add an alias in benchmarks.yaml to import them): lambada_openai"
        in out
    )
    assert f"{RESULTS}: mmlu: 3 subtasks in its score" in out
    assert "added hellaswag, arc-challenge, gsm8k" in out
    # Only lines were added; the user's lines, comments and order are kept.
    new_lines = [line for line in after.splitlines() if line not in before.splitlines()]
    assert [line.split(":")[0].strip() for line in new_lines] == [
        "hellaswag",
        "arc-challenge",
        "gsm8k",
    ]
    assert before.splitlines() == [line for line in after.splitlines() if line not in new_lines]
    data = yaml.safe_load(after)
    assert _values(data["benchmarks"]) == {
        "mmlu": 69.4,
        "mmlu-pro": 48.3,
        "gpqa": 30.4,
        "humaneval": 72.6,
        "hellaswag": 79.02,  # acc_norm, the registry's metric, 0.7902 on a 0-100 scale
        "arc-challenge": 55.03,
        "gsm8k": 49.51,  # the strict-match filter
    }
    hellaswag = next(line for line in new_lines if line.strip().startswith("hellaswag"))
    assert hellaswag.split("#", 1)[1].strip() == (
        "lm-eval 0.4.3, hellaswag v1.0, 10-shot, acc_norm, stderr 0.41, 2024-07-01"
    )
    catalog = load_catalog(Sources(data=(demo,)))
    assert catalog.problems == []
    llama = catalog.models["llama-3.1-8b"]
    assert llama.benchmarks["gsm8k"] == 49.51
    # where the schema has provenance fields, the import fills them
    measured = llama.provenance["benchmarks.hellaswag"]
    assert (measured.status, measured.method, measured.n_shot, str(measured.as_of)) == (
        "measured",
        "lm-evaluation-harness 0.4.3",
        10,
        "2024-07-01",
    )


def test_import_lm_eval_replace_and_merge(capsys: pytest.CaptureFixture[str], demo: Path) -> None:
    status, out, _ = run(
        capsys,
        "import-lm-eval",
        RESULTS,
        LEADERBOARD,
        "--model",
        "llama-3.1-8b",
        "--into",
        demo,
        "--replace",
    )
    assert status == 0, out
    assert "replaced mmlu, gpqa" in out
    data = yaml.safe_load((demo / TARGET).read_text(encoding="utf-8"))
    # Both files merge; with --replace the later file wins for mmlu.
    assert _values(data["benchmarks"])["mmlu"] == 66.33
    assert _values(data["benchmarks"])["ifeval"] == 41.77
    assert _values(data["benchmarks"])["math-lvl-5"] == 5.06
    assert _values(data["benchmarks"])["gpqa"] == 29.29  # acc_norm
    # A second import changes nothing.
    text = (demo / TARGET).read_text(encoding="utf-8")
    status, out, _ = run(
        capsys,
        "import-lm-eval",
        RESULTS,
        LEADERBOARD,
        "--model",
        "llama-3.1-8b",
        "--into",
        demo,
        "--replace",
    )
    assert status == 0
    assert "added" not in out and "replaced" not in out
    assert (demo / TARGET).read_text(encoding="utf-8") == text


def test_conflicting_result_files_are_reported(
    capsys: pytest.CaptureFixture[str], demo: Path
) -> None:
    status, out, _ = run(
        capsys, "import-lm-eval", RESULTS, LEADERBOARD, "--model", "new-model", "--into", demo
    )
    assert status == 1
    assert f"mmlu: {RESULTS} says 66.12, {LEADERBOARD} says 66.33" in out
    created = demo / "models" / "meta-llama" / "new-model.yaml"
    data = yaml.safe_load(created.read_text(encoding="utf-8"))
    assert (data["id"], data["name"], data["lab"]) == ("new-model", "new-model", "meta-llama")
    assert _values(data["benchmarks"])["mmlu"] == 66.12
    assert "warning: lab 'meta-llama' is not in the labs registry; add it or give --lab" in out
    status, out, _ = run(
        capsys, "import-lm-eval", RESULTS, "--model", "other", "--lab", "meta-ai", "--into", demo
    )
    assert (status, "warning" in out) == (0, False)
    assert (demo / "models" / "meta-ai" / "other.yaml").is_file()
    created.unlink()
    assert load_catalog(Sources(data=(demo,))).problems == []


def _results(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "results.json"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = json.loads(RESULTS.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]", "expected lm-evaluation-harness output: a JSON object whose 'results' maps"),
        ('{"results": {"mmlu": 0.5}}', "expected lm-evaluation-harness output"),
        ("{nope", "cannot read: Expecting property name"),
        (
            '{"results": {"gsm8k": {"exact_match,strict-match": NaN}}}',
            "results.gsm8k['exact_match,strict-match'] is nan; expected a number 0-1",
        ),
        (
            '{"results": {"hellaswag": {"acc_norm,none": 1.3}}}',
            "results.hellaswag['acc_norm,none'] is 1.3; expected 0-1",
        ),
        (
            '{"results": {"mmlu": {"acc,none": "high"}}}',
            "results.mmlu['acc,none'] is 'high'; expected a number",
        ),
    ],
)
def test_bad_results_write_nothing(
    capsys: pytest.CaptureFixture[str], demo: Path, tmp_path: Path, text: str, message: str
) -> None:
    before = (demo / TARGET).read_bytes()
    bad = _results(tmp_path, text)
    status, out, err = run(
        capsys, "import-lm-eval", RESULTS, bad, "--model", "llama-3.1-8b", "--into", demo
    )
    assert status == 1
    assert err.startswith(f"error: {bad}: ")
    assert message in err
    assert out == ""
    assert (demo / TARGET).read_bytes() == before
    assert sorted(p.name for p in (demo / TARGET).parent.iterdir()) == sorted(
        p.name for p in (DEMO / TARGET).parent.iterdir()
    )


def test_a_model_in_a_toml_file_is_not_rewritten(
    capsys: pytest.CaptureFixture[str], demo: Path
) -> None:
    status, _, err = run(capsys, "import-lm-eval", RESULTS, "--model", "yi-34b", "--into", demo)
    assert status == 1
    assert (
        err
        == f"error: {demo / 'models' / '01-ai' / 'yi-34b.toml'}: only YAML model files can be updated in place\n"
    )


# Hugging Face -----------------------------------------------------------------------------------

HF_CARDS = TESTS / "data" / "importers" / "hf"

DERIVED = """\
- id: base-7b
  name: Base 7B
  lab: acme
  hf_id: acme/Base-7B
- id: chat-7b
  name: Chat 7B
  lab: acme
  base_model: base-7b
  license: Acme Community Licence
  dataset_types: [web-scale, acme/instructions]
  benchmarks: {mmlu: 60.5, hellaswag: 80.1, gsm8k: null}
- id: other-7b
  name: Other 7B
  lab: acme
  base_model: Llama 3.1 8B
  license: Apache 2.0
"""


def _exported(capsys: pytest.CaptureFixture[str], data: Path, model_id: str) -> str:
    status, out, err = run(capsys, "export-hf", data, "--id", model_id)
    assert (status, err) == (0, ""), err
    return out


def test_export_hf_writes_only_hub_values(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from huggingface_hub import ModelCard

    from sphinx_modelcards.importers.huggingface import HUB_LICENSES

    (tmp_path / "models.yaml").write_text(DERIVED, encoding="utf-8")
    card = ModelCard(_exported(capsys, tmp_path, "chat-7b"), ignore_metadata_errors=False)
    data = card.data.to_dict()
    assert (data["license"], data["license_name"]) == ("other", "acme-community-licence")
    assert data["base_model"] == "acme/Base-7B"  # the base model's hf_id
    assert data["datasets"] == ["acme/instructions"]  # 'web-scale' is no Hub dataset
    results = {r.dataset_type: r.metric_value for r in card.data.eval_results or []}
    assert results == {"cais/mmlu": 60.5, "Rowan/hellaswag": 80.1}
    other = ModelCard(_exported(capsys, tmp_path, "other-7b")).data.to_dict()
    assert other["license"] == "apache-2.0" and other["license"] in HUB_LICENSES
    assert "base_model" not in other  # 'Llama 3.1 8B' is no Hub repository id
    assert "license_name" not in other


def test_hf_round_trip_through_the_cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from huggingface_hub import ModelCard

    original = tmp_path / "README.md"
    original.write_text(
        """\
---
license: other
license_name: acme-community-licence
base_model: acme/Base-7B
datasets: [acme/instructions]
model-index:
- name: Chat 7B
  results:
  - task: {type: text-generation}
    dataset: {name: HellaSwag (10-Shot), type: hellaswag}
    metrics: [{type: acc_norm, value: 80.1}]
    source: {name: Open LLM Leaderboard, url: https://huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard}
  - task: {type: text-generation}
    dataset: {name: IFEval (0-Shot), type: HuggingFaceH4/ifeval}
    metrics: [{type: inst_level_strict_acc, value: 50.2}, {type: prompt_level_strict_acc, value: 41.7}]
  - task: {type: text-generation}
    dataset: {name: Acme Internal QA, type: acme/internal-qa}
    metrics: [{type: accuracy, value: 0.7}]
---
# Chat 7B
""",
        encoding="utf-8",
    )
    status, out, _ = run(
        capsys, "import-hf", original, "--out", tmp_path / "data", "--id", "acme/Chat-7B"
    )
    assert status == 0
    assert (
        f"{original}: warning: model-index: 'Acme Internal QA' is not a known benchmark; "
        "kept in the card only (add an alias in benchmarks.yaml to import it)"
    ) in out
    imported = yaml.safe_load(
        (tmp_path / "data" / "models" / "acme" / "chat-7b.yaml").read_text("utf-8")
    )
    # the registry's metric; the model-index's source comes along as provenance
    assert _values(imported["benchmarks"]) == {"hellaswag": 80.1, "ifeval": 41.7}
    assert (imported["license"], imported["hf_id"]) == ("acme-community-licence", "acme/Chat-7B")
    status, text, err = run(
        capsys, "export-hf", tmp_path / "data", "--id", "chat-7b", "--card", original
    )
    assert (status, err) == (0, "")
    assert ModelCard(text).data.to_dict() == ModelCard(original.read_text("utf-8")).data.to_dict()
    # A fresh card (no original) keeps every overlapping field too.
    fresh = ModelCard(_exported(capsys, tmp_path / "data", "chat-7b")).data.to_dict()
    for key in ("license", "license_name", "base_model", "datasets"):
        assert fresh[key] == ModelCard(original.read_text("utf-8")).data.to_dict()[key]


def test_import_hf_takes_user_aliases(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    registry = tmp_path / "benchmarks.yaml"
    registry.write_text(
        "- id: internal-qa\n  name: Internal QA\n  aliases: [acme/internal-qa]\n", "utf-8"
    )
    card = tmp_path / "README.md"
    card.write_text(
        "---\nmodel-index:\n- name: X\n  results:\n  - dataset: {type: acme/internal-qa}\n"
        "    metrics: [{type: accuracy, value: 0.7}]\n---\n",
        encoding="utf-8",
    )
    status, out, _ = run(
        capsys,
        "import-hf",
        card,
        "--out",
        tmp_path / "data",
        "--id",
        "acme/x",
        "--benchmarks",
        registry,
    )
    assert status == 0 and "warning" not in out
    imported = yaml.safe_load((tmp_path / "data" / "models" / "acme" / "x.yaml").read_text("utf-8"))
    assert imported["benchmarks"] == {"internal-qa": 70.0}


# CycloneDX --------------------------------------------------------------------------------------


def test_export_cyclonedx_is_a_valid_ml_bom(capsys: pytest.CaptureFixture[str]) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    status, out, err = run(capsys, "export", DEMO, "--format", "cyclonedx")
    assert (status, err) == (0, "")
    validator = JsonStrictValidator(SchemaVersion.V1_6)
    assert validator.validate_str(out) is None
    bom = json.loads(out)
    catalog = load_catalog(Sources(data=(DEMO,)))
    assert [c["bom-ref"] for c in bom["components"]] == [
        f"model:{m}" for m in sorted(catalog.models)
    ]
    assert {c["type"] for c in bom["components"]} == {"machine-learning-model"}
    llama = next(c for c in bom["components"] if c["bom-ref"] == "model:llama-3.1-8b")
    metrics = llama["modelCard"]["quantitativeAnalysis"]["performanceMetrics"]
    assert {"type": "MMLU", "value": "69.4"} in metrics
    assert llama["supplier"]["name"] == catalog.lab_name("meta-ai")
    assert run(capsys, "export", DEMO, "--format", "cyclonedx")[1] == out  # deterministic
    # The validator does reject what the schema forbids.
    llama["type"] = "model"
    assert validator.validate_str(json.dumps(bom)) is not None


def test_cyclonedx_licences() -> None:
    from sphinx_modelcards.data.cyclonedx import spdx_license

    assert spdx_license("Apache 2.0") == {"id": "Apache-2.0"}
    assert spdx_license("llama3.1") == {"name": "llama3.1"}


# SPDX -------------------------------------------------------------------------------------------


def spdx_problem(document: dict[str, object]) -> str | None:
    """Why the official SPDX 3.0.1 model rejects a JSON-LD document, or ``None``.

    ``spdx-python-model`` is generated from the SPDX 3.0.1 SHACL model: reading checks
    types, properties, enumerations and patterns; linking finds dangling references;
    writing checks required properties.
    """
    from spdx_python_model import v3_0_1 as spdx

    objects = spdx.SHACLObjectSet()
    try:
        spdx.JSONLDDeserializer().deserialize_data(document, objects)
        missing = objects.link()
        if missing:
            return f"undefined ids: {sorted(missing)}"
        spdx.JSONLDSerializer().serialize_data(objects)
    except (KeyError, TypeError, ValueError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _element(document: dict[str, Any], spdx_id: str) -> dict[str, Any]:
    return next(e for e in document["@graph"] if e.get("spdxId") == spdx_id)


def test_export_spdx_is_a_valid_ai_profile_document(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "export", DEMO, "--format", "spdx")
    assert (status, err) == (0, "")
    document = json.loads(out)
    assert spdx_problem(document) is None
    assert document["@context"] == "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
    catalog = load_catalog(Sources(data=(DEMO,)))
    packages = [e for e in document["@graph"] if e["type"] == "ai_AIPackage"]
    assert [p["spdxId"] for p in packages] == [
        f"urn:sphinx-modelcards:model/{m}" for m in sorted(catalog.models)
    ]
    (info,) = [e for e in document["@graph"] if e["type"] == "CreationInfo"]
    latest = max(m.last_updated for m in catalog.models.values() if m.last_updated)
    assert info["created"] == f"{latest.isoformat()}T00:00:00Z"  # the latest last_updated
    (spdx_doc,) = [e for e in document["@graph"] if e["type"] == "SpdxDocument"]
    assert spdx_doc["rootElement"] == [p["spdxId"] for p in packages]
    llama = _element(document, "urn:sphinx-modelcards:model/llama-3.1-8b")
    assert llama["name"] == "Llama 3.1 8B"
    assert llama["releaseTime"] == "2024-07-23T00:00:00Z"
    assert llama["software_downloadLocation"] == "https://huggingface.co/meta-llama/Llama-3.1-8B"
    assert llama["ai_typeOfModel"] == [catalog.architecture_name("dense")]
    assert "15000 billion tokens" in llama["ai_informationAboutTraining"]
    assert {"type": "DictionaryEntry", "key": "MMLU", "value": "69.4"} in llama["ai_metric"]
    lab = _element(document, llama["suppliedBy"])
    assert (lab["type"], lab["name"]) == ("Organization", catalog.lab_name("meta-ai"))
    licence = _element(
        document, "urn:sphinx-modelcards:relationship/llama-3.1-8b/hasDeclaredLicense"
    )
    assert _element(document, licence["to"][0])["simplelicensing_licenseExpression"] == (
        "LicenseRef-llama3.1"
    )
    lineage = _element(
        document, "urn:sphinx-modelcards:relationship/deepseek-r1-distill-llama-8b/descendantOf"
    )
    assert lineage["to"] == [llama["spdxId"]]
    assert run(capsys, "export", DEMO, "--format", "spdx")[1] == out  # deterministic


@pytest.mark.parametrize(
    ("element", "change", "reason"),
    [
        ("model/llama-3.1-8b", {"ai_typeOfModell": ["dense"]}, "Unknown property"),
        ("model/llama-3.1-8b", {"software_primaryPurpose": "weights"}, "not a valid value"),
        ("model/llama-3.1-8b", {"releaseTime": "2024-07-23"}, "formatted datetime"),
        ("model/llama-3.1-8b", {"suppliedBy": "urn:sphinx-modelcards:lab/x"}, "undefined ids"),
        ("model/llama-3.1-8b", {"suppliedBy": "urn:sphinx-modelcards:model/llama-3-8b"}, "Agent"),
        ("lab/meta-ai", {"creationInfo": None}, "'creationInfo' in Organization"),
    ],
)
def test_spdx_validation_rejects_a_broken_document(
    element: str, change: dict[str, Any], reason: str
) -> None:
    document = json.loads(to_spdx(load_catalog(Sources(data=(DEMO,)))))
    target = _element(document, f"urn:sphinx-modelcards:{element}")
    for key, value in change.items():
        if value is None:
            del target[key]
        else:
            target[key] = value
    assert reason in (spdx_problem(document) or "")


def test_spdx_edge_cases() -> None:
    models = [
        {"id": "a", "name": "A", "lab": "x", "released": "2024-05", "license": "Apache 2.0"},
        {"id": "b", "name": "B", "lab": "x", "released": "TBA", "license": "My licence!"},
        {"id": "c", "name": "C", "lab": "y", "base_model": "elsewhere", "hf_id": "y/c"},
    ]
    catalog = Catalog(models={m["id"]: Model.model_validate(m) for m in models})
    document = json.loads(to_spdx(catalog))
    assert spdx_problem(document) is None
    graph = document["@graph"]
    assert graph[0]["created"] == FALLBACK_CREATED  # no last_updated anywhere
    a, b, c = (_element(document, f"urn:sphinx-modelcards:model/{m}") for m in "abc")
    assert a["releaseTime"] == "2024-05-01T00:00:00Z"  # month precision: the first
    assert "releaseTime" not in b
    assert c["ai_informationAboutTraining"] == "Base model: elsewhere."
    assert c["software_packageUrl"] == "pkg:huggingface/y/c"
    assert not [e for e in graph if e.get("relationshipType") == "descendantOf"]
    expressions = {
        e["simplelicensing_licenseExpression"]
        for e in graph
        if "simplelicensing_licenseExpression" in e
    }
    assert expressions == {"Apache-2.0", "LicenseRef-My-licence"}
    assert {e["name"] for e in graph if e["type"] == "Organization"} == {"X", "Y"}


# Epoch AI ---------------------------------------------------------------------------------------

EPOCH = TESTS / "data" / "epoch" / "notable_ai_models.csv"


def test_import_epoch(capsys: pytest.CaptureFixture[str], demo: Path) -> None:
    status, out, err = run(capsys, "import-epoch", EPOCH, "--out", demo)
    assert status == 0, out
    # The demo's own llama-3.1-8b file is not overwritten (use --force for that).
    assert err == "2 imported, 0 unchanged, 1 kept, 0 skipped\n"
    assert f"{demo / TARGET}: " in out
    assert (
        f"warning: 1 organisation not in the labs registry, added to {demo / 'labs.yaml'}: "
        "Owlery Labs"
    ) in out
    owl = yaml.safe_load((demo / "models" / "owlery-labs" / "tiny-owl-1b.yaml").read_text("utf-8"))
    assert owl == {
        "id": "tiny-owl-1b",
        "name": "Tiny Owl 1B",
        "lab": "owlery-labs",
        "released": "2025-03-04",
        "parameters_b": {
            "value": 1.1,
            "status": "estimated",
            "source": "Epoch AI (confidence: Speculative)",
        },
        "training_tokens_b": {
            "value": 3000.0,
            "status": "estimated",
            "source": "Epoch AI (confidence: Speculative)",
        },
        "training_compute_flop": {
            "value": 2.4e22,
            "status": "estimated",
            "source": "Epoch AI (confidence: Speculative)",
        },
        "links": [{"kind": "other", "url": "https://example.org/owl"}],
    }
    labs_text = (demo / "labs.yaml").read_text("utf-8")
    assert labs_text.startswith((DEMO / "labs.yaml").read_text("utf-8"))  # comments kept
    catalog = load_catalog(Sources(data=(demo,)))
    assert catalog.problems == []
    assert catalog.models["owl-chat-1b"].base_model == ["Tiny Owl 1B"]
    assert catalog.models["llama-3.1-8b"].benchmarks["mmlu"] == 69.4


def test_epoch_round_trip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "import-epoch", EPOCH, "--out", tmp_path)[0] == 0
    status, out, _ = run(capsys, "export", tmp_path, "--format", "epoch")
    assert status == 0
    exported = {row["Model"]: row for row in csv.DictReader(out.splitlines())}
    with EPOCH.open(encoding="utf-8", newline="") as stream:
        original = {row["Model"]: row for row in csv.DictReader(stream)}
    assert set(exported) == set(original)
    for name, row in original.items():
        back = exported[name]
        assert back["Organization"] == row["Organization"].split(",")[0]
        assert back["Publication date"] == row["Publication date"]
        for column in (
            "Parameters",
            "Training dataset size (datapoints)",
            "Training compute (FLOP)",
        ):
            assert (float(back[column]) if back[column] else None) == (
                float(row[column]) if row[column] else None
            )
        for column in ("Confidence", "Base model", "Link"):
            assert back[column] == row[column], (name, column)


def write_catalog(folder: Path, *models: dict[str, Any]) -> None:
    """``models`` of lab ``x`` as a data folder."""
    (folder / "labs.yaml").write_text("- {id: x, name: X}\n", encoding="utf-8")
    (folder / "models.yaml").write_text(yaml.safe_dump(list(models)), encoding="utf-8")


def test_epoch_export_of_hand_written_numbers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Numbers Epoch did not qualify export the confidence of their status, the least sure
    of a row; a stated training compute is exported, never the 6 x N x D estimate."""
    write_catalog(
        tmp_path,
        {
            "id": "a",
            "name": "A",
            "lab": "x",
            "parameters_b": {"value": 7, "status": "disclosed"},
            "training_tokens_b": {"value": 2000, "status": "claimed"},
            "training_compute_flop": 9e22,
        },
        {"id": "b", "name": "B", "lab": "x", "parameters_b": 7, "training_tokens_b": 2000},
    )
    status, out, _ = run(capsys, "export", tmp_path, "--format", "epoch")
    assert status == 0
    rows = {row["Model"]: row for row in csv.DictReader(out.splitlines())}
    assert (rows["A"]["Confidence"], rows["A"]["Training compute (FLOP)"]) == ("Likely", "9e+22")
    # No stated compute, no provenance: both columns stay empty (the estimate is ours).
    assert (rows["B"]["Confidence"], rows["B"]["Training compute (FLOP)"]) == ("", "")


def test_stated_training_compute_is_published(tmp_path: Path) -> None:
    write_catalog(
        tmp_path,
        {"id": "a", "name": "A", "lab": "x", "parameters_b": 7, "training_tokens_b": 2000},
        {
            "id": "b",
            "name": "B",
            "lab": "x",
            "parameters_b": 7,
            "training_tokens_b": 2000,
            "training_compute_flop": {"value": 9.1234e22, "status": "disclosed"},
        },
    )
    catalog = load_catalog(Sources(data=(tmp_path,)))
    assert catalog.problems == []
    a, b = records(catalog)
    assert (a["training_compute_flop"], a["training_compute_stated"]) == (8.4e22, False)
    assert (b["training_compute_flop"], b["training_compute_stated"]) == (9.1234e22, True)
    assert b["provenance"]["training_compute_flop"] == {"status": "disclosed"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"Name,Year\nX,2024\n",
            "no column 'Model', 'Organization'; expected Epoch AI's notable_ai_models.csv",
        ),
        (
            "Model,Organization\nCaf\u00e9 7B,Acme\n".encode("latin-1"),
            "not UTF-8 text (byte 0xe9 at offset 22)",
        ),
    ],
)
def test_bad_epoch_csv_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    out_dir = tmp_path / "data"
    status, out, err = run(capsys, "import-epoch", EPOCH, bad, "--out", out_dir)
    assert (status, out) == (1, "")
    assert err.startswith(f"error: {bad}: ") and message in err
    assert not out_dir.exists()
