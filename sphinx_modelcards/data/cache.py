"""Parsed data files kept between builds, keyed by their content."""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable
from pathlib import Path

from .sources import (
    ParsedFile,
    parse_bytes,
    read_data_file,
)

#: Bump when parsing gives different results for the same text (the cache holds them).
_CACHE_VERSION = 4


class ParseCache:
    """Parsed files keyed by path, reused while the file's content is unchanged.

    The key is a hash of the bytes, not the size and modification time: an edit
    that keeps both (some tools and checkouts do) is still seen.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.entries: dict[str, tuple[bytes, ParsedFile]] = {}
        self.dirty = False
        if path is not None:
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            with path.open("rb") as handle:
                version, entries = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            return
        if version == _CACHE_VERSION and isinstance(entries, dict):
            self.entries = entries

    def parse(self, path: Path) -> ParsedFile:
        """The parsed content of ``path``, from the cache when its bytes are unchanged."""
        raw = read_data_file(path)
        if isinstance(raw, ParsedFile):
            return raw
        key = str(path)
        digest = hashlib.blake2b(raw, digest_size=20).digest()
        cached = self.entries.get(key)
        if cached and cached[0] == digest:
            return cached[1]
        parsed = parse_bytes(raw, path.suffix.lower())
        self.entries[key] = (digest, parsed)
        self.dirty = True
        return parsed

    def forget_except(self, keep: Iterable[str]) -> None:
        """Drop entries of files that are no longer part of the catalog."""
        wanted = set(keep)
        for key in [k for k in self.entries if k not in wanted]:
            del self.entries[key]
            self.dirty = True

    def save(self) -> None:
        """Write the cache back if anything changed."""
        if self.path is None or not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            with tmp.open("wb") as handle:
                pickle.dump((_CACHE_VERSION, self.entries), handle, pickle.HIGHEST_PROTOCOL)
            tmp.replace(self.path)
            self.dirty = False
        except (OSError, RecursionError, pickle.PicklingError):
            pass  # the cache only saves time; the next build parses again
