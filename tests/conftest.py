"""Shared fixtures: Sphinx's testing plugin, test roots, and the shared corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import copy_root

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

collect_ignore = ["roots"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot=...)`` finds ``test-<name>`` folders."""
    return ROOTS


@pytest.fixture
def basic(rootdir: Path, tmp_path: Path) -> Path:
    """A writable copy of the basic test root."""
    return copy_root(rootdir / "test-basic", tmp_path / "basic")


@pytest.fixture
def shared() -> Path:
    """The shared folder beside the repository; skips the test when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(
            f"{SHARED} is not present: this variant reads the optional shared material "
            "(the vendored data under tests/ covers the same code)"
        )
    return SHARED


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def warnings_of(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The build's warning lines, without colour codes."""
    text = _ANSI.sub("", app.warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line or "ERROR" in line]
