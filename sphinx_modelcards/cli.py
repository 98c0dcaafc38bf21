"""The ``sphinx-modelcards`` command: validate, export, import and describe catalog data.

Every subcommand reads the data the way a Sphinx build does (:func:`load_catalog`),
so what ``validate`` reports is exactly what a build would warn about.

Exit status: 0 on success, 1 when the data has problems, 2 on usage errors, 3 when
the output cannot be written (a folder, a full disk, a closed pipe).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, create_model
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from . import __version__
from .data.benchmark_names import BenchmarkNames
from .data.catalog import REGISTRY_KINDS, Catalog
from .data.cyclonedx import to_cyclonedx
from .data.export import records, to_csv, to_json, write_if_changed
from .data.hints import did_you_mean
from .data.history import last_updated
from .data.loading import Sources, load_catalog, validate_entry
from .data.schema import (
    SCHEMA_VERSION,
    Architecture,
    Benchmark,
    Lab,
    Model,
    ReleaseDate,
    Tag,
    slugify,
)
from .data.sources import ParsedFile
from .data.spdx import to_spdx
from .importers.epoch import EpochError, read_epoch_csv, to_epoch_csv
from .importers.huggingface import HFCard, read_hf_card, write_hf_card
from .importers.lm_eval import LmEvalRun, ResultsError, TaskScore, read_results
from .importers.markdown import KEPT, IdAllocator, Progress, dump_yaml, import_markdown
from .importers.model_file import (
    ModelFile,
    ModelFileError,
    Score,
    round_trip_yaml,
    write_atomically,
)

PROG = "sphinx-modelcards"

# Exit statuses.
OK, PROBLEMS, USAGE, CANNOT_WRITE = 0, 1, 2, 3


# Output -----------------------------------------------------------------------------------------


class OutputError(Exception):
    """The output cannot be written (a folder, a full disk, no permission)."""


def _emit(text: str, out: Path | None) -> None:
    """``text`` to ``out`` (only if it changed) or to standard output."""
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        status = "written" if write_if_changed(out, text) else "unchanged"
    except IsADirectoryError:
        raise OutputError(f"{out}: is a folder; --out takes a file name") from None
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        raise OutputError(f"{out}: cannot write: {exc.strerror or exc}") from None
    print(f"{out}: {status}", file=sys.stderr)


def _progress(stream: TextIO) -> Progress | None:
    """A ``done/total`` counter on ``stream`` when it is a terminal; nothing otherwise."""
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done == total else ""
        print(f"\r[{done}/{total}]", end=end, file=stream, flush=True)

    return show


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# Loading ----------------------------------------------------------------------------------------


def _require_existing(parser: argparse.ArgumentParser, paths: Sequence[Path]) -> None:
    """A path that does not exist is a usage error (exit 2), not a data problem."""
    for path in paths:
        if not path.exists():
            parser.error(f"{path}: no such file or folder")


def _load(args: argparse.Namespace) -> Catalog:
    """The catalog of ``args.paths`` and the registry options, as a build loads it."""
    registries: dict[str, tuple[Path, ...]] = {
        kind: tuple(getattr(args, kind) or ()) for kind in REGISTRY_KINDS
    }
    _require_existing(args.parser, [*args.paths, *(p for v in registries.values() for p in v)])
    return load_catalog(Sources(data=tuple(args.paths), registries=registries))


def _warn_problems(catalog: Catalog) -> None:
    for problem in catalog.problems:
        print(f"warning: {problem}", file=sys.stderr)


def _warnings_status(args: argparse.Namespace, catalog: Catalog) -> int:
    _warn_problems(catalog)
    return PROBLEMS if catalog.problems and args.fail_on_warning else OK


# validate ---------------------------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    """Print every problem as ``file:line: field: message``; exit 1 if there are any."""
    catalog = _load(args)
    for problem in catalog.problems:
        print(problem)
    files = len(catalog.files)
    if catalog.problems:
        where = len({p.path for p in catalog.problems})
        print(
            f"{_plural(len(catalog.problems), 'problem')} in {_plural(where, 'file')} "
            f"({_plural(len(catalog.models), 'model')} valid, {_plural(files, 'file')} read)",
            file=sys.stderr,
        )
        return PROBLEMS
    print(
        f"ok: {_plural(len(catalog.models), 'model')}, {_plural(len(catalog.labs), 'lab')} "
        f"in {_plural(files, 'file')}",
        file=sys.stderr,
    )
    return OK


# export -----------------------------------------------------------------------------------------


#: ``export --format`` -> the function writing the catalog in that format.
EXPORT_FORMATS: dict[str, Callable[[Catalog], str]] = {
    "json": lambda catalog: to_json(records(catalog), last_updated(catalog)),
    "csv": lambda catalog: to_csv(records(catalog), catalog),
    "cyclonedx": to_cyclonedx,
    "epoch": to_epoch_csv,
    "spdx": to_spdx,
}


def cmd_export(args: argparse.Namespace) -> int:
    """The catalog with its derived figures, as JSON or CSV."""
    catalog = _load(args)
    text = EXPORT_FORMATS[args.format](catalog)
    _emit(text, args.out)
    return _warnings_status(args, catalog)


# schema -----------------------------------------------------------------------------------------

#: What a ``released`` value looks like in a data file (read by ``ReleaseDate.parse``).
RELEASED_JSON_SCHEMA: JsonSchemaValue = {
    "type": "string",
    "pattern": r"^\s*(?:\d{4}-(?:0?[1-9]|1[0-2])(?:-(?:0?[1-9]|[12]\d|3[01]))?|[Tt][Bb][Aa])\s*$",
    "description": "YYYY-MM, YYYY-MM-DD, or TBA (announced, no release date yet).",
    "examples": ["2024-12", "2024-12-11", "TBA"],
}


#: Pydantic's names of number limits -> JSON Schema's. Pydantic leaves them unrenamed when
#: a validator runs before the limits (``PlainNumber``); validators ignore unknown keywords.
_LIMIT_KEYWORDS = {
    "gt": "exclusiveMinimum",
    "ge": "minimum",
    "lt": "exclusiveMaximum",
    "le": "maximum",
}


def _json_limits(node: Any) -> Any:
    """``node`` with pydantic's number limits written as JSON Schema keywords, recursively."""
    if isinstance(node, list):
        return [_json_limits(item) for item in node]
    if not isinstance(node, dict):
        return node
    number = node.get("type") in ("number", "integer")
    return {
        (_LIMIT_KEYWORDS.get(key, key) if number else key): _json_limits(value)
        for key, value in node.items()
    }


class _DataFileJsonSchema(GenerateJsonSchema):
    """Pydantic's generator, describing values as written in files rather than as parsed."""

    def generate(self, schema: core_schema.CoreSchema, mode: Any = "validation") -> JsonSchemaValue:
        """The whole schema, with number limits JSON Schema validators understand."""
        generated: JsonSchemaValue = _json_limits(super().generate(schema, mode))
        return generated

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        """A release date is written as text, not as the object it is parsed into."""
        if schema["cls"] is ReleaseDate:
            return dict(RELEASED_JSON_SCHEMA)
        return super().model_schema(schema)


class CatalogSections(BaseModel):
    """A data file holding several kinds of entries at once."""

    model_config = ConfigDict(extra="forbid", title="Catalog sections")

    models: list[Model] | Model = Field(default_factory=list)
    labs: list[Lab] = Field(default_factory=list)
    architectures: list[Architecture] = Field(default_factory=list)
    benchmarks: list[Benchmark] = Field(default_factory=list)
    tags: list[Tag] = Field(default_factory=list)


def _registry(kind: str, entry: type[BaseModel]) -> Any:
    """A registry file: a list of entries, or a mapping holding that list under ``kind``."""
    fields: dict[str, Any] = {kind: (list[entry], ...)}  # type: ignore[valid-type]
    sections = create_model(
        f"{kind.title()}Registry", __config__=ConfigDict(extra="forbid"), **fields
    )
    return list[entry] | sections  # type: ignore[valid-type]


SCHEMA_KINDS: dict[str, tuple[str, Callable[[], Any]]] = {
    "model": ("A model data file", lambda: Model),
    "catalog": (
        "A model catalog data file: one model, a list of models, or sections of entries",
        lambda: Model | list[Model] | CatalogSections,
    ),
    "labs": ("A labs registry", lambda: _registry("labs", Lab)),
    "architectures": (
        "An architectures registry",
        lambda: _registry("architectures", Architecture),
    ),
    "benchmarks": ("A benchmarks registry", lambda: _registry("benchmarks", Benchmark)),
    "tags": ("A tags registry", lambda: _registry("tags", Tag)),
}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a data file of ``kind``."""
    title, target = SCHEMA_KINDS[kind]
    generated = TypeAdapter(target()).json_schema(schema_generator=_DataFileJsonSchema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://sphinx-modelcards.readthedocs.io/en/latest/schema/v{SCHEMA_VERSION}/{kind}.json",
        **generated,
        "title": title,
    }


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of a kind of data file."""
    text = json.dumps(json_schema(args.kind), indent=2, sort_keys=True, ensure_ascii=False)
    _emit(text + "\n", args.out)
    return OK


# import-markdown --------------------------------------------------------------------------------


def cmd_import_markdown(args: argparse.Namespace) -> int:
    """Import legacy markdown model pages into data files."""
    _require_existing(args.parser, args.sources)
    summary = import_markdown(
        args.sources, args.out, force=args.force, progress=_progress(sys.stderr)
    )
    for line in summary.lines():
        print(line)
    return OK


# import-hf / export-hf --------------------------------------------------------------------------


def _ordered(model: dict[str, Any]) -> dict[str, Any]:
    """Keys in the order of the schema's fields, as the other data files have them."""
    return {key: model[key] for key in Model.model_fields if key in model}


def _read_card(
    path: Path, lab: str | None, model_id: str | None, names: BenchmarkNames | None = None
) -> HFCard:
    """A model card, or :class:`CardError` saying why it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
        if names is None:
            return read_hf_card(text, lab=lab, model_id=model_id)
        return read_hf_card(text, lab=lab, model_id=model_id, names=names)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        raise CardError(f"cannot read the card: {exc}") from exc


class CardError(Exception):
    """A Hugging Face card that cannot be read."""


def _benchmark_names(args: argparse.Namespace) -> BenchmarkNames:
    """The built-in benchmarks and those of ``--benchmarks`` files, by name and alias."""
    files = tuple(args.benchmarks or ())
    _require_existing(args.parser, files)
    catalog = load_catalog(Sources(data=(), registries={"benchmarks": files}))
    _warn_problems(catalog)
    return BenchmarkNames(catalog.benchmarks.values())


def _import_one(
    path: Path, args: argparse.Namespace, ids: IdAllocator, names: BenchmarkNames
) -> str:
    """Import one card, print what happened, return the outcome (``imported``...)."""
    try:
        card = _read_card(path, args.lab, args.id, names)
    except CardError as exc:
        print(f"{path}: skipped ({exc})")
        return "skipped"
    for warning in card.warnings:
        print(f"{path}: warning: {warning}")
    data = card.model
    model, problems = validate_entry("models", data, ParsedFile(data=data), (), str(path))
    if not isinstance(model, Model):
        for problem in problems:
            print(f"{path}: skipped ({problem.message})")
        return "skipped"
    data["id"] = ids.claim(model.id, path)
    if data["id"] != model.id:
        print(
            f"{path}: id {model.id!r} already used by {ids.owner(model.id)}; using {data['id']!r}"
        )
    target = args.out / "models" / model.lab / f"{data['id']}.yaml"
    text = dump_yaml(_ordered(data))
    if target.exists() and not args.force and target.read_text(encoding="utf-8") != text:
        print(f"{target}: {KEPT}")
        return "kept"
    status = "imported" if write_if_changed(target, text) else "unchanged"
    print(f"{path}: {status} -> {target}")
    return status


def cmd_import_hf(args: argparse.Namespace) -> int:
    """Import Hugging Face model cards (README.md front matter) into data files."""
    _require_existing(args.parser, args.cards)
    if args.id and len(args.cards) > 1:
        args.parser.error("--id names one model: give one README.md with it")
    ids = IdAllocator()
    names = _benchmark_names(args)
    outcomes = Counter(_import_one(path, args, ids, names) for path in args.cards)
    print(
        ", ".join(f"{outcomes[key]} {key}" for key in ("imported", "unchanged", "kept", "skipped")),
        file=sys.stderr,
    )
    return PROBLEMS if outcomes["skipped"] else OK


def cmd_export_hf(args: argparse.Namespace) -> int:
    """Write a model as a Hugging Face model card (on top of an existing card if given)."""
    if args.card is not None:
        _require_existing(args.parser, [args.card])
    catalog = _load(args)
    model = catalog.models.get(args.id)
    if model is None:
        _warn_problems(catalog)
        hint = did_you_mean(args.id, catalog.models)
        print(
            f"error: no model {args.id!r} in {', '.join(map(str, args.paths))}{hint}",
            file=sys.stderr,
        )
        return PROBLEMS
    try:
        original = None if args.card is None else _read_card(args.card, model.lab, None)
        bases = [catalog.models[i] for i in model.base_ids if i in catalog.models]
        base = bases[0] if len(bases) == 1 else None
        text = write_hf_card(model, original=original, base_hf_id=base.hf_id if base else None)
    except (CardError, ValueError) as exc:  # a card whose own metadata does not validate
        print(f"error: {args.card}: {exc}", file=sys.stderr)
        return PROBLEMS
    _emit(text, args.out)
    return _warnings_status(args, catalog)


# import-lm-eval ---------------------------------------------------------------------------------


def _read_runs(args: argparse.Namespace, catalog: Catalog) -> list[LmEvalRun] | None:
    """Every results file, or None (after saying why) if one cannot be read."""
    runs = []
    for path in args.results:
        try:
            runs.append(read_results(path, catalog.benchmarks.values()))
        except ResultsError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return None
    return runs


def _merged_scores(runs: list[LmEvalRun], replace: bool) -> tuple[list[Score], list[str]]:
    """One score per benchmark over all runs; later runs win only with ``replace``."""
    chosen: dict[str, tuple[TaskScore, LmEvalRun]] = {}
    conflicts = []
    for run in runs:
        for score in run.scores:
            first = chosen.get(score.benchmark)
            if first is not None and abs(first[0].score - score.score) >= 0.005 and not replace:
                conflicts.append(
                    f"{score.benchmark}: {first[1].path} says {first[0].score:g}, "
                    f"{run.path} says {score.score:g}"
                )
                continue
            chosen[score.benchmark] = (score, run)
    scores = [Score(b, s.score, s.note(run), s.provenance(run)) for b, (s, run) in chosen.items()]
    return scores, conflicts


def _model_file(args: argparse.Namespace, catalog: Catalog, runs: list[LmEvalRun]) -> ModelFile:
    origin = catalog.origins.get(args.model)
    if origin is not None:
        return ModelFile(Path(origin.path), args.model)
    hub_id = next((run.hub_id for run in runs if run.hub_id and "/" in run.hub_id), None)
    lab = args.lab or (slugify(hub_id.split("/", 1)[0]) if hub_id else "unknown")
    if catalog.labs and lab not in catalog.labs:
        print(f"warning: lab {lab!r} is not in the labs registry; add it or give --lab")
    path = args.into / "models" / lab / f"{args.model}.yaml"
    return ModelFile(path, args.model, new={"id": args.model, "name": args.model, "lab": lab})


def _report_runs(runs: list[LmEvalRun]) -> None:
    for run in runs:
        for task, subtasks in run.covered.items():
            if subtasks:
                print(f"{run.path}: {task}: {_plural(len(subtasks), 'subtask')} in its score")
        if run.unmapped:
            print(
                f"{run.path}: not mapped ({_plural(len(run.unmapped), 'task')}; add an alias "
                f"in benchmarks.yaml to import them): {', '.join(run.unmapped)}"
            )


def cmd_import_lm_eval(args: argparse.Namespace) -> int:
    """Import lm-evaluation-harness results into a model's benchmark scores."""
    _require_existing(args.parser, [*args.results, args.into])
    catalog = load_catalog(Sources(data=(args.into,)))
    runs = _read_runs(args, catalog)
    if runs is None:
        return PROBLEMS
    scores, conflicts = _merged_scores(runs, args.replace)
    try:
        target = _model_file(args, catalog, runs)
    except ModelFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return PROBLEMS
    outcome = target.update(scores, replace=args.replace)
    conflicts += outcome.conflicts
    plain = target.plain()
    _, problems = validate_entry("models", plain, ParsedFile(data=plain), (), str(target.path))
    if problems:
        for problem in problems:
            print(f"error: {target.path}: {problem.message}; nothing written", file=sys.stderr)
        return PROBLEMS
    _report_runs(runs)
    if outcome.added or outcome.replaced:
        write_atomically(target.path, target.text())
    for word, ids in (("added", outcome.added), ("replaced", outcome.replaced)):
        if ids:
            print(f"{target.path}: {word} {', '.join(ids)}")
    for conflict in conflicts:
        print(f"conflict (kept the file's value; --replace to overwrite): {conflict}")
    return PROBLEMS if conflicts else OK


# import-epoch -----------------------------------------------------------------------------------


def _add_labs(path: Path, labs: dict[str, str]) -> None:
    """Append ``labs`` (id -> name) to the labs registry at ``path``, keeping its comments."""
    yaml_rt = round_trip_yaml()
    yaml_rt.indent(mapping=2, sequence=2, offset=0)  # a registry is a list at column 0
    data = yaml_rt.load(path.read_text(encoding="utf-8")) if path.exists() else None
    entries = data["labs"] if isinstance(data, dict) and "labs" in data else data
    if not isinstance(entries, list):
        entries = data = []
    entries += [{"id": lab, "name": name} for lab, name in labs.items()]
    buffer = io.StringIO()
    yaml_rt.dump(data, buffer)
    write_atomically(path, buffer.getvalue())


def _write_epoch_model(data: dict[str, Any], args: argparse.Namespace) -> str:
    target = args.out / "models" / data["lab"] / f"{data['id']}.yaml"
    text = dump_yaml(_ordered(data))
    if target.exists():
        if target.read_text(encoding="utf-8") == text:
            return "unchanged"
        if not args.force:
            print(f"{target}: {KEPT}")
            return "kept"
    write_atomically(target, text)
    return "imported"


def cmd_import_epoch(args: argparse.Namespace) -> int:
    """Import Epoch AI's model data (notable_ai_models.csv) into model data files."""
    _require_existing(args.parser, args.csv)
    try:
        tables = [read_epoch_csv(path) for path in args.csv]
    except EpochError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return PROBLEMS
    known = load_catalog(Sources(data=(args.out,))).labs if args.out.exists() else {}
    outcomes: Counter[str] = Counter()
    ids = IdAllocator()
    new_labs: dict[str, str] = {}
    for table in tables:
        for warning in table.warnings:
            print(f"warning: {warning}")
        for data in table.models:
            model, problems = validate_entry("models", data, ParsedFile(data=data), (), "csv")
            if not isinstance(model, Model):
                for problem in problems:
                    print(f"skipped {data['name']!r}: {problem.message}")
                outcomes["skipped"] += 1
                continue
            data["id"] = ids.claim(model.id, Path(model.id))
            if model.lab not in known:
                new_labs.setdefault(model.lab, table.labs[model.lab])
            outcomes[_write_epoch_model(data, args)] += 1
    if new_labs:
        _add_labs(args.out / "labs.yaml", new_labs)
        print(
            f"warning: {_plural(len(new_labs), 'organisation')} not in the labs registry, "
            f"added to {args.out / 'labs.yaml'}: {', '.join(new_labs.values())}"
        )
    print(
        ", ".join(f"{outcomes[key]} {key}" for key in ("imported", "unchanged", "kept", "skipped")),
        file=sys.stderr,
    )
    return PROBLEMS if outcomes["skipped"] else OK


# Parser -----------------------------------------------------------------------------------------


def _registry_options() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("registries (as the modelcards_* settings of conf.py)")
    for kind in REGISTRY_KINDS:
        group.add_argument(
            f"--{kind}", action="append", type=Path, metavar="FILE", help=f"{kind} registry file"
        )
    return parent


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(
        prog=PROG, description="Validate, export and import sphinx-modelcards catalog data."
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    registries = _registry_options()

    def command(
        name: str,
        handler: Callable[[argparse.Namespace], int],
        text: str,
        parents: Sequence[argparse.ArgumentParser] = (),
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text, description=text, parents=list(parents))
        sub.set_defaults(handler=handler, parser=sub)
        return sub

    sub = command(
        "validate",
        cmd_validate,
        "Check data files; print each problem as file:line: field: message.",
        [registries],
    )
    sub.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="data file or folder")

    sub = command(
        "export",
        cmd_export,
        "Write the catalog with derived figures (ALScore, tier, ratio) as JSON or CSV, or as a "
        "CycloneDX ML-BOM.",
        [registries],
    )
    sub.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="data file or folder")
    sub.add_argument(
        "--format",
        choices=tuple(EXPORT_FORMATS),
        default="json",
        help=(
            "output format: json, csv, cyclonedx (a CycloneDX 1.6 ML-BOM), epoch "
            "(Epoch AI's columns) or spdx (an SPDX 3.0.1 AI profile document) (default: json)"
        ),
    )
    sub.add_argument("--out", type=Path, metavar="FILE", help="output file (default: stdout)")
    sub.add_argument(
        "-W", "--fail-on-warning", action="store_true", help="exit 1 when the data has problems"
    )

    sub = command("schema", cmd_schema, "Print the JSON Schema of a kind of data file.")
    sub.add_argument(
        "--kind",
        choices=tuple(SCHEMA_KINDS),
        default="catalog",
        help="which file the schema describes (default: catalog, a model file or a list)",
    )
    sub.add_argument("--out", type=Path, metavar="FILE", help="output file (default: stdout)")

    sub = command(
        "import-markdown",
        cmd_import_markdown,
        "Import legacy markdown leaderboard pages into model data files.",
    )
    sub.add_argument("sources", nargs="+", type=Path, metavar="SRC", help="markdown file or folder")
    sub.add_argument("--out", type=Path, metavar="DIR", required=True, help="data folder")
    sub.add_argument("--force", action="store_true", help="overwrite files changed on disk")

    sub = command(
        "import-hf",
        cmd_import_hf,
        "Import Hugging Face model cards (README.md metadata) into model data files.",
        [registries],
    )
    sub.add_argument("cards", nargs="+", type=Path, metavar="README.md")
    sub.add_argument("--out", type=Path, metavar="DIR", required=True, help="data folder")
    sub.add_argument("--lab", metavar="ID", help="lab id (default: the Hub organisation)")
    sub.add_argument("--id", metavar="ID", help="model id or Hub id (org/name); one card only")
    sub.add_argument("--force", action="store_true", help="overwrite files changed on disk")

    sub = command(
        "import-lm-eval",
        cmd_import_lm_eval,
        "Import lm-evaluation-harness results (results_*.json) into a model's scores.",
    )
    sub.add_argument("results", nargs="+", type=Path, metavar="RESULTS.json")
    sub.add_argument("--model", required=True, metavar="ID", help="id of the model to update")
    sub.add_argument(
        "--lab", metavar="ID", help="lab of a new model (default: the organisation in model_args)"
    )
    sub.add_argument(
        "--into", type=Path, default=Path(), metavar="DIR", help="data folder (default: .)"
    )
    sub.add_argument(
        "--replace", action="store_true", help="overwrite scores the results contradict"
    )

    sub = command(
        "import-epoch",
        cmd_import_epoch,
        "Import Epoch AI's model data (notable_ai_models.csv) into model data files.",
    )
    sub.add_argument("csv", nargs="+", type=Path, metavar="CSV")
    sub.add_argument("--out", type=Path, metavar="DIR", required=True, help="data folder")
    sub.add_argument("--force", action="store_true", help="overwrite files changed on disk")

    sub = command(
        "export-hf",
        cmd_export_hf,
        "Write one model as a Hugging Face model card (README.md).",
        [registries],
    )
    sub.add_argument("paths", nargs=1, type=Path, metavar="DATA_PATH", help="data file or folder")
    sub.add_argument("--id", required=True, metavar="MODEL_ID", help="id of the model to export")
    sub.add_argument(
        "--card",
        type=Path,
        metavar="README.md",
        help="existing card to update: its other metadata and text are kept",
    )
    sub.add_argument("--out", type=Path, metavar="FILE", help="output file (default: stdout)")
    sub.add_argument(
        "-W", "--fail-on-warning", action="store_true", help="exit 1 when the data has problems"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return CANNOT_WRITE
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as other commands do.
        _silence_stdout()
        return CANNOT_WRITE


def _silence_stdout() -> None:
    """Point standard output at the null device so that the exit flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
