"""The size of a tag page does not grow with the number of tags (issue 22).

Above ``MAX_TOCTREE_ENTRIES`` tag pages are orphans and a tag page carries its own
models only: no navigation or prev/next link to the other tags. The limit is lowered here so that small projects cross it. Sizes, not times,
are compared; ``bench/README.md`` has the real 10,000-tag build.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinx_modelcards.sphinxext import pages

from helpers import build

MODELS = 5


def _project(root: Path, tags: int) -> Path:
    """``MODELS`` models sharing ``tags`` distinct tags; ``tag 1`` belongs to ``m1`` only."""
    (root / "data").mkdir(parents=True)
    (root / "conf.py").write_text(
        'extensions = ["sphinx_modelcards"]\nmodelcards_data = "data"\n', encoding="utf-8"
    )
    (root / "index.rst").write_text("Tags\n====\n\n.. toctree::\n\n   catalog/index\n")
    (root / "data" / "labs.yaml").write_text("- id: acme\n  name: Acme\n", encoding="utf-8")
    for m in range(MODELS):
        names = "".join(f"  - tag {t}\n" for t in range(m, tags, MODELS))
        (root / "data" / f"m{m}.yaml").write_text(
            f"id: m{m}\nname: Model {m}\nlab: acme\ntags:\n{names}", encoding="utf-8"
        )
    return root


def _tag_page_size(make_app, root: Path, tags: int) -> int:  # type: ignore[no-untyped-def]
    app = build(make_app, _project(root / f"tags-{tags}", tags))
    page = Path(app.outdir) / "catalog" / "tags" / "tag-1.html"
    html = page.read_text(encoding="utf-8")
    assert "Model 1" in html
    assert "tag-7.html" not in html  # no link to another tag (navigation, prev/next)
    return page.stat().st_size


def test_tag_page_size_does_not_grow_with_the_tag_count(
    make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pages, "MAX_TOCTREE_ENTRIES", 10)
    few, many = (_tag_page_size(make_app, tmp_path, n) for n in (20, 80))
    assert abs(many - few) < 64  # the same page; only incidental bytes may differ
