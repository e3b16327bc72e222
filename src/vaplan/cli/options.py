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
              "exercises.yaml": ("exercises", ("after_action",))}


def _documents(plan: Path) -> list[Path]:
    """The documents a plan names, read from its files as they are (valid or not)."""
    from vaplan.load.planfile import PlanFileError, read_plan_file
    from vaplan.load.yamlload import load_yaml

    def data(name: str) -> Any:
        try:
            return load_yaml(read_plan_file(plan, name)).data
        except (OSError, PlanFileError):
            return None

    return _documents_in(plan, data)


def checked_files(result: CheckResult) -> list[Path]:
    """`plan_files` of a checked plan, read from the files the check loaded (valid or not),
    not from the disk again."""
    from vaplan.models import FILE_MODELS

    files = result.raw.files if result.raw is not None else {}
    return [*(result.directory / name for name in FILE_MODELS),
            *_documents_in(result.directory,
                           lambda name: files[name].data if name in files else None)]


def _documents_in(plan: Path, data_of: Callable[[str], Any]) -> list[Path]:
    found = []
    for name, (key, fields) in _DOCUMENTS.items():
        data = data_of(name)
        records = data.get(key) if isinstance(data, dict) else None
        for record in records if isinstance(records, list) else ():
            found += [plan / record[f] for f in fields if isinstance(record, dict)
                      and isinstance(record.get(f), str) and record[f] and "\0" not in record[f]]
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
