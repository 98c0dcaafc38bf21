"""Import the legacy markdown leaderboard: one model card page -> one model data file.

:func:`parse_model_card` reads one page into a model dict (the shape of
:class:`sphinx_modelcards.data.schema.Model`); :func:`import_markdown` walks files and
folders, gives every model a unique id, validates it and writes
``<out>/models/<lab>/<id>.yaml`` plus ``<out>/labs.yaml``.

Pages that are not model cards (lab pages, rankings, README...) are skipped with a
reason. Values the legacy site derives (ALScore, token:param ratio, analysis
sentences) are not imported; they are only checked, and a mismatch becomes a warning.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ftfy
import ftfy.badness
import yaml
from pydantic import ValidationError

from ..data.schema import MONTHS, Model, ascii_slug, check_url, slugify

__all__ = [
    "KEPT",
    "IdAllocator",
    "IdCollision",
    "ImportResult",
    "ImportSummary",
    "Progress",
    "Skipped",
    "dump_yaml",
    "import_markdown",
    "link_kind",
    "model_id_for",
    "parse_access",
    "parse_architecture",
    "parse_benchmarks",
    "parse_billions",
    "parse_day",
    "parse_model_card",
    "parse_release",
    "repair_mojibake",
]

#: Called after each source page with ``(done, total)``.
Progress = Callable[[int, int], None]

KEPT = "kept (changed on disk; use --force)"


# --------------------------------------------------------------------- results


@dataclass
class ImportResult:
    """What one page yields: a model dict, or the reason it was skipped."""

    path: Path | None = None
    model: dict[str, Any] | None = None
    lab_id: str | None = None
    lab_name: str | None = None
    skip_reason: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> bool:
        """True when the page gave no model."""
        return self.model is None


@dataclass(frozen=True)
class Skipped:
    """A page that gave no model file, and why."""

    path: Path
    reason: str


@dataclass(frozen=True)
class IdCollision:
    """Two pages wanted the same model id; the later one got ``used``."""

    path: Path
    name: str
    wanted: str
    used: str
    first: Path | None


@dataclass
class ImportSummary:
    """Everything an import run did, for a CLI to print."""

    imported: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    collisions: list[IdCollision] = field(default_factory=list)
    warnings: list[tuple[Path, str]] = field(default_factory=list)
    labs: dict[str, str] = field(default_factory=dict)
    labs_file: Path | None = None
    labs_status: str | None = None

    def lines(self) -> list[str]:
        """A readable report, one line per event, counts last."""
        out = [f"{path}: {KEPT}" for path in self.kept]
        out += [f"{item.path}: skipped ({item.reason})" for item in self.skipped]
        out += [
            f"{c.path}: id {c.wanted!r} already used by {c.first}; using {c.used!r}"
            for c in self.collisions
        ]
        out += [f"{path}: warning: {message}" for path, message in self.warnings]
        if self.labs_file is not None:
            out.append(f"{self.labs_file}: {self.labs_status}")
        out.append(
            f"{len(self.imported)} imported, {len(self.unchanged)} unchanged, "
            f"{len(self.kept)} kept, {len(self.skipped)} skipped, "
            f"{len(self.collisions)} id collisions resolved"
        )
        return out


# -------------------------------------------------------------------- mojibake

#: Symbols the legacy site prints, and common punctuation. Read as cp1252 or cp1254,
#: their UTF-8 bytes lose those the code page lacks, which ftfy cannot undo; these
#: are restored from a table first.
_KNOWN_SYMBOLS = (
    *"🟢🟡🔴❓📊🔧📈🏷📝🔗🔍🎮📄📰📣📢🤗💻📑✅⚠❌←→•√÷⭐🏆🤖✨📂🚀🏢🔥💡🧠📌",
    *"\u00d7\u2139\ufe0f",  # multiplication sign, information source, emoji selector
    *"\u201c\u201d\u2018\u2019\u2013\u2014\u2026\u20ac\u2122\u00b0",  # quotes, dashes...
)
_CODEPAGES = ("cp1252", "cp1254")


def _continuation_chars() -> str:
    chars = {bytes([b]).decode(cp, "ignore") for cp in _CODEPAGES for b in range(0x80, 0xC0)}
    return "".join(sorted(c for c in chars if c))


def _mangled_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for symbol in _KNOWN_SYMBOLS:
        for codepage in _CODEPAGES:
            mangled = symbol.encode("utf-8").decode(codepage, "ignore")
            if len(mangled) > 1:
                table[mangled] = symbol
    return table


_MANGLED = _mangled_table()
_MANGLED_RE = re.compile(
    "(?:"
    + "|".join(re.escape(k) for k in sorted(_MANGLED, key=len, reverse=True))
    + f")(?![{re.escape(_continuation_chars())}])"
)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252/cp1254, including known symbols that lost bytes."""
    text = _MANGLED_RE.sub(lambda m: _MANGLED[m[0]], text.lstrip("\ufeff"))
    return str(ftfy.fix_text(text, uncurl_quotes=False, fix_character_width=False))


def _still_garbled(text: str) -> bool:
    return bool(ftfy.badness.is_bad(text))


# ------------------------------------------------------------------ page model

_FIELD_RE = re.compile(r"^(?:[-*+]\s+)?\*\*(?P<key>[^*]+?):?\*\*:?\s*(?P<value>.*)$")
_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_PAGE_FIELDS = {"organization", "released", "access", "last updated"}


@dataclass
class _Page:
    """A markdown page cut into the parts the legacy template uses."""

    title: str | None = None
    tagline: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    sections: dict[str, list[str]] = field(default_factory=dict)


def _unfenced(lines: Iterable[str]) -> Iterator[str]:
    fence: str | None = None
    for line in lines:
        match = _FENCE_RE.match(line)
        if match and fence is None:
            fence = match[1]
        elif match and match[1] == fence:
            fence = None
        elif fence is None:
            yield line


def _heading_key(heading: str) -> str:
    """``"📝 Additional Notes"`` -> ``"additional notes"`` (emoji and junk dropped)."""
    return re.sub(r"^[^A-Za-z0-9]+", "", heading).strip().lower()


def _read_page(text: str) -> _Page:
    page = _Page()
    section: list[str] | None = None
    for line in _unfenced(text.splitlines()):
        stripped = line.strip()
        if stripped.startswith("# ") and page.title is None:
            page.title = stripped[2:].strip()
        elif stripped.startswith("## "):
            section = page.sections.setdefault(_heading_key(stripped[3:]), [])
        elif _ends_section(stripped):
            section = None
        elif section is not None:
            section.append(stripped)
        elif stripped.startswith(">") and page.tagline is None:
            page.tagline = stripped.lstrip("> ").strip()
        _read_field(stripped, page.fields)
    return page


def _ends_section(line: str) -> bool:
    """A rule (``---``) or a page-level field such as ``**Last Updated:**``."""
    match = _FIELD_RE.match(line)
    if match and not re.match(r"[-*+]\s", line):
        return match["key"].strip().lower() in _PAGE_FIELDS
    return bool(re.fullmatch(r"(-{3,}|\*{3,}|_{3,})", line))


def _read_field(line: str, fields: dict[str, str]) -> None:
    match = _FIELD_RE.match(line)
    if match and match["value"].strip():
        fields.setdefault(match["key"].strip().lower(), match["value"].strip())


def _section(page: _Page, name: str) -> list[str] | None:
    for key, lines in page.sections.items():
        if key.startswith(name):
            return lines
    return None


def _paragraphs(lines: list[str]) -> list[str]:
    text = "\n".join(lines).strip()
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


_PLACEHOLDER_HEAD_RE = re.compile(r"([_*]+)\s*no\b", re.IGNORECASE)


def _is_placeholder(text: str) -> bool:
    """``_No specific tags_``, ``*No additional notes available.*``...

    The text opens with a run of ``_``/``*`` and "no", and closes, on the same line,
    with the run's last mark (an optional full stop after it). Checked at both ends
    rather than by one pattern with a back-reference, which backtracked
    quadratically on ``_ no ____...x``.
    """
    text = text.strip()
    head = _PLACEHOLDER_HEAD_RE.match(text)
    if head is None:
        return False
    rest = text[head.end() :]
    return "\n" not in rest and rest.removesuffix(".").endswith(head[1][-1])


# ------------------------------------------------------------------ link syntax


def _markdown_links(text: str) -> list[tuple[str, str, int, int]]:
    """``[label](target)`` links as (label, target, start, end); targets may hold parens.

    A label runs from a ``[`` to the next ``]``, which ``(`` must follow; the target
    ends at the ``)`` that balances that ``(``. One pass over the text: the regular
    expression and the paren count this replaces rescanned the rest of the page from
    every ``[`` and every unclosed ``(``.
    """
    closers = _balancing_parens(text)
    found = []
    pos = 0
    close = -1
    while (start := text.find("[", pos)) >= 0:
        if close <= start:
            close = text.find("]", start + 1)
            if close < 0:
                break
        if not text.startswith("(", close + 1):
            pos = start + 1
            continue
        pos = close + 2
        end = closers.get(close + 1)
        if end is not None:
            found.append((text[start + 1 : close].strip(), text[pos:end].strip(), start, end + 1))
    return found


def _balancing_parens(text: str) -> dict[int, int]:
    """Position of each ``(`` that is closed -> position of the ``)`` closing it."""
    opened: list[int] = []
    closers: dict[int, int] = {}
    for match in re.finditer(r"[()]", text):
        if match[0] == "(":
            opened.append(match.start())
        elif opened:
            closers[opened.pop()] = match.start()
    return closers


def _is_web_url(target: str) -> bool:
    if not target.lower().startswith(("http://", "https://")):
        return False
    try:
        check_url(target)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------- value parsers

_MISSING = {"", "-", "\u2014", "\u2013", "?", "n/a", "na", "none", "unknown", "tbd"}


def _missing(value: str | None) -> bool:
    return value is None or value.strip().lower().rstrip("b").strip() in _MISSING


def _plain_number(value: float) -> float | int:
    return int(value) if value.is_integer() else value


_SCALE = {"": 1.0, "b": 1.0, "t": 1000.0, "m": 0.001, "k": 0.000001}


def parse_billions(value: str | None) -> float | int | None:
    """``"30.0B"`` -> 30, ``"1,000"`` -> 1000, ``"1.5T"`` -> 1500, ``"-"`` -> None."""
    if value is None or _missing(value):
        return None
    text = value.replace(",", "").replace("\u202f", "").replace(" ", "")
    match = re.fullmatch(r"(\d+(?:\.\d+)?|\.\d+)([bBtTmMkK]?)", text)
    if not match:
        raise ValueError(f"not a number of billions: {value!r}")
    number = round(float(match[1]) * _SCALE[match[2].lower()], 6)
    if number <= 0:
        raise ValueError(f"{value!r} is not a positive size")
    return _plain_number(number)


def parse_release(value: str | None) -> str | None:
    """``"Dec/2024"`` -> ``"2024-12"``; ``"TBA"`` stays; ``"-"`` -> None."""
    if value is None or _missing(value):
        return None
    text = value.strip()
    if text.upper() == "TBA":
        return "TBA"
    if re.fullmatch(r"\d{4}-\d{1,2}(-\d{1,2})?", text):
        return text
    match = re.fullmatch(r"([A-Za-z]{3})[a-z]*\.?[/ -](\d{4})", text)
    if match and match[1].title() in MONTHS:
        return f"{match[2]}-{MONTHS.index(match[1].title()) + 1:02d}"
    raise ValueError(f"not a release date (Mon/YYYY or TBA): {value!r}")


_ACCESS_MARKERS = {"🟢": "public", "🟡": "limited", "🔴": "private", "❓": "unknown"}
_ACCESS_WORDS = {
    "public": "public",
    "open": "public",
    "limited": "limited",
    "restricted": "limited",
    "private": "private",
    "closed": "private",
    "unknown": "unknown",
}


def parse_access(value: str | None, warnings: list[str]) -> str | None:
    """``"🟢 Public"`` -> ``"public"``; the word wins when it disagrees with the marker."""
    if value is None or _missing(value):
        return None
    markers = {level for mark, level in _ACCESS_MARKERS.items() if mark in value}
    words = {_ACCESS_WORDS[w] for w in re.findall(r"[a-z]+", value.lower()) if w in _ACCESS_WORDS}
    if len(markers) > 1 or len(words) > 1:
        warnings.append(f"access {value!r} names several levels; using 'unknown'")
        return "unknown"
    if markers and words and markers != words:
        warnings.append(f"access marker and word disagree in {value!r}; using the word")
    found = words or markers
    if not found:
        warnings.append(f"access {value!r} not understood; using 'unknown'")
        return "unknown"
    return found.pop()


def parse_architecture(value: str | None) -> str | None:
    """``"MoE"`` -> ``"moe"``, ``"MatFormer"`` -> ``"matformer"``; ``"-"`` -> None."""
    if value is None or _missing(value):
        return None
    return slugify(value)


def parse_day(value: str | None) -> dt.date | None:
    """``"2025-10-02"`` -> a date; ``"-"`` -> None."""
    if value is None or _missing(value):
        return None
    return dt.date.fromisoformat(value.strip())


def _split_list(value: str | None) -> list[str]:
    if value is None or _missing(value):
        return []
    return [item.strip() for item in value.split(",") if not _missing(item)]


# ------------------------------------------------------------------ benchmarks

_BENCHMARK_IDS = {"mmlu": "mmlu", "mmlu-pro": "mmlu-pro", "gpqa": "gpqa", "hle": "hle"}


def _table_rows(lines: list[str]) -> Iterator[list[str]]:
    for line in lines:
        if not line.startswith("|"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if all(re.fullmatch(r":?-*:?", c) for c in cells):
            continue
        yield cells


def parse_benchmarks(lines: list[str] | None, warnings: list[str]) -> dict[str, float]:
    """The benchmark table as ``{id: score}``; missing scores are left out."""
    scores: dict[str, float] = {}
    for cells in _table_rows(lines or []):
        if len(cells) < 2 or cells[0].strip("*").lower() == "benchmark":
            continue
        name, raw = cells[0].strip("* "), cells[1].rstrip("%").strip()
        if _missing(raw):
            continue
        key = _BENCHMARK_IDS.get(name.lower(), slugify(name))
        try:
            score = float(raw.replace(",", ""))
        except ValueError:
            warnings.append(f"benchmark {name}: score {cells[1]!r} is not a number")
            continue
        if not 0 <= score <= 100:
            warnings.append(f"benchmark {name}: score {score:g} is outside 0-100; left out")
            continue
        scores[key] = score
    return scores


# ----------------------------------------------------------------- tags, notes

_TAGLINE_PLACEHOLDERS = {"large language model", "tags here"}


def _section_tags(lines: list[str] | None) -> list[str]:
    text = " ".join(lines or []).strip()
    if not text or _is_placeholder(text):
        return []
    ticked = re.findall(r"`([^`]+)`", text)
    return [t.strip() for t in ticked if t.strip()] if ticked else _split_list(text)


def _tagline_tags(tagline: str) -> list[str] | None:
    """The tagline's items when it reads as a tag list, else None."""
    items = [item.strip("` ") for item in tagline.split(",")]
    if all(item and len(item) <= 40 and len(item.split()) <= 4 for item in items) and not (
        re.search(r"[.!?]$", tagline)
    ):
        return items
    return None


def _summary_and_tags(page: _Page) -> tuple[str | None, list[str]]:
    tags = _section_tags(_section(page, "model tags"))
    tagline = page.tagline or ""
    if not tagline or tagline.lower() in _TAGLINE_PLACEHOLDERS:
        return _overview_summary(page), tags
    tagline_tags = _tagline_tags(tagline)
    if tagline_tags is None:
        return tagline, tags
    known = {t.lower() for t in tags}
    return _overview_summary(page), tags + [t for t in tagline_tags if t.lower() not in known]


#: Overview sentences the legacy generator wrote for every model: not a summary.
_BOILERPLATE = (
    r".+ is a large language model developed by .+",
    r".+ represents state-of-the-art performance in its category.*",
    r".+ is designed for advanced reasoning and multi-step problem solving\.?",
    r"brief description of the model and its capabilities\.?",
)


def _overview_summary(page: _Page) -> str | None:
    paragraphs = _paragraphs(_section(page, "overview") or [])
    if not paragraphs or any(re.fullmatch(p, paragraphs[0], re.I) for p in _BOILERPLATE):
        return None
    return paragraphs[0]


_ANNOUNCE_RE = re.compile(r"\b(?:Announce(?:ment|d)?)\s*:\s*(https?://[^\s<>\"'`]+)", re.I)


def _notes_and_announcements(lines: list[str] | None) -> tuple[str | None, list[str]]:
    """Notes text with ``Announce: <url>`` pulled out into a list of URLs."""
    paragraphs = [p for p in _paragraphs(lines or []) if not _is_placeholder(p)]
    text = "\n\n".join(paragraphs)
    urls = [m.rstrip(".,;:)]") for m in _ANNOUNCE_RE.findall(text)]
    text = _ANNOUNCE_RE.sub(" ", text)
    text = "\n\n".join(" ".join(p.split()) for p in text.split("\n\n"))
    return (text.strip() or None), urls


def _append_note(notes: str | None, sentence: str) -> str:
    if not sentence.endswith((".", "!", "?")):
        sentence += "."
    if not notes:
        return sentence
    joiner = " " if notes.endswith((".", "!", "?", '"', "\u201d")) else ". "
    return notes + joiner + sentence


# ----------------------------------------------------------------------- links

_KIND_BY_LABEL = (
    (r"\btry\b|playground|demo|\bchat\b", "playground"),
    (r"paper|arxiv|technical report", "paper"),
    (r"announce|blog|news|press release", "announcement"),
    (r"model card", "model-card"),
    (r"weights|checkpoint|download|hugging ?face", "weights"),
    (r"\bcode\b|github|repo", "code"),
    (r"\bapi\b", "api"),
    (r"doc", "docs"),
)
_KIND_BY_EMOJI = {
    "🎮": "playground",
    "📄": "docs",
    "📑": "paper",
    "📰": "announcement",
    "📣": "announcement",
    "📢": "announcement",
    "🤗": "weights",
    "💻": "code",
}
_KIND_BY_HOST = (
    (r"arxiv\.org|openreview\.net|aclanthology", "paper"),
    (r"huggingface\.co", "weights"),
    (r"github\.com|gitlab\.com", "code"),
)
#: Labels that only restate the kind; no title is stored for them.
_STOCK_LABELS = {"try the model", "technical documentation", "paper", "announcement", ""}


def link_kind(label: str, prefix: str, url: str) -> str:
    """Guess a link's kind from its label, then its emoji, then its host."""
    for pattern, kind in _KIND_BY_LABEL:
        if re.search(pattern, label, re.I):
            return kind
    for emoji, kind in _KIND_BY_EMOJI.items():
        if emoji in prefix or emoji in label:
            return kind
    for pattern, kind in _KIND_BY_HOST:
        if re.search(pattern, url, re.I):
            return kind
    return "other"


def _link(label: str, prefix: str, url: str) -> dict[str, str]:
    item = {"kind": link_kind(label, prefix, url), "url": url}
    if re.search(r"[A-Za-z0-9]", label) and label.lower() not in _STOCK_LABELS:
        item["title"] = label
    return item


def _embedded_url(text: str) -> str | None:
    """The one web URL inside ``Open: https://...``, if there is exactly one."""
    urls = [u.rstrip(".,;:)") for u in re.findall(r"https?://\S+", text)]
    return urls[0] if len(urls) == 1 and _is_web_url(urls[0]) else None


def _resource_links(lines: list[str] | None) -> tuple[list[dict[str, str]], list[str]]:
    """Links in the Resources list, plus texts of links that point nowhere."""
    links: list[dict[str, str]] = []
    texts: list[str] = []
    for line in lines or []:
        item = re.sub(r"^[-*+]\s+", "", line)
        found = _markdown_links(item)
        for label, target, start, _end in found:
            prefix = item[:start]
            url = target if _is_web_url(target) else _embedded_url(target)
            if url:
                links.append(_link(label, prefix, url))
            elif target:
                has_words = re.search(r"[A-Za-z0-9]", label)
                texts.append(f"{label}: {target}" if has_words else target)
        if not found:
            links += [_link("", item, url) for url in re.findall(r"https?://\S+", item)]
    return links, texts


def _unique_links(links: list[dict[str, str]]) -> list[dict[str, str]]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for link in links:
        key = (link["kind"], link["url"])
        if key not in seen:
            seen.add(key)
            unique.append(link)
    return unique


# -------------------------------------------------------------- derived checks


def _check_derived(fields: dict[str, str], model: dict[str, Any], warnings: list[str]) -> None:
    """Warn where the page's printed ALScore disagrees with its own numbers."""
    printed = fields.get("alscore", "-")
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(?:\((.+)\))?", printed)
    params, tokens = model.get("parameters_b"), model.get("training_tokens_b")
    if match is None:
        if params and tokens:
            warnings.append("ALScore is missing although parameters and tokens are given")
        return
    if not match[2]:
        warnings.append(f"ALScore {match[1]} is printed without a tier")
    if params and tokens:
        computed = math.sqrt(params * tokens) / 300
        if abs(computed - float(match[1])) > 0.051:
            warnings.append(
                f"ALScore {match[1]} disagrees with sqrt(params * tokens) / 300 = {computed:.2f}"
            )


# ---------------------------------------------------------------- model cards


def model_id_for(name: str) -> str:
    """A slug id for a model name; ``+`` becomes ``-plus`` (``CodeT5+`` -> ``codet5-plus``)."""
    return slugify(re.sub(r"\+", " plus ", name))


def _lab_from_path(path: Path | None) -> str | None:
    if path is not None and path.parent.parent.name == "models":
        return slugify(path.parent.name)
    return None


def _organization(value: str) -> tuple[str, str | None]:
    """Display name and linked lab id from ``[Name](../../labs/<id>.md)``."""
    links = _markdown_links(value)
    if not links:
        return value.strip(), None
    label, target, _start, _end = links[0]
    stem = re.sub(r"\.md$", "", target.rstrip("/").rsplit("/", 1)[-1])
    return label, (slugify(stem) if stem else None)


def _lab(page: _Page, path: Path | None, result: ImportResult) -> None:
    name, linked = _organization(page.fields["organization"])
    folder = _lab_from_path(path)
    if linked and folder and linked != folder:
        result.warnings.append(
            f"lab link {linked!r} differs from folder {folder!r}; using the link"
        )
    lab_id = linked or folder or slugify(name)
    if lab_id == "x" and name.lower() != "x":
        lab_id = "unknown-lab"
        result.warnings.append(f"lab name {name!r} has no ASCII letters; lab id {lab_id!r}")
    result.lab_id, result.lab_name = lab_id, name or lab_id


_BLANK_VALUES = {"", "-", "-b", "n/a", "none"}


def _placeholder_page(page: _Page) -> bool:
    """A page in the model template whose organisation and every other field are blank
    ("-"): the seed system's information page, not a model."""
    name, linked = _organization(page.fields["organization"])
    if linked or name.lower() not in _BLANK_VALUES:
        return False
    return all(
        _strip_marks(value).lower() in _BLANK_VALUES
        for key, value in page.fields.items()
        if key != "organization"
    )


def _strip_marks(value: str) -> str:
    """A field's value without emoji and markdown emphasis (``🟢 Public`` -> ``Public``)."""
    return re.sub(r"[^\w\s.,:/+-]", "", value).strip()


def _page_kind(page: _Page, path: Path | None) -> str:
    folder = path.parent.name.lower() if path else ""
    title = (page.title or "").lower()
    if "total models" in page.fields and _section(page, "models") is not None:
        return "lab page"
    if folder == "rankings" or title.startswith(("models ranked", "ranking")):
        return "rankings page"
    if folder in {"architectures", "insights", "labs"}:
        return f"{folder} page"
    if path is not None and path.stem.lower() in {"readme", "index", "contributing"}:
        return f"{path.stem} page"
    if {"released", "access", "parameters"} & page.fields.keys():
        return "model card without an **Organization:** line, so its lab is unknown"
    return "no **Organization:** line"


def _fill_model(page: _Page, result: ImportResult) -> dict[str, Any]:
    fields, warnings = page.fields, result.warnings
    summary, tags = _summary_and_tags(page)
    notes, announced = _notes_and_announcements(_section(page, "additional notes"))
    links, orphan_texts = _resource_links(_section(page, "resources"))
    for text in orphan_texts:
        notes = _append_note(notes, text)
    model: dict[str, Any] = {
        "id": model_id_for(page.title or ""),
        "name": page.title,
        "summary": summary,
        "lab": result.lab_id,
        "released": _guarded(parse_release, fields.get("released"), "release", warnings),
        "access": parse_access(fields.get("access"), warnings),
        "architecture": parse_architecture(fields.get("type") or fields.get("architecture")),
        "parameters_b": _guarded(parse_billions, fields.get("parameters"), "parameters", warnings),
        "active_parameters_b": _guarded(
            parse_billions, fields.get("active parameters"), "active parameters", warnings
        ),
        "training_tokens_b": _guarded(
            parse_billions, fields.get("training tokens"), "training tokens", warnings
        ),
        "dataset_types": _split_list(fields.get("dataset type")),
        "benchmarks": parse_benchmarks(_section(page, "performance benchmarks"), warnings),
        "tags": _sluggable(tags, warnings),
        "notes": notes,
        "links": _unique_links(
            links + [_link("", "", url) | {"kind": "announcement"} for url in announced]
        ),
        "last_updated": _guarded(parse_day, fields.get("last updated"), "last updated", warnings),
    }
    _check_derived(fields, model, warnings)
    return _drop_empty(model)


def _sluggable(tags: list[str], warnings: list[str]) -> list[str]:
    kept = [tag for tag in tags if slugify(tag) != "x" or tag.lower() == "x"]
    warnings += [
        f"tag {tag!r} has no letters or digits; left out" for tag in tags if tag not in kept
    ]
    return kept


def _guarded(
    parse: Callable[[str | None], Any], value: str | None, what: str, warnings: list[str]
) -> Any:
    try:
        parsed = parse(value)
    except ValueError as exc:
        warnings.append(f"{what}: {exc}; left out")
        return None
    return parsed


def _drop_empty(model: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in model.items() if v is not None and v != [] and v != {}}


def _fix_id(model: dict[str, Any], path: Path | None, warnings: list[str]) -> None:
    if ascii_slug(model["name"]) or model["name"].lower() == "x":
        return
    stem = slugify(path.stem) if path is not None else "x"
    model["id"] = stem if stem != "x" else "model"
    warnings.append(f"name {model['name']!r} has no ASCII letters; id {model['id']!r}")


def _warn_garbled(model: dict[str, Any], warnings: list[str]) -> None:
    warnings.extend(
        f"{key} may still hold mojibake: {model[key][:60]!r}"
        for key in ("name", "summary", "notes")
        if key in model and _still_garbled(model[key])
    )


def parse_model_card(text: str, path: Path | None = None) -> ImportResult:
    """Read one legacy markdown page; a non-model page comes back skipped with a reason."""
    result = ImportResult(path=path)
    page = _read_page(repair_mojibake(text))
    if "organization" not in page.fields:
        result.skip_reason = f"not a model card: {_page_kind(page, path)}"
        return result
    if _placeholder_page(page):
        result.skip_reason = (
            "not a model card: its organisation and every other field are '-' "
            "(an information page such as 'About this sheet')"
        )
        return result
    if not page.title:
        result.skip_reason = "model card without a '# Name' title"
        return result
    _lab(page, path, result)
    model = _fill_model(page, result)
    _fix_id(model, path, result.warnings)
    _warn_garbled(model, result.warnings)
    result.model = model
    return result


# ------------------------------------------------------------------------- ids


class IdAllocator:
    """Hands out unique model ids within one import run (``nova``, ``nova-2``, ...)."""

    def __init__(self) -> None:
        self._owners: dict[str, Path | None] = {}

    def claim(self, wanted: str, owner: Path | None = None) -> str:
        """``wanted`` if free, else the first free ``wanted-N``."""
        candidate, number = wanted, 1
        while candidate in self._owners:
            number += 1
            suffix = f"-{number}"
            candidate = wanted[: 120 - len(suffix)].rstrip("-.") + suffix
        self._owners[candidate] = owner
        return candidate

    def owner(self, model_id: str) -> Path | None:
        """The page that claimed ``model_id``."""
        return self._owners.get(model_id)


# ------------------------------------------------------------------------ yaml


class _Dumper(yaml.SafeDumper):
    """Block style, indented lists, short scalar lists inline, long text folded."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = None
    if not value.replace("\n", "").isprintable():
        style = '"'  # escaped: raw control characters would not read back
    elif "\n" in value:
        style = "|"
    elif len(value) > 80 and " " in value:
        style = ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    plain = all(isinstance(v, str | int | float) and str(v).isprintable() for v in value)
    short = plain and sum(len(str(v)) + 2 for v in value) < 60
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=short)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def dump_yaml(data: Any) -> str:
    """Readable UTF-8 YAML: block style, keys in the given order."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=88,
        default_flow_style=False,
    )


def _schema_order(model: dict[str, Any]) -> dict[str, Any]:
    order = list(Model.model_fields)
    return dict(sorted(model.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99))


def _write(path: Path, text: str, force: bool) -> str:
    """Write unless an existing file differs (without force): imported/unchanged/kept."""
    if path.exists():
        if path.read_text(encoding="utf-8") == text:
            return "unchanged"
        if not force:
            return "kept"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return "imported"


# ---------------------------------------------------------------------- import


def _collect(sources: Iterable[Path]) -> list[Path]:
    files: set[Path] = set()
    for source in sources:
        source = Path(source)
        if source.is_dir():
            files.update(p for p in source.rglob("*.md") if p.is_file())
        else:
            files.add(source)
    return sorted(files)


def _read_source(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _validation_message(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in err['loc']) or 'model'}: {err['msg']}" for err in exc.errors()
    )


class _Run:
    """State of one :func:`import_markdown` call."""

    def __init__(self, out_dir: Path, force: bool) -> None:
        self.out_dir, self.force = out_dir, force
        self.ids = IdAllocator()
        self.summary = ImportSummary()

    def page(self, path: Path) -> None:
        try:
            result = parse_model_card(_read_source(path), path)
        except OSError as exc:
            self.summary.skipped.append(Skipped(path, f"unreadable: {exc}"))
            return
        self.summary.warnings += [(path, w) for w in result.warnings]
        if result.model is None:
            self.summary.skipped.append(Skipped(path, result.skip_reason or "no model"))
            return
        try:
            Model.model_validate(result.model)
        except ValidationError as exc:
            self.summary.skipped.append(Skipped(path, f"invalid: {_validation_message(exc)}"))
            return
        self.store(path, result)

    def store(self, path: Path, result: ImportResult) -> None:
        assert result.model is not None and result.lab_id is not None
        model = result.model
        wanted = model["id"]
        model["id"] = self.ids.claim(wanted, path)
        if model["id"] != wanted:
            first = self.ids.owner(wanted)
            self.summary.collisions.append(
                IdCollision(path, model["name"], wanted, model["id"], first)
            )
        self.lab(path, result.lab_id, result.lab_name or result.lab_id)
        target = self.out_dir / "models" / result.lab_id / f"{model['id']}.yaml"
        status = _write(target, dump_yaml(_schema_order(model)), self.force)
        outcomes = {
            "imported": self.summary.imported,
            "unchanged": self.summary.unchanged,
            "kept": self.summary.kept,
        }
        outcomes[status].append(target)

    def lab(self, path: Path, lab_id: str, name: str) -> None:
        known = self.summary.labs.setdefault(lab_id, name)
        if known != name:
            self.summary.warnings.append(
                (path, f"lab {lab_id!r} is also called {known!r}; keeping that")
            )

    def write_labs(self) -> None:
        path = self.out_dir / "labs.yaml"
        entries = _merge_labs(path, self.summary.labs)
        self.summary.labs_file = path
        if entries is None:
            self.summary.labs_status = "unchanged"
            return
        status = _write(path, dump_yaml(entries), self.force)
        self.summary.labs_status = (
            KEPT if status == "kept" else status.replace("imported", "written")
        )


def _merge_labs(path: Path, labs: dict[str, str]) -> list[dict[str, Any]] | None:
    """Existing entries plus new labs; None when the file already lists every lab."""
    existing: list[dict[str, Any]] = []
    if path.exists():
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            loaded = None
        if isinstance(loaded, list):
            existing = [e for e in loaded if isinstance(e, dict)]
    ids = {e.get("id") for e in existing}
    new = [{"id": k, "name": v} for k, v in sorted(labs.items()) if k not in ids]
    if existing and not new:
        return None
    return existing + new


def import_markdown(
    sources: Iterable[Path],
    out_dir: Path,
    *,
    force: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import legacy pages (files or folders of ``*.md``) into ``out_dir``."""
    run = _Run(Path(out_dir), force)
    files = _collect(sources)
    for done, path in enumerate(files, 1):
        run.page(path)
        if progress is not None:
            progress(done, len(files))
    if run.summary.labs:
        run.write_labs()
    return run.summary
