"""Check options Typer cannot parse alone: rule lists, FORMAT:FILE reports, atomic writes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from vaplan.rules import all_rules, find_rule
from vaplan.vocabulary import did_you_mean

if TYPE_CHECKING:
    from vaplan.check.checker import CheckResult


class OptionError(ValueError):
    """An option's value vaplan cannot use; the CLI prints it and exits with code 2."""


def rule_refs(option: str, values: list[str]) -> list[str]:
    """Rule codes or names from repeated options and comma lists; an unknown one is an error."""
    refs = [part.strip() for value in values for part in value.split(",") if part.strip()]
    for ref in refs:
        if find_rule(ref) is None:
            known = [r.code for r in all_rules()] + [r.name for r in all_rules()]
            raise OptionError(f'{option}: there is no rule "{ref}"{did_you_mean(ref, known)}; '
                              "`vaplan rules` lists them")
    return refs


#: The usual file ending of each report format, for messages.
_SUFFIX = {"text": "txt", "junit": "xml", "github": "txt", "codequality": "json"}


def report_outputs(specs: list[str], formats: Iterable[str]) -> list[tuple[str, Path]]:
    """`sarif:results.sarif` -> ("sarif", Path("results.sarif")), checked before the run."""
    known = list(formats)
    outputs: list[tuple[str, Path]] = []
    for spec in specs:
        fmt, sep, name = spec.partition(":")
        if not sep or not name:
            raise OptionError(f'--output: write FORMAT:FILE, such as sarif:results.sarif, '
                              f'not "{spec}"')
        if fmt not in known:
            raise OptionError(f'--output: there is no format "{fmt}"{did_you_mean(fmt, known)}; '
                              f"choose one of {', '.join(known)}")
        if name == "-":  # standard output already carries the --format report
            raise OptionError(f"--output: {fmt}:- would print a second report into the first "
                              f"on standard output; print it with --format {fmt}, or name a "
                              f"file ({fmt}:report.{_SUFFIX.get(fmt, fmt)})")
        if any(Path(name) == path for _, path in outputs):
            raise OptionError(f"--output: two reports would be written to {name}")
        outputs.append((fmt, Path(name)))
    return outputs


def plan_files(plans: Iterable[Path]) -> list[Path]:
    """The files of these plans, present or not, and the documents they name (signed
    agreements, written protocols, after-action reports): no report or document may be
    written over them."""
    from vaplan.models import FILE_MODELS

    return [path for plan in plans for path in (
        *(Path(plan) / name for name in FILE_MODELS), *_documents(Path(plan)))]


#: Where plan files name documents of their own: file -> (list key, document keys).
_DOCUMENTS = {"agreements.yaml": ("agreements", ("document",)),
              "roles.yaml": ("functions", ("document",)),
              "exercises.yaml": ("exercises", ("after_action",)),
              "meetings.yaml": ("meetings", ("minutes",))}


def _documents(plan: Path) -> list[Path]:
    """The documents a plan names, read from its files as they are (valid or not)."""
    return _documents_in(plan, lambda name: _read_naming_file(plan, name))


def _read_naming_file(plan: Path, name: str) -> tuple[Any, str | None]:
    """A plan file's data, and its text when it cannot be read as YAML (None when it can)."""
    from vaplan.load.planfile import PlanFileError, read_plan_file
    from vaplan.load.yamlload import load_yaml

    try:
        raw = read_plan_file(plan, name)
    except (OSError, PlanFileError):
        return None, None
    loaded = load_yaml(raw)
    return loaded.data, raw.decode("utf-8", "replace") if loaded.problems else None


def checked_files(result: CheckResult) -> list[Path]:
    """`plan_files` of a checked plan, read from the files the check loaded (valid or not),
    not from the disk again (only a file that could not be read as YAML is read for its
    text)."""
    from vaplan.models import FILE_MODELS

    files = result.raw.files if result.raw is not None else {}

    def of(name: str) -> tuple[Any, str | None]:
        loaded = files.get(name)
        if loaded is not None and not loaded.problems:
            return loaded.data, None
        return _read_naming_file(result.directory, name)

    return [*(result.directory / name for name in FILE_MODELS),
            *_documents_in(result.directory, of)]


def _documents_in(plan: Path, data_of: Callable[[str], tuple[Any, str | None]]) -> list[Path]:
    found = []
    for name, (key, fields) in _DOCUMENTS.items():
        data, broken = data_of(name)
        if broken is not None:
            # it cannot be read as YAML: no parse says which documents it names, so every file
            # of the plan folder that its text mentions counts as one (a signed agreement
            # stays safe while agreements.yaml has a syntax error)
            found += _mentioned(plan, broken)
        records = data.get(key) if isinstance(data, dict) else None
        for record in records if isinstance(records, list) else ():
            found += [plan / record[f] for f in fields if isinstance(record, dict)
                      and isinstance(record.get(f), str) and record[f] and "\0" not in record[f]]
    return found


#: How many files of a plan folder are looked at for names a broken plan file mentions.
_MENTION_WALK = 20_000


def _mentioned(plan: Path, text: str) -> list[Path]:
    """The files under `plan` (not in hidden folders) whose path from `plan`, or whose name,
    the text mentions."""
    import os

    found: list[Path] = []
    seen = 0
    for folder, dirs, names in os.walk(plan):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for file in names:
            seen += 1
            if seen > _MENTION_WALK:
                return found
            path = Path(folder) / file
            if file in text or path.relative_to(plan).as_posix() in text:
                found.append(path)
    return found


def write_report(path: Path, text: str, *, force: bool = False,
                 protect: Iterable[Path] = ()) -> None:
    """Write a report atomically, so a CI step reading it never sees half of it; an existing
    file only with `force`, and never a file of the plan (vaplan.atomic)."""
    from vaplan.atomic import write_atomic

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.encode("utf-8"), overwrite=force, protect=protect)


#: File extensions that say Markdown (no extension too); any other names its format.
_MARKDOWN = (".md", ".markdown", ".txt", "")


def choose_format(asked: str | None, output: Path | None, formats: Iterable[str]) -> str | None:
    """The format a document or export is written in, for `vaplan render` and `vaplan export`
    alike: the one asked for with --format (markdown is md); else the -o file's extension when
    it names one of `formats`; else Markdown. None when the extension names none of them."""
    if asked is not None:
        return "md" if asked == "markdown" else asked
    if output is None:
        return "md"
    suffix = output.suffix.lower()
    if suffix in _MARKDOWN:
        return "md"
    return suffix[1:] if suffix[1:] in formats else None
