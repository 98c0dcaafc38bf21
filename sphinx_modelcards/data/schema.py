"""The data format: pydantic models for models, labs, architectures and benchmarks.

Everything that enters the extension from a data file is validated here, once.
The rest of the package works with these typed, immutable objects.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

#: Version of the published data format (``modelcards.json``, JSON Schema).
SCHEMA_VERSION = 1

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9_-]|\.(?!\.))*$"
_SLUG_RE = re.compile(SLUG_PATTERN)
_MAX_SLUG = 120

ACCESS_LEVELS = ("public", "limited", "private", "unknown")
Access = Literal["public", "limited", "private", "unknown"]

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def slugify(text: str) -> str:
    """Turn display text into a lowercase ASCII slug: ``GPT-4.5 Turbo`` -> ``gpt-4.5-turbo``."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9.]+", "-", ascii_text.lower())
    slug = re.sub(r"\.{2,}", ".", slug).strip("-.")
    return slug[:_MAX_SLUG].strip("-.") or "x"


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
    return value


Slug = Annotated[
    str,
    AfterValidator(_check_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN, "maxLength": _MAX_SLUG}),
]


def _strip_text(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    return value


#: Non-empty, stripped text of a line or two.
Text = Annotated[str, BeforeValidator(_strip_text), Field(min_length=1, max_length=1000)]
#: Non-empty, stripped prose (notes, descriptions).
LongText = Annotated[str, BeforeValidator(_strip_text), Field(min_length=1, max_length=20_000)]


def _plain_number(value: Any) -> Any:
    """Refuse booleans (YAML's ``true`` would pass as 1) and NaN or infinity."""
    if isinstance(value, bool):
        raise ValueError("expected a number, not a boolean")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("expected a finite number")
    return value


PlainNumber = BeforeValidator(_plain_number)
PositiveNumber = Annotated[float, PlainNumber, Field(gt=0, allow_inf_nan=False)]
Score = Annotated[float, PlainNumber, Field(ge=0, le=100, allow_inf_nan=False)]


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
        """``Dec 2024``, ``11 Dec 2024`` or ``TBA``."""
        if self.year is None or self.month is None:
            return "TBA"
        text = f"{MONTHS[self.month - 1]} {self.year}"
        return f"{self.day} {text}" if self.day else text

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

_ALLOWED_SCHEMES = ("http://", "https://")


def check_url(value: str) -> str:
    """Accept http(s) URLs and relative links; refuse every other scheme."""
    text = value.strip()
    if not text:
        raise ValueError("a link needs a URL")
    if any(ch in text for ch in "\x00\r\n\t <>\"'`"):
        raise ValueError("a URL may not contain spaces, quotes or angle brackets")
    lowered = text.lower()
    if lowered.startswith(_ALLOWED_SCHEMES):
        return text
    if re.match(r"^[a-z][a-z0-9+.-]*:", lowered) or lowered.startswith("//"):
        raise ValueError("only http(s) and relative links are allowed")
    return text


Url = Annotated[str, AfterValidator(check_url)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Link(_Strict):
    """A resource about a model: paper, announcement, playground, weights..."""

    kind: Slug = Field("other", description="What the link points at (paper, docs, weights, ...).")
    url: Url = Field(description="An http(s) URL or a relative link.")
    title: Text | None = Field(None, description="Readable label; defaults to one for the kind.")


class Model(_Strict):
    """One AI model, as written in a data file."""

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
    dataset_types: list[Text] = Field(default_factory=list, description="Kinds of training data.")
    benchmarks: dict[Slug, Score | None] = Field(
        default_factory=dict, description="Benchmark id to score (0-100); null when unknown."
    )
    tags: list[Text] = Field(
        default_factory=list, description="Free-form labels (SOTA, Reasoning)."
    )
    notes: LongText | None = Field(None, description="Free text about the model.")
    links: list[Link] = Field(default_factory=list, description="Resources about the model.")
    license: Text | None = Field(None, description="Licence name or SPDX id.")
    base_model: Text | None = Field(None, description="Id or name of the model it derives from.")
    last_updated: Day | None = Field(None, description="When this entry was last checked.")

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

    id: Slug = Field(description="Lowercase slug used as the key in a model's ``benchmarks``.")
    name: Text = Field(description="Display name (column header, table row).")
    description: LongText | None = Field(None, description="What the benchmark measures.")
    url: Url | None = Field(None, description="Paper or home page.")
    scale: PositiveNumber = Field(
        100, le=100, description="Best possible score (at most 100); higher scores are errors."
    )
    bands: list[AnalysisBand] = Field(
        default_factory=list, description="Analysis sentences by score band."
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
