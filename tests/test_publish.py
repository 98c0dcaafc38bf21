"""``modelcards.json`` and ``modelcards.csv``: written by HTML builds, checked on the corpus."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_modelcards.data import metrics, registry
from sphinx_modelcards.data.export import CSV_COLUMNS, CSV_TAIL_COLUMNS, DOWNLOAD_FILES
from sphinx_modelcards.data.schema import MONTHS
from sphinx_modelcards.importers.markdown import import_markdown, model_id_for

ROOTS = Path(__file__).parent / "roots"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus" / "llm-leaderboard"

MakeApp = Callable[..., SphinxTestApp]


def published(app: SphinxTestApp) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((app.outdir / "modelcards.json").read_text("utf-8"))
    return data


def by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in data["models"]}


# The test root ----------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="basic", srcdir="publish-json")
def test_json_records(app: SphinxTestApp) -> None:
    app.build()
    data = published(app)
    assert data["schema_version"] == 1
    assert data["generator"] == "sphinx-modelcards"
    ids = [item["id"] for item in data["models"]]
    assert (
        ids
        == sorted(ids)
        == [
            "acme-next",
            "acme-pico",
            "acme-titan",
            "borealis-70b",
            "borealis-7b",
            "cirrus-1",
            "cirrus-2",
        ]
    )
    models = by_id(data)
    titan = models["acme-titan"]
    assert titan["alscore"] == 20.0
    assert titan["alscore_tier"] == "Extremely powerful"
    assert titan["token_param_ratio"] == 25.0
    assert titan["compute_optimal"] is True
    assert titan["page"] == "catalog/models/acme-titan.html"
    assert titan["lab"] == {"id": "acme", "name": "Acme Research"}
    assert titan["released"] == "2025-03"
    assert titan["benchmarks"] == {"mmlu": 91.5, "mmlu-pro": 80.2, "gpqa": 70.0, "hle": 21.3}
    assert titan["tags"] == ["SOTA", "Reasoning"]
    assert titan["links"][0] == {
        "kind": "paper",
        "url": "https://arxiv.org/abs/0000.00000",
        "title": "Titan technical report",
    }
    assert titan["links"][1]["title"] is None
    assert titan["license"] == "apache-2.0"
    assert (titan["parameters_b"], titan["active_parameters_b"]) == (1200, 90)
    assert (titan["training_tokens_b"], titan["context_window"]) == (30000, 200000)

    nxt = models["acme-next"]
    assert nxt["released"] == "TBA"
    assert nxt["alscore"] is None
    assert nxt["alscore_tier"] is None
    assert nxt["token_param_ratio"] is None
    assert nxt["compute_optimal"] is None

    cirrus = models["cirrus-1"]
    assert cirrus["parameters_b"] is None
    assert cirrus["training_tokens_b"] is None
    assert cirrus["alscore"] is None
    assert cirrus["name"] == "Cirrus-1 <Turbo>"
    assert cirrus["lab"]["name"] == "Cirrus Zürich AI"

    # Four decimals, computed from the data: sqrt(70 x 1000) / 300 and 1000 / 70.
    seventy = models["borealis-70b"]
    assert seventy["alscore"] == round(math.sqrt(70 * 1000) / 300, 4) == 0.8819
    assert seventy["token_param_ratio"] == 14.2857
    assert seventy["compute_optimal"] is False
    assert models["borealis-7b"]["benchmarks"] == {"mmlu": 62.0, "gpqa": None}

    text = (app.outdir / "modelcards.json").read_text("utf-8")
    assert text.endswith("}\n")
    assert "Zürich" in text  # not \u-escaped


@pytest.mark.sphinx("html", testroot="basic", srcdir="publish-csv")
def test_csv(app: SphinxTestApp) -> None:
    app.build()
    rows = list(csv.reader(io.StringIO((app.outdir / "modelcards.csv").read_text("utf-8"))))
    header, body = rows[0], rows[1:]
    benchmarks = ["benchmark:mmlu", "benchmark:mmlu-pro", "benchmark:gpqa", "benchmark:hle"]
    assert header == [*CSV_COLUMNS, *benchmarks, *CSV_TAIL_COLUMNS, "page"]
    assert len(body) == 7
    titan = dict(zip(header, body[2], strict=True))
    assert titan["id"] == "acme-titan"
    assert titan["alscore"] == "20"
    assert titan["alscore_tier"] == "Extremely powerful"
    assert titan["compute_optimal"] == "true"
    assert titan["benchmark:hle"] == "21.3"
    assert titan["tags"] == "SOTA; Reasoning"
    assert titan["links"] == "https://arxiv.org/abs/0000.00000 https://huggingface.co/acme/titan"
    assert titan["page"] == "catalog/models/acme-titan.html"
    cirrus = dict(zip(header, body[5], strict=True))
    assert (cirrus["parameters_b"], cirrus["alscore"], cirrus["compute_optimal"]) == ("", "", "")


def test_deterministic_and_written_once(make_app: MakeApp, tmp_path: Path) -> None:
    outputs = []
    for name in ("first", "second"):
        srcdir = tmp_path / name
        shutil.copytree(ROOTS / "test-basic", srcdir)
        app = make_app("html", srcdir=srcdir)
        app.build()
        outputs.append([(app.outdir / f).read_bytes() for f in DOWNLOAD_FILES])
    assert outputs[0] == outputs[1]

    # A rebuild with nothing changed leaves the files alone.
    stamps = [(app.outdir / f).stat().st_mtime_ns for f in DOWNLOAD_FILES]
    app = make_app("html", srcdir=tmp_path / "second")
    app.build()
    assert [(app.outdir / f).stat().st_mtime_ns for f in DOWNLOAD_FILES] == stamps


@pytest.mark.sphinx("text", testroot="basic", srcdir="publish-text")
def test_text_builder_publishes_nothing(app: SphinxTestApp) -> None:
    app.build()
    for name in DOWNLOAD_FILES:
        assert not (app.outdir / name).exists()


@pytest.mark.sphinx("dirhtml", testroot="basic", srcdir="publish-dirhtml")
def test_dirhtml_page_urls(app: SphinxTestApp) -> None:
    app.build()
    assert by_id(published(app))["acme-titan"]["page"] == "catalog/models/acme-titan/"


def test_card_inside_a_page_links_with_its_anchor(make_app: MakeApp, tmp_path: Path) -> None:
    shutil.copytree(ROOTS / "test-basic" / "data", tmp_path / "data")
    (tmp_path / "conf.py").write_text(
        'extensions = ["sphinx_modelcards"]\nmodelcards_data = "data"\n'
        "modelcards_generate = False\n",
        encoding="utf-8",
    )
    (tmp_path / "index.rst").write_text(
        "Home\n====\n\nIntro.\n\n.. modelcard:: acme-titan\n", encoding="utf-8"
    )
    app = make_app("html", srcdir=tmp_path)
    app.build()
    models = by_id(published(app))
    assert models["acme-titan"]["page"] == "index.html#mc-model-acme-titan"
    assert models["acme-pico"]["page"] is None


# The shared corpus: the legacy leaderboard, imported and built ---------------------------------

_FIELD = re.compile(r"^\s*(?:-\s+)?\*\*(?P<key>[^*]+?):\*\*\s*(?P<value>.*?)\s*$")


@dataclass
class SourcePage:
    """What a legacy model page states, read independently of the importer."""

    path: Path
    title: str
    fields: dict[str, str]
    tagline: str
    sections: dict[str, list[str]] = field(default_factory=dict)

    def section(self, name: str) -> list[str]:
        return next((v for k, v in self.sections.items() if name in k.lower()), [])


def read_source(path: Path) -> SourcePage:
    title, tagline, fields = "", "", {}
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("# ") and not title:
            title = line[2:].strip()
        elif line.startswith("> ") and not tagline:
            tagline = line[2:].strip()
        elif line.startswith("## "):
            current = sections.setdefault(line[3:], [])
        elif line.strip() == "---":
            current = None
        elif current is not None:
            current.append(line)
        match = _FIELD.match(line)
        if match:
            fields.setdefault(match["key"].lower(), match["value"])
    return SourcePage(path, title, fields, tagline, sections)


def billions(text: str) -> float | None:
    value = text.removesuffix("B").replace(",", "")
    return None if value in {"-", ""} else float(value)


def release(text: str) -> str | None:
    if text == "TBA":
        return "TBA"
    month, year = text.split("/")
    return f"{year}-{MONTHS.index(month) + 1:02d}"


def printed_alscore(text: str) -> tuple[float | None, str | None]:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(?:\s*\((.+)\))?", text)
    return (float(match[1]), match[2]) if match else (None, None)


def printed_ratio(text: str) -> tuple[str | None, bool | None]:
    match = re.fullmatch(r"([\d,.]+):1\s*\S+\s*(Compute-optimal|Under-trained)", text)
    if not match:
        return None, None
    return match[1], match[2] == "Compute-optimal"


def benchmark_table(page: SourcePage) -> dict[str, float]:
    scores = {}
    for line in page.section("benchmarks"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[0].startswith("**") and cells[1] != "-":
            scores[cells[0].strip("*").lower()] = float(cells[1])
    return scores


def page_tags(page: SourcePage) -> set[str]:
    tags = set(re.findall(r"`([^`]+)`", " ".join(page.section("tags"))))
    if page.tagline != "Large Language Model":
        tags |= {t.strip() for t in page.tagline.split(",")}
    return tags


def page_urls(page: SourcePage) -> tuple[set[str], set[str]]:
    """Web URLs the Resources list links to, and every web URL on the page."""
    linked = set()
    for line in page.section("resources"):
        for target in re.findall(r"\]\(([^)]*(?:\([^)]*\))?[^)]*)\)", line):
            found = re.findall(r"https?://[^\s)]+", target)
            if len(found) == 1:
                linked.add(found[0].rstrip(".,;:"))
    everywhere = set(re.findall(r"https?://[^\s)\]<>]+", page.path.read_text("utf-8")))
    return linked, {u.rstrip(".,;:") for u in everywhere}


@dataclass(frozen=True)
class Corpus:
    """A legacy site and what its checks must find in it."""

    root: Path
    pages: int
    inconsistent: int
    lab_differences: tuple[str, ...]


#: Written for the tests (invented labs and models): runs everywhere.
VENDORED = Corpus(
    Path(__file__).parent / "data" / "legacy-site",
    6,
    1,
    ("harbor-labs: legacy page says 3, folder has 2",),
)
#: The real legacy leaderboard, when ../shared is present. The legacy site wrote CodeT5
#: and CodeT5+ to the same file; our ids keep them apart.
SHARED_CORPUS = Corpus(CORPUS, 180, 14, ("salesforce: legacy page says 6, folder has 5",))


@dataclass
class CorpusBuild:
    corpus: Corpus
    outdir: Path
    records: dict[str, dict[str, Any]]
    pages: list[SourcePage]
    warnings: str


@pytest.fixture(scope="module", params=["vendored", "shared"])
def corpus_build(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> CorpusBuild:
    corpus = VENDORED if request.param == "vendored" else SHARED_CORPUS
    if not corpus.root.is_dir():
        pytest.skip(
            f"{corpus.root} is not present: the real legacy corpus is optional "
            "(tests/data/legacy-site covers the same checks)"
        )
    project = tmp_path_factory.mktemp("corpus")
    summary = import_markdown([corpus.root / "models"], project / "data")
    assert len(summary.imported) == corpus.pages, summary.lines()
    assert not summary.skipped, summary.lines()
    (project / "conf.py").write_text(
        'extensions = ["sphinx_modelcards"]\nmodelcards_data = "data"\n', encoding="utf-8"
    )
    (project / "index.rst").write_text(
        "Corpus\n======\n\n.. toctree::\n\n   catalog/index\n", encoding="utf-8"
    )
    outdir = project / "_build" / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(project), str(outdir)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads((outdir / "modelcards.json").read_text("utf-8"))
    pages = [read_source(p) for p in sorted((corpus.root / "models").glob("*/*.md"))]
    return CorpusBuild(corpus, outdir, by_id(data), pages, result.stderr)


def _record_for(build: CorpusBuild, page: SourcePage) -> dict[str, Any]:
    lab = page.path.parent.name
    found = [r for r in build.records.values() if r["name"] == page.title and r["lab"]["id"] == lab]
    assert len(found) == 1, (page.path, found)
    return found[0]


def test_corpus_facts_match_the_source_pages(corpus_build: CorpusBuild) -> None:
    assert len(corpus_build.pages) == len(corpus_build.records) == corpus_build.corpus.pages
    assert corpus_build.warnings == ""
    for page in corpus_build.pages:
        record = _record_for(corpus_build, page)
        fields = page.fields
        where = page.path.relative_to(corpus_build.corpus.root)
        organization = re.fullmatch(r"\[(.+)\]\(\.\./\.\./labs/(.+)\.md\)", fields["organization"])
        assert organization, where
        lab_name, lab_id = organization.groups()
        assert record["lab"] == {"id": lab_id, "name": lab_name}, where
        assert record["released"] == release(fields["released"]), where
        assert record["access"] == fields["access"].split()[-1].lower(), where
        assert record["parameters_b"] == billions(fields["parameters"]), where
        assert record["training_tokens_b"] == billions(fields["training tokens"]), where
        assert record["benchmarks"] == benchmark_table(page), where
        assert set(record["tags"]) == page_tags(page), where
        linked, everywhere = page_urls(page)
        ours = {link["url"] for link in record["links"]}
        assert linked <= ours <= everywhere, where
        assert record["page"] == f"catalog/models/{record['id']}.html"
        assert (corpus_build.outdir / record["page"]).is_file()


@dataclass
class Inconsistency:
    page: str
    states: str
    why: str
    computed: str

    def __str__(self) -> str:
        return f"{self.page}: states {self.states}; {self.why}; we compute {self.computed}"


def _formula(record: dict[str, Any]) -> tuple[float | None, float | None]:
    params, tokens = record["parameters_b"], record["training_tokens_b"]
    if not params or not tokens:
        return None, None
    return math.sqrt(params * tokens) / 300, tokens / params


def _check_derived(page: SourcePage, record: dict[str, Any]) -> list[str]:
    """Why the page's printed figures disagree with themselves or the formula (empty: none)."""
    score, tier = printed_alscore(page.fields["alscore"])
    ratio_text, optimal = printed_ratio(page.fields["token:param ratio"])
    exact, ratio = _formula(record)
    tiers = registry.ALSCORE_TIERS
    reasons = []
    if score is not None and tier is None:
        reasons.append("the ALScore has no tier")
    if score is not None and tier is not None and metrics.tier(score, tiers) != tier:
        reasons.append(f"tier {tier!r} is not the tier of {score}")
    if (exact is None) != (score is None):
        reasons.append("the ALScore is printed without both inputs, or missing with both")
    if exact is not None and score is not None and abs(exact - score) > 0.05 + 1e-9:
        reasons.append(f"sqrt(params x tokens) / 300 = {exact:.3f}, not {score}")
    if (ratio is None) != (ratio_text is None):
        reasons.append("the ratio is printed without both inputs, or missing with both")
    if ratio is not None and ratio_text is not None:
        if float(ratio_text.replace(",", "")) not in {math.ceil(ratio), round(ratio)}:
            reasons.append(f"tokens / params = {ratio:.2f}, not {ratio_text}")
        if optimal != (ratio >= registry.COMPUTE_OPTIMAL_RATIO):
            reasons.append(
                f"{'compute-optimal' if optimal else 'under-trained'} although "
                f"tokens / params = {ratio:.2f}"
            )
    return reasons


def test_corpus_derived_figures(corpus_build: CorpusBuild) -> None:
    consistent = 0
    inconsistent: list[Inconsistency] = []
    rounded_up: list[str] = []
    for page in corpus_build.pages:
        record = _record_for(corpus_build, page)
        exact, ratio = _formula(record)
        # Ours always follow the formula, whatever the page printed.
        assert record["alscore"] == (None if exact is None else round(exact, 4))
        shown = None if exact is None else round(exact, 1)
        assert record["alscore_tier"] == metrics.tier(shown, registry.ALSCORE_TIERS)
        assert record["token_param_ratio"] == (None if ratio is None else round(ratio, 4))
        assert record["compute_optimal"] == (
            None if ratio is None else ratio >= registry.COMPUTE_OPTIMAL_RATIO
        )
        reasons = _check_derived(page, record)
        if not reasons:
            consistent += 1
            score, tier = printed_alscore(page.fields["alscore"])
            ratio_text, optimal = printed_ratio(page.fields["token:param ratio"])
            assert (shown, record["alscore_tier"]) == (score, tier), page.path
            assert record["compute_optimal"] == optimal, page.path
            if ratio is not None and metrics.format_ratio(ratio) != f"{ratio_text}:1":
                # The legacy site rounds the ratio up (87.2 -> 88:1); we round to nearest.
                assert ratio_text is not None
                assert float(ratio_text.replace(",", "")) == math.ceil(ratio), page.path
                rounded_up.append(page.path.stem)
            continue
        computed = (
            f"ALScore {record['alscore']} ({record['alscore_tier']}), "
            f"ratio {metrics.format_ratio(ratio)}, "
            f"{metrics.verdict(record['compute_optimal'], metrics.Thresholds())}"
        )
        states = f"ALScore {page.fields['alscore']!r}, ratio {page.fields['token:param ratio']!r}"
        inconsistent.append(
            Inconsistency(
                str(page.path.relative_to(corpus_build.corpus.root)),
                states,
                "; ".join(reasons),
                computed,
            )
        )
    print(
        f"\n{consistent} pages consistent ({len(rounded_up)} print the ratio rounded up, "
        f"where we round to nearest), {len(inconsistent)} self-inconsistent:"
    )
    for item in inconsistent:
        print(f"  {item}")
    assert consistent + len(inconsistent) == corpus_build.corpus.pages
    # The real corpus: twelve pages print "0.0" without a tier; two call a ratio below
    # 20:1 compute-optimal. The vendored one: Harbor 7B prints "0.0" without a tier.
    assert len(inconsistent) == corpus_build.corpus.inconsistent, "\n".join(map(str, inconsistent))


def test_corpus_lab_counts(corpus_build: CorpusBuild) -> None:
    differences = []
    root = corpus_build.corpus.root
    for folder in sorted(p for p in (root / "models").iterdir() if p.is_dir()):
        files = len(list(folder.glob("*.md")))
        html = (corpus_build.outdir / "catalog" / "labs" / f"{folder.name}.html").read_text("utf-8")
        match = re.search(r"Total models</strong>: ([\d,]+)", html)
        assert match, folder.name
        assert int(match[1].replace(",", "")) == files, folder.name
        legacy = (root / "labs" / f"{folder.name}.md").read_text("utf-8")
        stated = re.search(r"\*\*Total Models:\*\* (\d+)", legacy)
        if stated and int(stated[1]) != files:
            differences.append(f"{folder.name}: legacy page says {stated[1]}, folder has {files}")
    print("\nlegacy lab pages counting differently:", *differences, sep="\n  ")
    assert differences == list(corpus_build.corpus.lab_differences)
    assert model_id_for("CodeT5") != model_id_for("CodeT5+")


def test_data_files_follow_their_inputs_between_builds(make_app: MakeApp, tmp_path: Path) -> None:
    """Unchanged inputs: the files are not rewritten; a link suffix or a model change:
    they are."""
    shutil.copytree(ROOTS / "test-basic", tmp_path / "src", ignore=shutil.ignore_patterns("_build"))
    src, out = tmp_path / "src", tmp_path / "out"

    def build(**overrides: Any) -> SphinxTestApp:
        app = make_app("html", srcdir=src, builddir=out, confoverrides=overrides)
        app.build()
        return app

    app = build()
    json_file = app.outdir / "modelcards.json"
    assert by_id(published(app))["acme-titan"]["page"] == "catalog/models/acme-titan.html"
    written = json_file.stat().st_mtime_ns
    app = build()
    assert json_file.stat().st_mtime_ns == written  # nothing changed: not even regenerated
    app = build(html_link_suffix="")
    assert by_id(published(app))["acme-titan"]["page"] == "catalog/models/acme-titan"
    model = src / "data" / "models" / "acme" / "acme-titan.yaml"
    model.write_text(model.read_text("utf-8").replace("name: Acme Titan", "name: Acme Titan II"))
    app = build(html_link_suffix="")
    assert by_id(published(app))["acme-titan"]["name"] == "Acme Titan II"
