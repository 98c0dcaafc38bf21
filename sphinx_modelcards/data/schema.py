"""The data format: pydantic models for models, labs, architectures and benchmarks.

Everything that enters the extension from a data file is validated here, once.
The rest of the package works with these typed, immutable objects.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
import unicodedata
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic import Tag as UnionTag

#: Version of the published data format (``modelcards.json``, JSON Schema).
SCHEMA_VERSION = 1

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9_-]|\.(?!\.))*$"
_SLUG_RE = re.compile(SLUG_PATTERN)
_MAX_SLUG = 120

#: Leaderboard columns, their aliases and filter fields: a benchmark may not take one
#: of these ids, or ``:columns: score`` and ``:filter: score > 50`` would disagree.
COLUMN_NAMES = frozenset(
    [
        "name",
        "id",
        "lab",
        "released",
        "access",
        "architecture",
        "parameters_b",
        "active_parameters_b",
        "training_tokens_b",
        "context_window",
        "alscore",
        "tier",
        "ratio",
        "compute_optimal",
        "license",
        "tags",
        "dataset_types",
        "base_model",
        "summary",
        "model",
        "params",
        "parameters",
        "active",
        "tokens",
        "context",
        "arch",
        "token_param_ratio",
        "status",
        "date",
        "score",
        "rank",
        "lab_name",
        "compute",
        "base_relation",
        "training_compute_flop",
    ]
)


def _not_a_column(value: str) -> str:
    if value in COLUMN_NAMES:
        raise ValueError(
            f"benchmark id {value!r} is the name of a leaderboard column; "
            "choose another id (such as its full name)"
        )
    return value


ACCESS_LEVELS = ("public", "limited", "private", "unknown")
Access = Literal["public", "limited", "private", "unknown"]

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


#: Names Windows reserves in every folder, whatever the extension (``con.txt`` too).
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"{device}{n}" for device in ("com", "lpt") for n in "0123456789"}
)


def _reserved(slug: str) -> bool:
    """A file named after ``slug`` cannot exist on Windows (``con``, ``nul.x``, ``a.``)."""
    return slug.split(".", 1)[0] in WINDOWS_RESERVED or slug.endswith(".")


def ascii_slug(text: str) -> str:
    """The slug of ``text``'s ASCII spelling alone (``Öpen`` -> ``open``); may be empty."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9.]+", "-", ascii_text.lower())
    return re.sub(r"\.{2,}", ".", slug).strip("-.")


def slugify(text: str) -> str:
    """Turn display text into a lowercase ASCII slug: ``GPT-4.5 Turbo`` -> ``gpt-4.5-turbo``.

    Letters without an ASCII spelling (``多模态``, ``Модель``) add a stable hash of
    the text, so that such names get their own slug instead of none; a slug that
    Windows reserves as a file name (``con``) gets a trailing ``_``.
    """
    slug = ascii_slug(text)
    if any(ch.isalnum() and not ch.isascii() for ch in unicodedata.normalize("NFKD", text)):
        digest = hashlib.sha256(unicodedata.normalize("NFKC", text).casefold().encode())
        slug = f"{slug[: _MAX_SLUG - 11]}-{digest.hexdigest()[:10]}".lstrip("-")
    slug = slug[:_MAX_SLUG].strip("-.") or "x"
    return slug + "_" if _reserved(slug) else slug


def _check_slug(value: str) -> str:
    if len(value) > _MAX_SLUG:
        raise ValueError(f"an id is at most {_MAX_SLUG} characters")
    if not _SLUG_RE.match(value):
        suggestion = slugify(value)
        hint = f" (did you mean {suggestion!r}?)" if suggestion != "x" or value == "X" else ""
        raise ValueError(
            "an id is a lowercase slug of a-z, 0-9, '.', '-' and '_' starting with a letter "
            f"or digit{hint}"
        )
    if _reserved(value):
        raise ValueError(
            f"{value!r} cannot be a file name on Windows (reserved device name or trailing "
            f"'.'); use another id, such as {value.rstrip('.') + '_'!r}"
        )
    return value


#: :data:`SLUG_PATTERN` without the names Windows reserves (``con``, ``nul.x``, ``a.``).
ID_PATTERN = (
    r"^(?!(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\.|$))(?!.*\.$)" + SLUG_PATTERN.removeprefix("^")
)

Slug = Annotated[
    str,
    AfterValidator(_check_slug),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN, "maxLength": _MAX_SLUG}),
]


#: A slug that is not a column name.
BenchmarkId = Annotated[
    str,
    AfterValidator(_check_slug),
    AfterValidator(_not_a_column),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": ID_PATTERN,
            "maxLength": _MAX_SLUG,
            "not": {"enum": sorted(COLUMN_NAMES)},
        }
    ),
]


def _strip_text(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    return value


#: What the JSON Schema says of stripped text: something other than whitespace.
_NOT_BLANK = {"pattern": r"\S"}
#: Non-empty, stripped text of a line or two.
Text = Annotated[
    str,
    BeforeValidator(_strip_text),
    Field(min_length=1, max_length=1000, json_schema_extra=_NOT_BLANK),
]
#: Non-empty, stripped prose (notes, descriptions).
LongText = Annotated[
    str,
    BeforeValidator(_strip_text),
    Field(min_length=1, max_length=20_000, json_schema_extra=_NOT_BLANK),
]


def _plain_number(value: Any) -> Any:
    """Refuse booleans (YAML's ``true`` would pass as 1) and NaN or infinity."""
    if isinstance(value, bool):
        raise ValueError("expected a number, not a boolean")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("expected a finite number")
    if isinstance(value, float) and value == 0:
        return 0.0  # -0.0 would print as "-0.0"
    return value


PlainNumber = BeforeValidator(_plain_number)
PositiveNumber = Annotated[float, PlainNumber, Field(gt=0, allow_inf_nan=False)]
Score = Annotated[float, PlainNumber, Field(ge=0, le=100, allow_inf_nan=False)]


def month_year(year: int, month: int) -> str:
    """The one date format of the site: ``Dec 2024``."""
    return f"{MONTHS[month - 1]} {year}"


class ReleaseDate(BaseModel):
    """A release date of month precision or better, or "TBA" (announced, not released)."""

    model_config = ConfigDict(frozen=True)

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def tba(self) -> bool:
        """Announced, with no release date yet."""
        return self.year is None

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Chronological key; TBA sorts after every real date."""
        if self.year is None:
            return (9999, 99, 99)
        return (self.year, self.month or 0, self.day or 0)

    def iso(self) -> str:
        """``2024-12``, ``2024-12-11`` or ``TBA``."""
        if self.year is None:
            return "TBA"
        text = f"{self.year:04d}-{self.month:02d}"
        return f"{text}-{self.day:02d}" if self.day else text

    def display(self) -> str:
        """``Dec 2024`` or ``TBA``: one format everywhere, month precision (a day, when
        the data has one, still orders releases)."""
        if self.year is None or self.month is None:
            return "TBA"
        return month_year(self.year, self.month)

    @classmethod
    def parse(cls, value: Any) -> ReleaseDate:
        """Read ``YYYY-MM``, ``YYYY-MM-DD``, ``TBA`` or a date object."""
        if isinstance(value, ReleaseDate):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(year=value.year, month=value.month, day=value.day)
        if not isinstance(value, str):
            raise ValueError("expected 'YYYY-MM', 'YYYY-MM-DD' or 'TBA'")
        text = value.strip()
        if text.upper() == "TBA":
            return cls()
        match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", text)
        if not match:
            raise ValueError(f"expected 'YYYY-MM', 'YYYY-MM-DD' or 'TBA', got {text!r}")
        year, month = int(match[1]), int(match[2])
        day = int(match[3]) if match[3] else None
        if year < 1:
            raise ValueError(f"year {match[1]} is not a real year")
        if not 1 <= month <= 12:
            raise ValueError(f"month {month} is not between 1 and 12")
        if day is not None:
            try:
                dt.date(year, month, day)
            except ValueError as exc:
                raise ValueError(f"{text!r} is not a calendar date: {exc}") from None
        return cls(year=year, month=month, day=day)


def _release_text(value: ReleaseDate) -> str:
    return value.iso()


#: Read from text; written back as the same text (``2024-12``, ``TBA``), so that a
#: dumped model is a valid data file.
Released = Annotated[
    ReleaseDate, BeforeValidator(ReleaseDate.parse), PlainSerializer(_release_text, return_type=str)
]


def _parse_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


Day = Annotated[dt.date, BeforeValidator(_parse_date)]

_ALLOWED_SCHEMES = frozenset({"http", "https"})
#: C0 controls and DEL: browsers drop or ignore them, so ``\x01javascript:`` would run.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _as_browser_reads(text: str) -> str:
    """``text`` as a WHATWG URL parser sees it before parsing.

    Leading and trailing C0 controls and spaces go, tabs and newlines anywhere go,
    and backslashes count as slashes (as for the special schemes http, https...).
    """
    text = text.strip("".join(map(chr, range(0x21))))
    text = re.sub(r"[\t\n\r]", "", text)
    return text.replace("\\", "/")


def check_url(value: str) -> str:
    """Accept http(s) URLs and relative links; refuse every other scheme.

    The decision is made on the URL as a browser reads it (see
    :func:`_as_browser_reads`), parsed by :func:`urllib.parse.urlsplit`, so that
    neither a control character nor a backslash can smuggle a scheme or a host in.
    """
    text = value.strip()
    if not text:
        raise ValueError("a link needs a URL")
    if any(ch in text for ch in "\x00\r\n\t <>\"'`"):
        raise ValueError("a URL may not contain spaces, quotes or angle brackets")
    control = _CONTROL.search(text)
    if control:
        code = ord(control[0])
        raise ValueError(f"a URL may not contain control characters (U+{code:04X})")
    read = _as_browser_reads(text)
    try:
        parts = urlsplit(read)
    except ValueError as exc:
        raise ValueError(f"not a valid URL: {exc}") from None
    if parts.scheme:
        if parts.scheme.lower() not in _ALLOWED_SCHEMES:
            raise ValueError("only http(s) and relative links are allowed")
        return text
    if read.startswith("//") or re.match(r"^[a-z][a-z0-9+.-]*:", read, re.I):
        raise ValueError("only http(s) and relative links are allowed")
    return text


#: :func:`check_url` as a JSON Schema pattern: http(s), or no scheme and no ``//``.
URL_PATTERN = (
    r"^ *(?:[Hh][Tt][Tt][Pp][Ss]?:[/\\]{2}|(?![A-Za-z][A-Za-z0-9+.-]*:)(?![/\\]{2}))"
    r"[^\x00-\x20\x7f<>\"'`]+ *$"
)

Url = Annotated[
    str,
    AfterValidator(check_url),
    WithJsonSchema({"type": "string", "pattern": URL_PATTERN}),
]


#: A Hugging Face Hub repository id: ``org/name``.
HUB_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$"
HubId = Annotated[str, Field(pattern=HUB_ID_PATTERN, max_length=200)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# Provenance and lineage -----------------------------------------------------------------------

#: How a number is known: published by its makers, guessed, asserted without detail, or
#: measured by whoever writes the catalog.
PROVENANCE_STATUSES = ("disclosed", "estimated", "claimed", "measured")
ProvenanceStatus = Literal["disclosed", "estimated", "claimed", "measured"]
#: Numeric model fields that may be written as a mapping with a ``value`` and its provenance.
PROVENANCE_FIELDS = (
    "parameters_b",
    "active_parameters_b",
    "training_tokens_b",
    "context_window",
    "training_compute_flop",
)
#: Prefix of a benchmark score's provenance key: ``benchmarks.mmlu``.
SCORE_PREFIX = "benchmarks."

_URL_LIKE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|//|(?:javascript|data|vbscript|file):)", re.I)


def _check_source(value: str) -> str:
    """A citation text, or a URL that must be http(s) (``arXiv:2407.21783`` is a citation)."""
    if _URL_LIKE.match(value):
        return check_url(value)
    return value


class Provenance(_Strict):
    """Where one number comes from; ``n_shot``, ``method`` and ``verified`` are for scores."""

    status: ProvenanceStatus | None = Field(
        None, description="disclosed, estimated, claimed or measured."
    )
    source: Annotated[Text, AfterValidator(_check_source)] | None = Field(
        None, description="An http(s) URL or a citation text."
    )
    as_of: Annotated[dt.date, BeforeValidator(_as_of_date)] | None = Field(
        None, description="When the number was published or checked (YYYY-MM-DD)."
    )
    n_shot: Annotated[int, PlainNumber, Field(ge=0, le=10_000)] | None = Field(
        None, description="Examples in the prompt (scores)."
    )
    method: Text | None = Field(
        None, description="Harness and version, e.g. lm-evaluation-harness 0.4.x (scores)."
    )
    verified: bool | None = Field(None, description="Checked by a third party (scores).")

    @property
    def source_url(self) -> str | None:
        """The source when it is a link."""
        source = self.source or ""
        return source if source.lower().startswith(("http://", "https://")) else None


def _as_of_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError("expected a date, YYYY-MM-DD")


def provenance_key_path(key: str) -> tuple[str, ...]:
    """Where a provenance key was written in a data file: ``benchmarks.mmlu`` -> two keys."""
    if key.startswith(SCORE_PREFIX):
        return ("benchmarks", key[len(SCORE_PREFIX) :])
    return (key,)


def lift_provenance(data: Any) -> Any:
    """Split ``{value: 8, status: ...}`` numbers into the value and a ``provenance`` entry.

    Plain numbers pass unchanged, so the rest of the package reads plain values.
    """
    if not isinstance(data, dict):
        return data
    found: dict[str, Any] = {}
    out = dict(data)
    for key in PROVENANCE_FIELDS:
        value = data.get(key)
        if isinstance(value, dict) and "value" in value:
            out[key] = value["value"]
            found[key] = {k: v for k, v in value.items() if k != "value"}
    scores = data.get("benchmarks")
    if isinstance(scores, dict) and any(isinstance(v, dict) for v in scores.values()):
        plain: dict[Any, Any] = {}
        for bench_id, value in scores.items():
            if isinstance(value, dict) and "value" in value:
                plain[bench_id] = value["value"]
                details = {k: v for k, v in value.items() if k != "value"}
                found[f"{SCORE_PREFIX}{bench_id}"] = details
            else:
                plain[bench_id] = value
        out["benchmarks"] = plain
    given = data.get("provenance")
    if found and (given is None or isinstance(given, dict)):
        out["provenance"] = {**(given or {}), **found}
    return out


def drop_provenance(data: dict[str, Any], keys: set[str] | None) -> dict[str, Any]:
    """``data`` without the provenance of ``keys`` (all of it when ``None``): plain values."""
    out = dict(data)
    lifted = lift_provenance(data)
    given_details = lifted.get("provenance")
    wanted = set(given_details if isinstance(given_details, dict) else {}) if keys is None else keys
    for key in wanted:
        path = provenance_key_path(key)
        if len(path) == 1 and path[0] in out:
            out[path[0]] = lifted.get(path[0])
        elif len(path) == 2 and isinstance(out.get("benchmarks"), dict):
            out["benchmarks"] = {**out["benchmarks"], path[1]: lifted["benchmarks"].get(path[1])}
    given = out.get("provenance")
    if keys is None:
        out.pop("provenance", None)
    elif isinstance(given, dict):
        out["provenance"] = {k: v for k, v in given.items() if k not in keys}
    return out


class HistoryEntry(_Strict):
    """One dated change of a value: before ``date``, the field at ``field`` was ``old``.

    ``old: null`` says the value was unknown before ``date``. Whether ``field`` names
    a value of the model and ``old`` fits it is checked by :mod:`.history`, which
    warns and leaves the one entry out rather than the model.
    """

    date: Day = Field(description="The day the value changed (YYYY-MM-DD).")
    field: Text = Field(
        description="The value that changed: parameters_b, active_parameters_b, "
        "training_tokens_b, context_window, training_compute_flop or benchmarks.<id>."
    )
    old: Annotated[Any, WithJsonSchema({"type": ["number", "null"]})] = Field(
        description="The value before that day; null when it was not known."
    )
    note: LongText | None = Field(None, description="What changed and why (plain text).")
    source: Annotated[Text, AfterValidator(_check_source)] | None = Field(
        None, description="An http(s) URL or a citation text for the new value."
    )


#: What a model was made from its base by, in Hugging Face's ``base_model_relation``
#: vocabulary plus distillation.
BASE_RELATIONS = ("finetune", "adapter", "quantized", "merge", "distillation")
BaseRelation = Literal["finetune", "adapter", "quantized", "merge", "distillation"]


class ExternalBase(_Strict):
    """A base model that is not in the catalog: a name and where to read about it."""

    name: Text = Field(description="Display name.")
    url: Url | None = Field(None, description="An http(s) URL about the model.")


def _as_list(value: Any) -> Any:
    return value if isinstance(value, list) or value is None else [value]


def _base_kind(value: Any) -> str:
    return "external" if isinstance(value, dict | ExternalBase) else "id"


#: One base: a catalog id (or a free name such as a Hugging Face repo) or an external model.
BaseRef = Annotated[
    Annotated[Text, UnionTag("id")] | Annotated[ExternalBase, UnionTag("external")],
    Discriminator(_base_kind),
]


def base_id(base: str | ExternalBase) -> str | None:
    """The catalog id a base names, if it is written as an id."""
    return base if isinstance(base, str) else None


def base_label(base: str | ExternalBase) -> str:
    """How a base reads in text: its id or name."""
    return base if isinstance(base, str) else base.name


#: SPDX licence identifiers are letters, digits, ``.``, ``-`` and ``+``.
SPDX_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+-]*$")


def spdx_url(license_text: str) -> str | None:
    """The spdx.org page of a licence written as an SPDX id (``Apache-2.0``), else ``None``."""
    from .registry import SPDX_IDS

    key = license_text.strip().lower()
    canonical = SPDX_IDS.get(key)
    return f"https://spdx.org/licenses/{canonical}.html" if canonical else None


class Link(_Strict):
    """A resource about a model: paper, announcement, playground, weights..."""

    kind: Slug = Field("other", description="What the link points at (paper, docs, weights, ...).")
    url: Url = Field(description="An http(s) URL or a relative link.")
    title: Text | None = Field(None, description="Readable label; defaults to one for the kind.")


class Owner(_Strict):
    """Who answers for a model: a person or team, and how to reach them."""

    name: Text = Field(description="Person or team.")
    contact: Url | None = Field(None, description="An http(s) URL to reach them.")


def _with_provenance(plain: dict[str, Any]) -> dict[str, Any]:
    """A number as written: plain, or a mapping of its value and provenance."""
    details = Provenance.model_json_schema(ref_template="#/$defs/{model}")["properties"]
    mapping = {
        "type": "object",
        "properties": {"value": plain, **details},
        "required": ["value"],
        "additionalProperties": False,
    }
    return {"anyOf": [plain, mapping]}


def _model_json_schema(schema: dict[str, Any]) -> None:
    """Numbers and scores may be written with their provenance (see :func:`lift_provenance`)."""
    properties = schema.get("properties", {})
    for key in PROVENANCE_FIELDS:
        if key in properties:
            properties[key] = _with_provenance(properties[key])
    scores = properties.get("benchmarks", {})
    for pattern, score in scores.get("patternProperties", {}).items():
        scores["patternProperties"][pattern] = _with_provenance(score)
    bases = properties.get("base_model")
    if isinstance(bases, dict) and "items" in bases:
        one = bases["items"]
        array = {"type": "array", "items": one}
        properties["base_model"] = {
            "description": bases.get("description", ""),
            "anyOf": [one, array],
        }


class Model(_Strict):
    """One AI model, as written in a data file."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        json_schema_extra=_model_json_schema,
    )

    id: Slug = Field(description="Unique lowercase slug; also the page name.")
    name: Text = Field(description="Display name.")
    aliases: list[Text] = Field(
        default_factory=list, description="Other names readers search for (GPT4, 4o)."
    )
    summary: Text | None = Field(None, description="One-line tagline shown under the title.")
    lab: Slug = Field(description="Id of the lab that made the model.")
    released: Released | None = Field(None, description="YYYY-MM, YYYY-MM-DD or TBA.")
    access: Access = Field("unknown", description="public, limited, private or unknown.")
    architecture: Slug | None = Field(None, description="Id of the architecture (dense, moe...).")
    parameters_b: PositiveNumber | None = Field(None, description="Total parameters, billions.")
    active_parameters_b: PositiveNumber | None = Field(
        None, description="Parameters active per token (mixture of experts), billions."
    )
    training_tokens_b: PositiveNumber | None = Field(None, description="Training tokens, billions.")
    context_window: Annotated[int, PlainNumber, Field(gt=0)] | None = Field(
        None, description="Context window, tokens."
    )
    training_compute_flop: PositiveNumber | None = Field(
        None,
        description="Training compute as stated by a source, FLOP; shown and exported "
        "in place of the 6 x parameters x tokens estimate.",
    )
    dataset_types: list[Text] = Field(default_factory=list, description="Kinds of training data.")
    benchmarks: dict[BenchmarkId, Score | None] = Field(
        default_factory=dict, description="Benchmark id to score (0-100); null when unknown."
    )
    tags: list[Text] = Field(
        default_factory=list, description="Free-form labels (SOTA, Reasoning)."
    )
    notes: LongText | None = Field(None, description="Free text about the model.")
    links: list[Link] = Field(default_factory=list, description="Resources about the model.")
    license: Text | None = Field(None, description="Licence name or SPDX id.")
    base_model: Annotated[list[BaseRef], BeforeValidator(_as_list)] = Field(
        default_factory=list,
        description="The model(s) it derives from: catalog ids, names, or {name, url} mappings.",
    )
    hf_id: HubId | None = Field(
        None, description="Hugging Face Hub repository of the weights (``org/name``)."
    )
    base_relation: BaseRelation | None = Field(
        None, description="finetune, adapter, quantized, merge or distillation."
    )
    last_updated: Day | None = Field(None, description="When this entry was last checked.")
    version: Text | None = Field(None, description="Version of the model this card describes.")
    owners: list[Owner] = Field(default_factory=list, description="Who answers for the model.")
    intended_use: LongText | None = Field(None, description="What the model is meant for.")
    out_of_scope_use: LongText | None = Field(
        None, description="Uses the model is not meant or fit for."
    )
    limitations: LongText | None = Field(None, description="Known limitations and failure modes.")
    ethical_considerations: LongText | None = Field(
        None, description="Risks, biases and mitigations."
    )
    history: list[HistoryEntry] = Field(
        default_factory=list,
        description="Dated changes of numbers and scores, oldest first: each says what "
        "the value was before its date.",
    )
    provenance: dict[str, Provenance] = Field(
        default_factory=dict,
        description="Where numbers come from, by field (parameters_b, benchmarks.mmlu...); "
        "usually written as {value, status, source...} in place of the number.",
    )

    @model_validator(mode="before")
    @classmethod
    def _lift(cls, data: Any) -> Any:
        return lift_provenance(data)

    @field_validator("provenance")
    @classmethod
    def _known_numbers(
        cls, values: dict[str, Provenance], info: ValidationInfo
    ) -> dict[str, Provenance]:
        scores = info.data.get("benchmarks") or {}
        for key in values:
            is_score = key.startswith(SCORE_PREFIX) and key[len(SCORE_PREFIX) :] in scores
            if key not in PROVENANCE_FIELDS and not is_score:
                raise ValueError(
                    f"{key!r} is not a number of this model; expected one of: "
                    f"{', '.join(PROVENANCE_FIELDS)} or benchmarks.<id>"
                )
        return dict(sorted(values.items()))

    @property
    def base_ids(self) -> list[str]:
        """The bases written as ids or names (not the external ones)."""
        return [b for b in self.base_model if isinstance(b, str)]

    @field_validator("tags", "dataset_types")
    @classmethod
    def _unique(cls, values: list[str]) -> list[str]:
        seen: set[str] = set()
        unique = []
        for value in values:
            if value.lower() not in seen:
                seen.add(value.lower())
                unique.append(value)
        return unique

    @field_validator("tags")
    @classmethod
    def _sluggable_tags(cls, values: list[str]) -> list[str]:
        for value in values:
            if slugify(value) == "x" and value.lower() != "x":
                raise ValueError(f"tag {value!r} has no letters or digits")
        return values

    @field_validator("active_parameters_b")
    @classmethod
    def _active_not_above_total(cls, value: float | None, info: ValidationInfo) -> float | None:
        total = info.data.get("parameters_b")
        if value is not None and total is not None and value > total:
            raise ValueError(f"{value:g} is above parameters_b ({total:g})")
        return value


class Lab(_Strict):
    """An organisation that makes models."""

    id: Slug = Field(description="Lowercase slug that models use in their ``lab`` field.")
    name: Text = Field(description="Display name (any Unicode).")
    short_name: Text | None = Field(
        None, description="Short name for table cells (the full name shows on hover)."
    )
    url: Url | None = Field(None, description="Home page.")
    country: Text | None = Field(None, description="Where the lab is based.")
    description: LongText | None = Field(None, description="A few sentences about the lab.")


class Architecture(_Strict):
    """A model architecture family."""

    id: Slug = Field(description="Lowercase slug that models use in their ``architecture``.")
    name: Text = Field(description="Display name.")
    description: LongText | None = Field(None, description="What sets the architecture apart.")


class AnalysisBand(_Strict):
    """A sentence shown when a score falls in ``[min, max)``."""

    min: Annotated[float, PlainNumber] = Field(
        ge=0, allow_inf_nan=False, description="Lowest score of the band (included)."
    )
    max: Annotated[float, PlainNumber] | None = Field(
        None,
        allow_inf_nan=False,
        description="Score where the band ends (excluded); open if absent.",
    )
    text: Text = Field(description="The analysis sentence shown on the card.")

    @model_validator(mode="after")
    def _ordered(self) -> AnalysisBand:
        if self.max is not None and self.max <= self.min:
            raise ValueError(f"band max ({self.max:g}) must be above min ({self.min:g})")
        return self


class Benchmark(_Strict):
    """An evaluation whose scores models report."""

    id: BenchmarkId = Field(
        description="Lowercase slug used as the key in a model's ``benchmarks``."
    )
    name: Text = Field(description="Display name (column header, table row).")
    description: LongText | None = Field(None, description="What the benchmark measures.")
    url: Url | None = Field(None, description="Paper or home page.")
    scale: PositiveNumber = Field(
        100, le=100, description="Best possible score (at most 100); higher scores are errors."
    )
    bands: list[AnalysisBand] = Field(
        default_factory=list, description="Analysis sentences by score band."
    )
    aliases: list[Text] = Field(
        default_factory=list,
        description=(
            "Names other tools give the benchmark: lm-evaluation-harness tasks, Hugging Face "
            "dataset ids, Epoch AI columns. Matched ignoring case and punctuation."
        ),
    )
    metrics: list[Text] = Field(
        default_factory=list,
        description=(
            "Metric names to import, best first (``acc_norm``, ``exact_match``); "
            "the tool's first metric when none is listed."
        ),
    )


class Tag(_Strict):
    """An optional registry entry describing a tag."""

    id: Slug = Field(description="Slug of the tag (``Open weights`` -> ``open-weights``).")
    name: Text = Field(description="Display name.")
    description: LongText | None = Field(None, description="What the tag means.")


class CatalogFile(_Strict):
    """A data file holding several kinds of entries at once."""

    models: list[dict[str, Any]] = Field(default_factory=list)
    labs: list[dict[str, Any]] = Field(default_factory=list)
    architectures: list[dict[str, Any]] = Field(default_factory=list)
    benchmarks: list[dict[str, Any]] = Field(default_factory=list)
    tags: list[dict[str, Any]] = Field(default_factory=list)


ENTRY_MODELS: dict[str, type[_Strict]] = {
    "models": Model,
    "labs": Lab,
    "architectures": Architecture,
    "benchmarks": Benchmark,
    "tags": Tag,
}
