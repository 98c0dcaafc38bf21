"""Reading data files (YAML, JSON, TOML) into plain values with the line of every value.

Nothing here knows about models: a file becomes a :class:`ParsedFile`, holding
the data and a map from field paths (``("benchmarks", "mmlu")``) to line numbers,
or the one syntax problem that stopped it.
"""

from __future__ import annotations

import bisect
import json
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml is several times faster when it is there
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]

DATA_SUFFIXES = (".yaml", ".yml", ".json", ".toml")

#: Files larger than this are refused rather than parsed.
MAX_FILE_BYTES = 64 * 1024 * 1024

#: Deepest nesting of lists and mappings accepted (real data needs about five levels).
MAX_NESTING = 64

PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class SyntaxProblem:
    """Why a file could not be read at all."""

    line: int | None
    message: str


@dataclass
class ParsedFile:
    """A data file's content and where each value stands in it."""

    data: Any = None
    lines: dict[PathKey, int] = field(default_factory=dict)
    problem: SyntaxProblem | None = None
    duplicate_keys: list[tuple[PathKey, int]] = field(default_factory=list)

    def line_of(self, path: PathKey) -> int | None:
        """Line of the value at ``path``, or of its nearest parent that has one."""
        return self.nearest_line(path)[1]

    def nearest_line(self, path: PathKey) -> tuple[int, int | None]:
        """``(depth, line)`` of the value at ``path`` or of its nearest located parent,
        ``depth`` being the length of the path found (``(0, None)`` when none is)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return end, line
        return 0, None


def read_data_file(path: Path) -> bytes | ParsedFile:
    """The bytes of ``path``, or the problem that stops it from being read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            return ParsedFile(problem=SyntaxProblem(None, f"file is larger than {limit} MB"))
        return path.read_bytes()
    except OSError as exc:
        return ParsedFile(problem=SyntaxProblem(None, f"cannot read file: {exc.strerror}"))


def parse_file(path: Path) -> ParsedFile:
    """Read ``path`` by its suffix; syntax and encoding problems come back as data."""
    raw = read_data_file(path)
    return raw if isinstance(raw, ParsedFile) else parse_bytes(raw, path.suffix.lower())


def parse_bytes(raw: bytes, suffix: str) -> ParsedFile:
    """Decode ``raw`` as UTF-8 and parse it as the format named by ``suffix``."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return ParsedFile(
            problem=SyntaxProblem(line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x})")
        )
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return ParsedFile(problem=SyntaxProblem(line, "file contains NUL bytes (binary?)"))
    return parse_text(text, suffix)


def parse_text(text: str, suffix: str) -> ParsedFile:
    """Parse ``text`` as the format named by ``suffix`` (``.yaml``, ``.json``, ``.toml``)."""
    if not text.strip():
        return ParsedFile(problem=SyntaxProblem(1, "file is empty"))
    if suffix == ".json":
        parsed = _parse_json(text)
    elif suffix == ".toml":
        parsed = _parse_toml(text)
    else:
        parsed = _parse_yaml(text)
    if parsed.problem is None:
        problem = _nesting_problem(parsed)
        if parsed.data == {}:
            problem = SyntaxProblem(1, "file holds no data")
        if problem is not None:
            return ParsedFile(problem=problem)
    elif parsed.problem.line is not None:
        # Parsers place "unexpected end" after the last line; point at the last line.
        last = max(1, len(text.splitlines()))
        if parsed.problem.line > last:
            parsed.problem = SyntaxProblem(last, parsed.problem.message)
    return parsed


# Nesting ------------------------------------------------------------------------------------


def _children(value: Any) -> list[Any]:
    items = value.values() if isinstance(value, dict) else value
    return [item for item in items if isinstance(item, dict | list)]


def _nesting_problem(parsed: ParsedFile) -> SyntaxProblem | None:
    """Refuse data nested deeper than :data:`MAX_NESTING`, or containing itself.

    Deep data would break pickling (the parse cache) and every recursive consumer
    after it. Shared values (YAML aliases) are measured once, so an alias bomb costs
    no more than its text.
    """
    root = parsed.data
    if not isinstance(root, dict | list):
        return None
    heights: dict[int, int] = {}
    in_progress: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        value, finished = stack.pop()
        key = id(value)
        if finished:
            in_progress.discard(key)
            heights[key] = 1 + max((heights[id(c)] for c in _children(value)), default=0)
            if heights[key] > MAX_NESTING:
                line = parsed.line_of(_path_to_trouble(root, heights, in_progress))
                return SyntaxProblem(line, f"data is nested more than {MAX_NESTING} levels deep")
            continue
        if key in heights:
            continue
        if key in in_progress:
            line = parsed.line_of(_path_to_trouble(root, heights, in_progress))
            return SyntaxProblem(line, "a value contains itself (a recursive YAML alias)")
        in_progress.add(key)
        stack.append((value, True))
        stack.extend((child, False) for child in _children(value))
    return None


_OPENING = frozenset("[{")
_CLOSING = frozenset("]}")


def _too_deep(text: str) -> SyntaxProblem:
    """The problem of a JSON or TOML text too deep for its parser, at the line it gets so.

    Brackets inside strings are skipped; TOML comments and literal strings are
    treated as strings too, which is close enough for a line number.
    """
    depth = 0
    quote = ""
    index = 0
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\" and quote == '"':
                index += 1
            elif char == quote or (quote == "#" and char == "\n"):
                quote = ""
        elif char in "\"'#":
            quote = "#" if char == "#" else char
        elif char in _OPENING:
            depth += 1
            if depth > MAX_NESTING:
                line = text.count("\n", 0, index) + 1
                return SyntaxProblem(line, f"data is nested more than {MAX_NESTING} levels deep")
        elif char in _CLOSING:
            depth -= 1
        index += 1
    return SyntaxProblem(None, f"data is nested more than {MAX_NESTING} levels deep")


def _path_to_trouble(root: Any, heights: dict[int, int], in_progress: set[int]) -> PathKey:
    """Keys from ``root`` along the values being measured, then the deepest ones."""
    path: list[str | int] = []
    value = root
    seen: set[int] = set()
    while isinstance(value, dict | list) and id(value) not in seen and len(path) <= MAX_NESTING:
        seen.add(id(value))
        pairs: list[tuple[str | int, Any]] = (
            [(str(k), v) for k, v in value.items()]
            if isinstance(value, dict)
            else list(enumerate(value))
        )
        pairs = [(k, v) for k, v in pairs if isinstance(v, dict | list)]
        if not pairs:
            break
        key, value = max(
            pairs, key=lambda pair: (id(pair[1]) in in_progress, heights.get(id(pair[1]), 0))
        )
        path.append(key)
    return tuple(path)


# YAML ---------------------------------------------------------------------------------------


class _Constructor(yaml.constructor.SafeConstructor):
    """The safe constructor, except that an impossible date stays text.

    ``released: 2024-02-30`` then reaches the schema, which names the field and the
    line, instead of failing the whole file with no position.
    """

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """A date or datetime, or the scalar's text when it is not a real one."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        """An integer as written, or the text when YAML 1.1 would read it otherwise.

        ``1:30`` (sexagesimal, 90) stays text, for the schema to report; ``017``
        (octal, 15) is read as the decimal 17 a writer means.
        """
        text = str(node.value)
        if ":" in text:
            return self.construct_scalar(node)
        if _LEADING_ZERO.fullmatch(text):
            return int(text.replace("_", ""), 10)
        return super().construct_yaml_int(node)

    def construct_yaml_float(self, node: yaml.ScalarNode) -> Any:
        """A float, or the text of a sexagesimal one (``1:30.5``)."""
        if ":" in str(node.value):
            return self.construct_scalar(node)
        return super().construct_yaml_float(node)

    yaml_constructors = {
        **yaml.constructor.SafeConstructor.yaml_constructors,
        "tag:yaml.org,2002:timestamp": construct_yaml_timestamp,
        "tag:yaml.org,2002:int": construct_yaml_int,
        "tag:yaml.org,2002:float": construct_yaml_float,
    }


_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")


def _parse_yaml(text: str) -> ParsedFile:
    try:
        node = yaml.compose(text, Loader=_YamlLoader)
        if node is None:
            return ParsedFile(problem=SyntaxProblem(1, "file holds no data"))
        # Lines first: building the data merges ``<<:`` keys into the mappings.
        parsed = ParsedFile()
        _record_yaml_lines(node, (), parsed, set())
        data = _Constructor().construct_document(node)
    except yaml.MarkedYAMLError as exc:
        return ParsedFile(problem=_syntax_problem(_same_error_in_python(text, exc)))
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or " ")
        message = f"character U+{code:04X} is not allowed in YAML ({exc.reason})"
        return ParsedFile(problem=SyntaxProblem(line, f"YAML syntax error: {message}"))
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as exc:
        return ParsedFile(problem=SyntaxProblem(None, f"YAML error: {exc}"))
    parsed.data = data
    # An empty value at the end (``---`` alone) is marked on the line after the last one.
    last = max(1, len(text.splitlines()))
    parsed.lines = {path: min(line, last) for path, line in parsed.lines.items()}
    return parsed


def _same_error_in_python(text: str, exc: yaml.MarkedYAMLError) -> yaml.MarkedYAMLError:
    """The error PyYAML's own parser reports for ``text``: libyaml words (and places)
    some errors differently from one version to the next, PyYAML's parser does not."""
    if not yaml.__with_libyaml__:
        return exc
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as again:
        return again
    except (yaml.YAMLError, RecursionError, ValueError, TypeError):
        return exc
    return exc


def _syntax_problem(exc: yaml.MarkedYAMLError) -> SyntaxProblem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    message = " ".join(part for part in (exc.context, exc.problem) if part)
    return SyntaxProblem(line, f"YAML syntax error: {message}")


def _record_yaml_lines(node: yaml.Node, path: PathKey, parsed: ParsedFile, seen: set[int]) -> None:
    """Walk the node tree once (aliases are visited once) and note each value's line."""
    if id(node) in seen or len(path) > 64:
        return
    seen.add(id(node))
    parsed.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        keys_seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in keys_seen and key_node.tag != "tag:yaml.org,2002:merge":
                parsed.duplicate_keys.append(((*path, key), key_node.start_mark.line + 1))
            keys_seen.add(key)
            parsed.lines[(*path, key)] = key_node.start_mark.line + 1
            _record_yaml_lines(value_node, (*path, key), parsed, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_yaml_lines(item, (*path, index), parsed, seen)


# JSON ---------------------------------------------------------------------------------------


_JSON_CONSTANT = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)')


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _line_of_constant(text: str) -> int | None:
    """Line of the first ``NaN`` or ``Infinity`` outside a string."""
    for match in _JSON_CONSTANT.finditer(text):
        if match[1]:
            return text.count("\n", 0, match.start()) + 1
    return None


class _DuplicateKeys:
    """An ``object_pairs_hook`` that notes repeated keys (the last value wins, as in JSON)."""

    def __init__(self) -> None:
        self.keys: list[str] = []

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                self.keys.append(key)
            result[key] = value
        return result


def _parse_json(text: str) -> ParsedFile:
    duplicates = _DuplicateKeys()
    try:
        data = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=duplicates)
    except json.JSONDecodeError as exc:
        return ParsedFile(problem=SyntaxProblem(exc.lineno, f"JSON syntax error: {exc.msg}"))
    except RecursionError:
        return ParsedFile(problem=_too_deep(text))
    except ValueError as exc:
        line = _line_of_constant(text)
        return ParsedFile(problem=SyntaxProblem(line, f"JSON syntax error: {exc}"))
    parsed = ParsedFile(data=data, lines=_lines_by_scanning(text, data, _json_key_matcher))
    if duplicates.keys:
        parsed.duplicate_keys = _json_duplicate_lines(text, duplicates.keys)
    return parsed


def _json_duplicate_lines(text: str, keys: list[str]) -> list[tuple[PathKey, int]]:
    """Each repeated key with the line of its second occurrence (best effort).

    The JSON parser reports no positions, and the same key may be used by several
    objects, so the line is a guess that is right for one-object files.
    """
    lines = text.splitlines()
    found: list[tuple[PathKey, int]] = []
    for key in dict.fromkeys(keys):
        pattern = _json_key_pattern(key)
        hits = [index + 1 for index, line in enumerate(lines) if pattern.search(line)]
        found.append(((key,), hits[1] if len(hits) > 1 else hits[0] if hits else 1))
    return found


def _json_key_pattern(key: str) -> re.Pattern[str]:
    spellings = {json.dumps(key)[1:-1], json.dumps(key, ensure_ascii=False)[1:-1]}
    name = "|".join(re.escape(spelling) for spelling in sorted(spellings))
    return re.compile(rf'"(?:{name})"\s*:')


# TOML ---------------------------------------------------------------------------------------

_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")
_TOML_BARE_DATE = re.compile(r"=\s*\d{4}-\d")
_TOML_DATE_HINT = (
    " (TOML dates are YYYY-MM-DD with a real month and day; quote other dates: '2024-06')"
)


def _parse_toml(text: str) -> ParsedFile:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        line = int(match[1]) if match else None
        clean = _TOML_POSITION.sub("", message).strip()
        lines = text.splitlines()
        if line and line <= len(lines) and _TOML_BARE_DATE.search(lines[line - 1]):
            clean += _TOML_DATE_HINT
        return ParsedFile(problem=SyntaxProblem(line, f"TOML syntax error: {clean}"))
    except RecursionError:
        return ParsedFile(problem=_too_deep(text))
    return ParsedFile(data=data, lines=_lines_by_scanning(text, data, _toml_key_matcher))


_TOML_PART = r"""(?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)"""
#: The last key of a ``a.b."c" = value`` line, or of a ``[a.b]`` / ``[[a.b]]`` header.
_TOML_KEY_LINE = re.compile(
    rf"^\s*(?:(?:{_TOML_PART}\s*\.\s*)*({_TOML_PART})\s*="
    rf"|\[\[?\s*(?:{_TOML_PART}\s*\.\s*)*({_TOML_PART})\s*\]\]?)"
)


def _toml_key_matcher(key: str) -> Callable[[str], bool]:
    """Whether a line assigns ``key`` (bare, quoted or dotted) or opens a table named so."""
    spellings = {key, json.dumps(key), json.dumps(key, ensure_ascii=False), f"'{key}'"}

    def matches(line: str) -> bool:
        match = _TOML_KEY_LINE.match(line)
        return match is not None and (match[1] or match[2]) in spellings

    return matches


def _json_key_matcher(key: str) -> Callable[[str], bool]:
    """Whether a line holds ``"key":``."""
    spellings = {json.dumps(key)[1:-1], json.dumps(key, ensure_ascii=False)[1:-1]}

    def matches(line: str) -> bool:
        return any(m[1] in spellings for m in _JSON_KEY.finditer(line))

    return matches


_JSON_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:')


def _lines_by_scanning(
    text: str,
    data: Any,
    key_matcher: Callable[[str], Callable[[str], bool]],
    *,
    limit: int = 200_000,
) -> dict[PathKey, int]:
    """Best-effort line map for formats whose parser does not report positions.

    Walks the data in document order and finds each key at or after the line where
    its parent was found; list items take the line of their first key.
    """
    lines = text.splitlines()
    tokens = _token_lines(lines)
    found: dict[PathKey, int] = {(): 1}
    cursor = 0
    for path in _paths_in_order(data, ()):
        if len(found) > limit:
            break
        key = path[-1]
        if isinstance(key, int):
            continue
        matches = key_matcher(key)
        candidates = _candidate_lines(tokens, key)
        for index in candidates[bisect.bisect_left(candidates, cursor) :]:
            if matches(lines[index]):
                found[path] = index + 1
                cursor = index
                parent = path[:-1]
                if parent and isinstance(parent[-1], int) and parent not in found:
                    found[parent] = index + 1
                break
    return found


_TOKEN = re.compile(r""""((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"'=:,{}\[\].#]+)""")


def _token_lines(lines: list[str]) -> dict[str, list[int]]:
    """Each word or quoted text of the file -> the lines it is on, in order.

    Only these lines can hold a key spelled that way, so finding a key costs the
    lines that name it, not the rest of the file (20,000 keys stay linear).
    """
    index: dict[str, list[int]] = {}
    for number, line in enumerate(lines):
        for match in _TOKEN.finditer(line):
            token = (
                match[1] if match[1] is not None else match[2] if match[2] is not None else match[3]
            )
            where = index.setdefault(token, [])
            if not where or where[-1] != number:
                where.append(number)
    return index


def _candidate_lines(tokens: dict[str, list[int]], key: str) -> list[int]:
    spellings = {key, json.dumps(key)[1:-1], json.dumps(key, ensure_ascii=False)[1:-1]}
    if len(spellings) == 1:
        return tokens.get(key, [])
    return sorted({line for spelling in spellings for line in tokens.get(spelling, ())})


def _paths_in_order(data: Any, path: PathKey) -> Iterator[PathKey]:
    if len(path) > 64:
        return
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*path, str(key))
            yield from _paths_in_order(value, (*path, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths_in_order(value, (*path, index))


# Finding files ------------------------------------------------------------------------------


def find_data_files(
    root: Path, exclude: Iterable[Path] = ()
) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Data files under ``root`` in a stable order, and problems met while walking.

    Symbolic links are followed once: a link that leads back into a folder already
    walked is reported (at the link) as a loop instead of being walked forever.
    Folders in ``exclude`` (a build's output, such as ``modelcards.json``) are skipped.
    """
    if root.is_file():
        return [root], []
    files: list[Path] = []
    problems: list[tuple[Path, str]] = []
    skipped = set()
    for path in exclude:
        try:
            skipped.add(path.resolve())
        except (OSError, RuntimeError):
            continue
    _walk(root, files, problems, set(), frozenset(skipped))
    return files, problems


def _walk(
    folder: Path,
    files: list[Path],
    problems: list[tuple[Path, str]],
    visited: set[Path],
    skipped: frozenset[Path],
) -> None:
    try:
        real = folder.resolve(strict=True)
    except (OSError, RuntimeError):
        problems.append((folder, "cannot resolve folder (broken or looping link)"))
        return
    if real in skipped:
        return
    if real in visited:
        problems.append((folder, f"symbolic link loop: folder already read as {real}"))
        return
    visited.add(real)
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        problems.append((folder, f"cannot list folder: {exc.strerror}"))
        return
    for entry in entries:
        if entry.name.startswith((".", "_")):
            continue
        if entry.is_dir():
            _walk(entry, files, problems, visited, skipped)
        elif entry.suffix.lower() in DATA_SUFFIXES and entry.is_file():
            files.append(entry)
