"""The documentation: it builds without a warning, and its reference covers the code.

The docs are built the way CI builds them (``python -m sphinx -nW --keep-going -b html``)
in a fresh process, from a copy of ``docs/`` in a temporary folder: the extension writes
the generated ``catalog/`` pages into the source folder, and a copy keeps the checkout
untouched and lets several test runs go on at once.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from docutils import nodes

import sphinx_modelcards
from sphinx_modelcards import cli
from sphinx_modelcards.data import schema
from sphinx_modelcards.sphinxext import config
from sphinx_modelcards.sphinxext.domain import ModelcardsDomain

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"


def _copy_docs(target: Path) -> Path:
    """``docs/`` and the files it includes from outside it, without build output."""
    shutil.copytree(DOCS, target / "docs", ignore=shutil.ignore_patterns("_build", "catalog"))
    for name in ("CHANGELOG.md",):
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, target / name)
    results = REPO / "bench" / "results"
    if results.is_dir():
        shutil.copytree(results, target / "bench" / "results")
    return target / "docs"


def _sphinx(src: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sphinx", "-nW", "--keep-going", "-b", "html", *extra]
    return subprocess.run(
        [*command, str(src), str(out)], capture_output=True, text=True, check=False, timeout=600
    )


def _warnings(output: str) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", output)
    return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The docs, built once for this module; the HTML output folder."""
    root = tmp_path_factory.mktemp("docs")
    src = _copy_docs(root)
    out = root / "html"
    result = _sphinx(src, out, "-d", str(root / "doctrees"))
    warnings = _warnings(result.stdout + result.stderr)
    assert result.returncode == 0, "\n".join(warnings) or result.stderr[-3000:]
    assert warnings == []
    return out


def _page(site: Path, name: str) -> str:
    return (site / f"{name}.html").read_text(encoding="utf-8")


def test_docs_build_without_warnings(site: Path) -> None:
    for page in (
        "index",
        "tutorial",
        "how-to/index",
        "how-to/myst",
        "reference/index",
        "explanation/index",
        "performance",
        "changelog",
        "gallery",
        "development",
        "catalog/index",
    ):
        assert (site / f"{page}.html").is_file(), page
    assert (site / "objects.inv").is_file()


# What the extension registers ------------------------------------------------------------------


def _registered() -> tuple[dict[str, type], dict[str, type]]:
    """Directives ``setup()`` registers: top-level by name, ``mc`` ones by ``mc:name``."""
    app = mock.MagicMock()
    sphinx_modelcards.setup(app)
    top = {call.args[0]: call.args[1] for call in app.add_directive.call_args_list}
    domain = {
        f"{call.args[0]}:{call.args[1]}": call.args[2]
        for call in app.add_directive_to_domain.call_args_list
    }
    return top, domain


def _directives() -> Iterator[tuple[str, type]]:
    top, domain = _registered()
    yield from top.items()
    yield from domain.items()


def test_the_registry_is_read() -> None:
    names = [name for name, _ in _directives()]
    assert {"modelcard", "leaderboard", "mc:lab", "mc:index", "mc:summary"} <= set(names)


@pytest.mark.parametrize(("name", "cls"), list(_directives()), ids=lambda v: str(v))
def test_every_directive_option_is_documented(site: Path, name: str, cls: Any) -> None:
    html = _page(site, "reference/directives")
    assert f'id="{nodes.make_id("directive-" + name)}"' in html, f"no entry for {name}"
    for option in getattr(cls, "option_spec", None) or {}:
        anchor = nodes.make_id(f"directive-option-{name}-{option}")
        assert f'id="{anchor}"' in html, f"{name} :{option}: is not in the reference"
        assert f":{option}:" in html


def test_every_config_value_is_documented(site: Path) -> None:
    html = _page(site, "reference/configuration")
    for value in config.CONFIG_VALUES:
        assert f'id="confval-{value.name}"' in html, value.name
        assert value.name in html


def test_every_role_is_documented(site: Path) -> None:
    html = _page(site, "reference/roles")
    for role in ModelcardsDomain.roles:
        assert f":mc:{role}:" in html, role


def test_every_schema_field_is_documented(site: Path) -> None:
    html = _page(site, "reference/data-format")
    for name, model in schema.ENTRY_MODELS.items():
        for field in model.model_fields:
            assert f'<span class="pre">{field}</span>' in html, f"{name}: {field}"


def test_every_cli_command_is_documented(site: Path) -> None:
    html = _page(site, "reference/cli")
    parser = cli.build_parser()
    commands = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for command in commands.choices:
        assert f'id="cli-{command}"' in html, command


def test_json_schemas_are_published(site: Path) -> None:
    for kind in cli.SCHEMA_KINDS:
        assert (site / "schema" / f"v{schema.SCHEMA_VERSION}" / f"{kind}.json").is_file()


def test_intersphinx_example_resolves(site: Path) -> None:
    html = _page(site, "how-to/intersphinx")
    assert 'href="../catalog/models/llama-3.1-8b.html#mc-model-llama-3.1-8b"' in html


# The tutorial ----------------------------------------------------------------------------------


def test_tutorial_project_builds(tmp_path: Path) -> None:
    """The files the tutorial shows make a project that builds with ``-W``."""
    src = tmp_path / "owl-catalog"
    shutil.copytree(DOCS / "_tutorial", src)
    result = _sphinx(src, tmp_path / "html")
    assert result.returncode == 0, "\n".join(_warnings(result.stdout + result.stderr))
    assert _warnings(result.stdout + result.stderr) == []
    assert (tmp_path / "html" / "catalog" / "models" / "owl-7b.html").is_file()
    assert (tmp_path / "html" / "catalog" / "labs" / "nightjar-labs.html").is_file()


def test_tutorial_shows_the_model_file_it_renders() -> None:
    """The card rendered in the tutorial is the model file the tutorial shows."""
    page = (DOCS / "tutorial.rst").read_text(encoding="utf-8")
    match = re.search(r"^\.\. modelcard::\n(?:   :.*\n)*\n((?:   .*\n|\n)+)", page, re.M)
    assert match, "the tutorial has no inline modelcard"
    inline = "\n".join(line[3:] for line in match[1].splitlines()).strip()
    shown = (DOCS / "_tutorial" / "data" / "models" / "owl-7b.yaml").read_text(encoding="utf-8")
    assert inline == shown.strip()


# The docs extension keeps the reference complete ------------------------------------------------


@pytest.fixture
def reference_ext(monkeypatch: pytest.MonkeyPatch) -> Any:
    """``docs/_ext/modelcards_reference.py``, importable as Sphinx will import it."""
    monkeypatch.syspath_prepend(str(DOCS / "_ext"))
    import modelcards_reference

    return modelcards_reference


def test_field_fallbacks_are_all_still_needed(reference_ext: Any) -> None:
    """A fallback description for a field the schema now describes is stale: remove it
    (this test replaces the note the docs build used to print)."""
    models = reference_ext.schema_models()
    stale = [
        f"{name}.{field}"
        for name, fields in reference_ext.FIELD_FALLBACKS.items()
        for field in fields
        if name not in models
        or field not in models[name].model_fields
        or models[name].model_fields[field].description
    ]
    assert stale == []


def test_stale_fallback_is_caught(reference_ext: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(reference_ext.FIELD_FALLBACKS, "Tag", {"name": "Display name."})
    with pytest.raises(AssertionError):
        test_field_fallbacks_are_all_still_needed(reference_ext)


def _build_page(make_app: Any, srcdir: Path, body: str, check: bool) -> str:
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_modelcards", "modelcards_reference"]\n'
        f"modelcards_reference_check = {check}\n",
        encoding="utf-8",
    )
    (srcdir / "index.rst").write_text(f"Reference\n=========\n\n{body}\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    return re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())


def test_an_undescribed_option_makes_the_build_warn(
    make_app: Any, tmp_path: Path, reference_ext: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(reference_ext.OPTION_DOCS["leaderboard"], "limit")
    warnings = _build_page(
        make_app, tmp_path / "src", ".. mc-options-reference:: leaderboard", check=False
    )
    assert "option leaderboard:limit has no description in OPTION_DOCS" in warnings


def test_an_undocumented_directive_makes_the_build_warn(
    make_app: Any, tmp_path: Path, reference_ext: Any
) -> None:
    warnings = _build_page(
        make_app, tmp_path / "src", ".. mc-options-reference:: modelcard", check=True
    )
    assert "directive 'leaderboard' is not documented" in warnings
    assert "directive 'modelcard' is not documented" not in warnings
