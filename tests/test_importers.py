"""Tests for the legacy markdown and Hugging Face importers."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sphinx_modelcards.data.schema import SLUG_PATTERN, Model, slugify
from sphinx_modelcards.importers.huggingface import (
    benchmark_id,
    read_hf_card,
    split_front_matter,
    write_hf_card,
)
from sphinx_modelcards.importers.markdown import (
    KEPT,
    IdAllocator,
    dump_yaml,
    import_markdown,
    link_kind,
    model_id_for,
    parse_access,
    parse_architecture,
    parse_billions,
    parse_model_card,
    parse_release,
    repair_mojibake,
)

from helpers import HOSTILE_HEAD

DATA = Path(__file__).parent / "data" / "importers"
LEGACY = DATA / "legacy"
HF = DATA / "hf"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed" / "000_b30b7534b79a32b8.txt"
CORPUS = SHARED / "corpus" / "llm-leaderboard"


def parse(relative: str) -> Any:
    path = LEGACY / relative
    return parse_model_card(path.read_text(encoding="utf-8"), path)


def needs(path: Path) -> None:
    if not path.exists():
        pytest.skip(
            f"{path} is not present: this check reads the optional shared corpus "
            "(tests/data covers the same code)"
        )


# ------------------------------------------------------------------ mojibake

#: En dash, right single quote, multiplication sign and angle quotes are escaped for ruff.
SYMBOLS = (
    "Zürich \u2013 “quoted” café\u2019s — 🟢 🟡 🔴 ❓ 📝 🏷️ 🎮 📄 🔗 "
    "← → ✅ ⚠️ √ \u00d7 ÷ • 😀 \u2039x\u203a"
)


@pytest.mark.parametrize("codepage", ["cp1252", "cp1254"])
def test_repair_mojibake_undoes_lossy_codepages(codepage: str) -> None:
    garbled = SYMBOLS.encode("utf-8").decode(codepage, errors="ignore")
    assert garbled != SYMBOLS
    assert repair_mojibake(garbled) == SYMBOLS


@pytest.mark.parametrize("text", [SYMBOLS, "北京智源 (BAAI)", "Grüezi “mitenand”", "a &amp b"])
def test_repair_mojibake_keeps_clean_text(text: str) -> None:
    assert repair_mojibake(text) == text


# ------------------------------------------------------------------ values


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("30.0B", 30),
        ("30000.0B", 30000),
        ("1,000", 1000),
        ("2,000.0B", 2000),
        ("0.7B", 0.7),
        ("1.5T", 1500),
        ("-B", None),
        ("-", None),
        (None, None),
    ],
)
def test_parse_billions(raw: str | None, value: float | None) -> None:
    assert parse_billions(raw) == value


@pytest.mark.parametrize("raw", ["1e3B", "lots", "0.0B"])
def test_parse_billions_refuses(raw: str) -> None:
    with pytest.raises(ValueError):
        parse_billions(raw)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("Dec/2024", "2024-12"),
        ("Sep/2023", "2023-09"),
        ("September 2023", "2023-09"),
        ("TBA", "TBA"),
        ("tba", "TBA"),
        ("2024-12-11", "2024-12-11"),
        ("-", None),
    ],
)
def test_parse_release(raw: str, value: str | None) -> None:
    assert parse_release(raw) == value


def test_parse_release_refuses_template_text() -> None:
    with pytest.raises(ValueError, match="Month/Year"):
        parse_release("Month/Year")


@pytest.mark.parametrize(
    ("raw", "level"),
    [
        ("🟢 Public", "public"),
        ("🟡 Limited", "limited"),
        ("🔴 Private", "private"),
        ("❓ Unknown", "unknown"),
        ("🔴", "private"),
        ("public", "public"),
        ("-", None),
    ],
)
def test_parse_access(raw: str, level: str | None) -> None:
    warnings: list[str] = []
    assert parse_access(raw, warnings) == level
    assert warnings == []


def test_parse_access_warns() -> None:
    warnings: list[str] = []
    assert parse_access("🟢 Private", warnings) == "private"
    assert parse_access("🟢/🔴/❓", warnings) == "unknown"
    assert len(warnings) == 2


@pytest.mark.parametrize(
    ("raw", "slug"),
    [
        ("MoE", "moe"),
        ("Dense", "dense"),
        ("MatFormer", "matformer"),
        ("Hybrid", "hybrid"),
        ("Compound", "compound"),
        ("CoE", "coe"),
        ("-", None),
    ],
)
def test_parse_architecture(raw: str, slug: str | None) -> None:
    assert parse_architecture(raw) == slug


@pytest.mark.parametrize(
    ("label", "prefix", "url", "kind"),
    [
        ("Try the Model", "🎮 ", "https://example.org", "playground"),
        ("Technical Documentation", "📄 ", "https://arxiv.org/abs/1", "docs"),
        ("Paper", "", "https://example.org", "paper"),
        ("Announcement blog", "", "https://example.org", "announcement"),
        ("", "📰", "https://example.org", "announcement"),
        ("Weights", "", "https://example.org", "weights"),
        ("🔗", "", "https://arxiv.org/abs/2501.00001", "paper"),
        ("🔗", "", "https://example.org", "other"),
    ],
)
def test_link_kind(label: str, prefix: str, url: str, kind: str) -> None:
    assert link_kind(label, prefix, url) == kind


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("CodeT5", "codet5"),
        ("CodeT5+", "codet5-plus"),
        ("Transformer++", "transformer-plus-plus"),
        ("Gemini 2.0 Flash exp", "gemini-2.0-flash-exp"),
        ("Schwiizertüütsch-LM 2", "schwiizertuutsch-lm-2"),
    ],
)
def test_model_id_for(name: str, slug: str) -> None:
    assert model_id_for(name) == slug


@given(st.lists(st.text(max_size=40), max_size=30))
def test_id_allocator_gives_distinct_valid_ids(names: list[str]) -> None:
    ids = IdAllocator()
    claimed = [ids.claim(model_id_for(name) if slugify(name) != "x" else "x") for name in names]
    assert len(set(claimed)) == len(claimed)
    assert all(re.match(SLUG_PATTERN, i) for i in claimed)
    assert all(len(i) <= 120 for i in claimed)


def test_id_allocator_keeps_long_ids_in_bounds() -> None:
    ids = IdAllocator()
    long = "a" * 120
    assert ids.claim(long) == long
    second = ids.claim(long)
    assert second.endswith("-2") and len(second) == 120


@given(st.text(max_size=200), st.lists(st.text(min_size=1, max_size=40), max_size=5))
def test_dump_yaml_round_trips_any_text(text: str, items: list[str]) -> None:
    data = {"notes": text, "summary": "\n".join(items) + text, "tags": items}
    assert yaml.safe_load(dump_yaml(data)) == data


# ------------------------------------------------------------------ model pages


def test_clean_card() -> None:
    result = parse("models/acme/nova-7b.md")
    assert result.warnings == []
    assert (result.lab_id, result.lab_name) == ("acme", "Acme Labs")
    assert result.model == {
        "id": "nova-7b",
        "name": "Nova 7B",
        "lab": "acme",
        "released": "2025-03",
        "access": "public",
        "architecture": "moe",
        "parameters_b": 7.5,
        "training_tokens_b": 2000,
        "dataset_types": ["synthetic", "web-scale"],
        "benchmarks": {"mmlu": 71.5, "mmlu-pro": 48.25, "gpqa": 40.0, "hle": 3.1},
        "tags": ["Reasoning", "SOTA"],
        "notes": "Small model for tests. Trained on the Acme cluster.",
        "links": [
            {"kind": "playground", "url": "https://example.org/playground/nova-7b"},
            {"kind": "docs", "url": "https://example.org/docs/nova-7b"},
            {
                "kind": "paper",
                "url": "https://arxiv.org/abs/2501.00001",
                "title": "Nova: a small model",
            },
            {"kind": "announcement", "url": "https://example.org/blog/nova-7b"},
        ],
        "last_updated": dt.date(2025, 9, 30),
    }
    Model.model_validate(result.model)


def _load_generator() -> Any:
    spec = importlib.util.spec_from_file_location("make_mojibake", DATA / "make_mojibake.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_mojibake_card_imports_like_the_clean_text() -> None:
    path = LEGACY / "models/acme/mojibake.md"
    raw = path.read_text(encoding="utf-8")
    assert "Ã©" in raw and "ðŸ" in raw  # the fixture really is garbled
    garbled = parse_model_card(raw, path)
    clean = parse_model_card(_load_generator().CLEAN, path)
    assert garbled.model == clean.model
    assert garbled.warnings == []
    model = garbled.model
    assert model is not None
    assert model["name"] == "Café Nova 2 — “Turbo”"
    assert model["notes"] == (
        "Built in Zürich \u2013 the “Turbo” variant\u2019s outputs are watermarked ⚠️."
    )
    assert model["access"] == "public"
    assert model["benchmarks"] == {"mmlu": 87.0, "gpqa": 62.1}
    assert [link["kind"] for link in model["links"]] == ["playground", "docs", "announcement"]


def test_missing_values_tba_and_odd_links() -> None:
    result = parse("models/acme/tba-model.md")
    assert result.warnings == []
    model = result.model
    assert model is not None
    assert model["released"] == "TBA"
    assert model["access"] == "unknown"
    for key in ("architecture", "parameters_b", "training_tokens_b", "benchmarks", "tags"):
        assert key not in model
    assert "summary" not in model  # "Large Language Model" is the legacy placeholder
    assert model["notes"] == "Try the Model: Github (train/deploy). Abandoned."
    assert model["links"] == [{"kind": "docs", "url": "https://example.org/docs/future?view=(all)"}]
    assert Model.model_validate(model).released is not None


def test_bad_values_are_left_out_with_warnings() -> None:
    result = parse("models/acme/codet5-small.md")
    model = result.model
    assert model is not None
    assert "training_tokens_b" not in model and "benchmarks" not in model
    assert model["tags"] == ["Code"]
    assert len(result.warnings) == 3
    assert any("120" in w for w in result.warnings)


def test_inconsistent_page_warns() -> None:
    result = parse("models/acme/inconsistent.md")
    assert result.model is not None and result.model["access"] == "private"
    assert result.model["architecture"] == "coe"
    text = "\n".join(result.warnings)
    assert "disagree" in text and "without a tier" in text and "9.9" in text


def test_unicode_lab_and_model_names() -> None:
    swiss = parse("models/eth-zurich/schwiizertuutsch-lm-2.md")
    assert (swiss.lab_id, swiss.lab_name) == ("eth-zurich", "ETH Zürich")
    assert swiss.model is not None
    assert swiss.model["summary"].startswith("Swiss German dialect model")
    assert swiss.model["notes"] == "Grüezi! “Dialect-first” — see the café demo."
    wudao = parse("models/baai/wudao.md")
    assert (wudao.lab_id, wudao.lab_name) == ("baai", "北京智源 (BAAI)")
    assert wudao.model is not None
    assert (wudao.model["id"], wudao.model["name"]) == ("wudao", "悟道")
    assert wudao.model["parameters_b"] == 1750


def test_same_file_name_different_models_get_distinct_ids() -> None:
    plus, plain = parse("models/acme/codet5.md"), parse("models/acme/codet5-small.md")
    assert plus.model is not None and plain.model is not None
    assert (plus.model["id"], plain.model["id"]) == ("codet5-plus", "codet5")
    assert plus.model["notes"] == "Code model, the larger sibling."
    assert plus.model["last_updated"] == dt.date(2025, 10, 2)


@pytest.mark.parametrize(
    ("relative", "reason"),
    [
        ("labs/acme.md", "lab page"),
        ("rankings/by-mmlu.md", "rankings page"),
        ("README.md", "README page"),
        ("models/acme/no-org.md", "without an **Organization:** line"),
    ],
)
def test_non_model_pages_are_skipped(relative: str, reason: str) -> None:
    result = parse(relative)
    assert result.skipped and result.model is None
    assert result.skip_reason is not None and reason in result.skip_reason


def test_page_without_path_or_title() -> None:
    assert parse_model_card("**Organization:** Acme\n").skip_reason == (
        "model card without a '# Name' title"
    )
    result = parse_model_card("# Solo\n\n**Organization:** Acme Labs\n**Access:** 🟢 Public\n")
    assert result.model == {"id": "solo", "name": "Solo", "lab": "acme-labs", "access": "public"}


# ------------------------------------------------------------------ import runs


def test_import_markdown_writes_valid_files(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    summary = import_markdown([LEGACY], tmp_path, progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (14, 14) and len(calls) == 14
    assert len(summary.imported) == 9
    assert {s.path.name for s in summary.skipped} == {
        "README.md",
        "acme.md",
        "by-mmlu.md",
        "no-org.md",
        "inconsistent.md",
    }
    invalid = next(s for s in summary.skipped if s.path.name == "inconsistent.md")
    assert invalid.reason.startswith("invalid:") and "active_parameters_b" in invalid.reason
    [collision] = summary.collisions
    assert (collision.wanted, collision.used) == ("nova", "nova-2")
    assert collision.first == LEGACY / "models/alpha/nova.md"
    assert (tmp_path / "models/beta/nova-2.yaml").is_file()
    ids = set()
    for path in summary.imported:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        model = Model.model_validate(data)
        assert path == tmp_path / "models" / model.lab / f"{model.id}.yaml"
        assert list(data) == [f for f in Model.model_fields if f in data]
        ids.add(model.id)
    assert len(ids) == 9
    labs = yaml.safe_load((tmp_path / "labs.yaml").read_text(encoding="utf-8"))
    assert {"id": "eth-zurich", "name": "ETH Zürich"} in labs
    assert [lab["id"] for lab in labs] == ["acme", "alpha", "baai", "beta", "eth-zurich"]
    assert "Zürich" in (tmp_path / "labs.yaml").read_text(encoding="utf-8")
    assert summary.lines()[-1] == (
        "9 imported, 0 unchanged, 0 kept, 5 skipped, 1 id collisions resolved"
    )


def test_import_markdown_never_clobbers_edits(tmp_path: Path) -> None:
    source = LEGACY / "models/acme/nova-7b.md"
    target = tmp_path / "models/acme/nova-7b.yaml"
    import_markdown([source], tmp_path)
    again = import_markdown([source], tmp_path)
    assert (again.unchanged, again.labs_status) == ([target], "unchanged")
    target.write_text(target.read_text(encoding="utf-8") + "summary: edited\n", encoding="utf-8")
    kept = import_markdown([source], tmp_path)
    assert kept.kept == [target] and kept.imported == []
    assert f"{target}: {KEPT}" in kept.lines()
    assert "edited" in target.read_text(encoding="utf-8")
    forced = import_markdown([source], tmp_path, force=True)
    assert forced.imported == [target]
    assert "edited" not in target.read_text(encoding="utf-8")


def test_labs_file_keeps_user_entries(tmp_path: Path) -> None:
    labs = tmp_path / "labs.yaml"
    labs.write_text("- id: acme\n  name: ACME Inc.\n  url: https://acme.example\n", "utf-8")
    same = import_markdown([LEGACY / "models/acme/nova-7b.md"], tmp_path)
    assert same.labs_status == "unchanged"
    more = import_markdown([LEGACY / "models/alpha"], tmp_path)
    assert more.labs_status == KEPT
    forced = import_markdown([LEGACY / "models/alpha"], tmp_path, force=True)
    assert forced.labs_status == "written"
    assert yaml.safe_load(labs.read_text("utf-8")) == [
        {"id": "acme", "name": "ACME Inc.", "url": "https://acme.example"},
        {"id": "alpha", "name": "Alpha AI"},
    ]


# ------------------------------------------------------------------ Hugging Face


def hf_card(name: str = "nova-7b-instruct.md") -> Any:
    text = (HF / name).read_text(encoding="utf-8")
    return read_hf_card(text, lab="acme", model_id="acme/Nova-7B-Instruct")


@pytest.mark.parametrize(
    ("name", "bench"),
    [
        ("cais/mmlu", "mmlu"),
        ("MMLU (5-Shot)", "mmlu"),
        ("TIGER-Lab/MMLU-Pro", "mmlu-pro"),
        ("MMLU-PRO (5-shot)", "mmlu-pro"),
        ("Idavidrein/gpqa", "gpqa"),
        ("gpqa_diamond", "gpqa"),
        ("Humanity's Last Exam", "hle"),
        ("cais/hle", "hle"),
        ("mmlu-redux", None),
        ("hellaswag", "hellaswag"),
        ("HellaSwag (10-Shot)", "hellaswag"),
        ("leaderboard_ifeval", "ifeval"),
        ("a-private-eval", None),
    ],
)
def test_benchmark_id(name: str, bench: str | None) -> None:
    assert benchmark_id(name) == bench


def test_read_hf_card() -> None:
    card = hf_card()
    model = Model.model_validate(card.model)
    assert (model.id, model.name, model.lab) == ("nova-7b-instruct", "Nova-7B-Instruct", "acme")
    assert model.benchmarks == {
        "mmlu": 71.5,
        "mmlu-pro": 48.25,
        "gpqa": 12.5,
        "hle": 3.1,
        "hellaswag": 80.2,
    }
    assert model.license == "apache-2.0"
    assert model.base_model == ["acme/nova-7b-base", "acme/nova-7b-sft"]
    assert model.dataset_types == ["HuggingFaceFW/fineweb", "acme/instructions"]
    assert model.tags == ["text-generation-inference", "reasoning", "text-generation"]
    assert [link.kind for link in model.links] == ["weights", "paper"]
    assert set(card.unmapped) == {"language", "library_name", "widget"}
    assert card.unmapped_results == []
    assert card.warnings == []


def test_hf_round_trip_keeps_everything() -> None:
    card = hf_card()
    text = write_hf_card(Model.model_validate(card.model), original=card)
    metadata, body = split_front_matter(text)
    assert metadata == card.metadata
    assert body == card.body
    assert len(metadata["model-index"][0]["results"]) == 5


def test_hf_write_updates_changed_scores_in_their_scale() -> None:
    card = hf_card()
    model = Model.model_validate(card.model)
    changed = model.model_copy(
        update={"benchmarks": {**model.benchmarks, "mmlu": 80.0, "gpqa": None}}
    )
    metadata, _ = split_front_matter(write_hf_card(changed, original=card))
    results = metadata["model-index"][0]["results"]
    assert results[0]["metrics"][0]["value"] == 0.8
    assert [r["dataset"]["type"] for r in results] == [
        "cais/mmlu",
        "TIGER-Lab/MMLU-Pro",
        "other",
        "hellaswag",
    ]
    assert metadata["base_model"] == card.metadata["base_model"]
    renamed = model.model_copy(update={"name": "Nova 7B Chat", "tags": ["chat"]})
    metadata, _ = split_front_matter(write_hf_card(renamed, original=card))
    assert metadata["model-index"][0]["name"] == "Nova 7B Chat"
    assert metadata["tags"] == ["chat"] and metadata["pipeline_tag"] == "text-generation"


def test_hf_fresh_card_reads_back() -> None:
    model = Model.model_validate(parse("models/acme/nova-7b.md").model)
    text = write_hf_card(model)
    assert text.startswith("---\n") and "# Nova 7B" in text
    back = read_hf_card(text, lab="acme", model_id=None)
    assert back.model["benchmarks"] == model.benchmarks
    assert (back.model["id"], back.model["name"]) == ("nova-7b", "Nova 7B")
    assert back.model["tags"] == model.tags


def test_hf_cards_with_little_metadata() -> None:
    minimal = read_hf_card((HF / "minimal.md").read_text("utf-8"), lab=None, model_id="x/tiny")
    assert minimal.model == {
        "id": "tiny",
        "name": "tiny",
        "lab": "x",
        "links": [{"kind": "weights", "url": "https://huggingface.co/x/tiny"}],
        "tags": ["reasoning"],
        "license": "mit",
        "hf_id": "x/tiny",
    }
    bare = read_hf_card((HF / "no-front-matter.md").read_text("utf-8"), lab=None, model_id=None)
    assert bare.metadata == {} and bare.body.startswith("# Just markdown")
    assert bare.warnings == ["no lab given; using 'unknown'"]
    Model.model_validate(bare.model)


def test_front_matter_must_be_a_mapping() -> None:
    with pytest.raises(ValueError, match="mapping"):
        split_front_matter("---\n- a\n---\nbody")


# ------------------------------------------------------------------ shared material


def test_seed_imports_clean() -> None:
    needs(SEED)
    result = parse_model_card(SEED.read_text(encoding="utf-8"), SEED)
    model = result.model
    assert model is not None and result.warnings == []
    assert model["name"] == "Gemini 2.0 Flash exp"
    assert (model["lab"], result.lab_name) == ("google-deepmind", "Google DeepMind")
    assert (model["released"], model["access"], model["architecture"]) == (
        "2024-12",
        "public",
        "moe",
    )
    assert (model["parameters_b"], model["training_tokens_b"]) == (30, 30000)
    assert model["benchmarks"] == {"mmlu": 87.0, "mmlu-pro": 76.4, "gpqa": 62.1}
    assert model["tags"] == ["SOTA"] and len(model["links"]) >= 2
    assert model["last_updated"] == dt.date(2025, 10, 2)
    text = dump_yaml(model)
    text.encode("utf-8")
    for junk in ("ğŸ", "ðŸ", "Ã", "â€"):
        assert junk not in text
    Model.model_validate(model)


def test_seed_matches_example_and_corpus_page() -> None:
    needs(SEED)
    seed = parse_model_card(SEED.read_text(encoding="utf-8"), SEED).model
    assert seed is not None
    example = SHARED / "examples" / "gemini-2.0-flash-exp.yaml"
    if example.exists():
        expected = Model.model_validate(yaml.safe_load(example.read_text(encoding="utf-8")))
        ours = Model.model_validate(seed)
        for field in ("id", "name", "lab", "released", "access", "architecture", "benchmarks"):
            assert getattr(ours, field) == getattr(expected, field)
        assert {link.url for link in ours.links} == {link.url for link in expected.links}
    page = CORPUS / "models" / "google-deepmind" / "gemini-20-flash-exp.md"
    if page.exists():
        assert parse_model_card(page.read_text(encoding="utf-8"), page).model == seed


#: A legacy site written for the tests (runs everywhere), and the real one when present.
SITES = {"vendored": (Path(__file__).parent / "data" / "legacy-site", 6), "shared": (CORPUS, 180)}


@pytest.mark.parametrize("site", sorted(SITES))
def test_corpus_models_import_one_file_per_page(tmp_path: Path, site: str) -> None:
    root, count = SITES[site]
    models = root / "models"
    needs(models)
    pages = sorted(models.rglob("*.md"))
    summary = import_markdown([models], tmp_path)
    assert summary.skipped == [] and summary.kept == []
    assert len(summary.imported) == len(pages) == count
    ids = [path.stem for path in summary.imported]
    assert len(set(ids)) == len(ids)
    for path in summary.imported:
        Model.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    labs = yaml.safe_load((tmp_path / "labs.yaml").read_text(encoding="utf-8"))
    assert len(labs) == len({p.parent.name for p in pages})


@pytest.mark.parametrize("site", sorted(SITES))
@pytest.mark.parametrize(("folder", "reason"), [("labs", "lab page"), ("rankings", "rankings")])
def test_corpus_non_model_pages_are_skipped(
    tmp_path: Path, folder: str, reason: str, site: str
) -> None:
    root = SITES[site][0]
    needs(root / folder)
    summary = import_markdown([root / folder], tmp_path)
    assert summary.imported == [] and summary.skipped
    assert all(reason in item.reason for item in summary.skipped)
    assert not (tmp_path / "labs.yaml").exists()


def test_corpus_model_through_hf_round_trip() -> None:
    needs(SEED)
    model = Model.model_validate(parse_model_card(SEED.read_text(encoding="utf-8")).model)
    card = read_hf_card(write_hf_card(model), lab=model.lab, model_id=model.id)
    assert card.model["benchmarks"] == model.benchmarks
    again = write_hf_card(Model.model_validate(card.model), original=card)
    assert split_front_matter(again)[0]["model-index"] == card.metadata["model-index"]


# ------------------------------------------------------- hostile pages (issue 22)
# Each page used to cost quadratic time in regular-expression backtracking (minutes
# at these sizes). The parse runs in a subprocess with a generous timeout: a guard
# against a hang that lets the test fail, not a performance assertion (timings are
# in bench/scaling.py).

HOSTILE_SIZE = 200_000

_PARSE_IN_CHILD = """
import json, sys
import helpers
from sphinx_modelcards.importers.markdown import parse_model_card
page = getattr(helpers, sys.argv[1])(int(sys.argv[2])).rstrip() + sys.argv[3] + chr(10)
result = parse_model_card(page)
print(json.dumps({"model": result.model, "skip": result.skip_reason}, default=str))
"""


def _parse_hostile(page: str, tail: str = "") -> dict[str, Any]:
    """``parse_model_card`` of ``helpers.<page>(HOSTILE_SIZE)``, ``tail`` ending its last line."""
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), str(root / "tests")])}
    done = subprocess.run(
        [sys.executable, "-c", _PARSE_IN_CHILD, page, str(HOSTILE_SIZE), tail],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    parsed: dict[str, Any] = json.loads(done.stdout)
    return parsed


def test_unbalanced_links_do_not_hang_and_later_links_are_kept() -> None:
    result = _parse_hostile("unbalanced_links_page", "\n- [Paper](https://arxiv.org/abs/1)")
    assert result["skip"] is None
    model = result["model"]
    assert (model["id"], model["lab"]) == ("hostile", "acme")
    assert model["links"] == [{"kind": "paper", "url": "https://arxiv.org/abs/1"}]


def test_open_brackets_on_the_organization_line_do_not_hang() -> None:
    # No closing ``]`` anywhere (a link after the run would have ended the rescans).
    result = _parse_hostile("open_brackets_page")
    assert result["skip"] is None
    assert (result["model"]["id"], result["model"]["lab"]) == ("hostile", "unknown-lab")


def test_near_placeholder_notes_do_not_hang_and_are_kept() -> None:
    result = _parse_hostile("placeholder_notes_page")
    notes = result["model"]["notes"]
    assert notes.startswith("_ no ___") and notes.endswith("_x")
    assert len(notes) == len("_ no x") + HOSTILE_SIZE


@pytest.mark.parametrize(
    ("notes", "dropped"),
    [
        ("_No additional notes._", True),
        ("*No notes available*.", True),
        ("__ NO notes __", True),
        ("_ no ____x", False),
        ("_No notes*", False),
        ("_Notable_", False),
    ],
)
def test_placeholder_notes_are_recognised(notes: str, dropped: bool) -> None:
    result = parse_model_card(f"{HOSTILE_HEAD}\n## Additional Notes\n\n{notes}\n")
    assert result.model is not None
    assert ("notes" not in result.model) is dropped
