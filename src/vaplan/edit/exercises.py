"""`vaplan exercise` and `vaplan action`: record an exercise, its after-action report and its
corrective actions in exercises.yaml, through the merge engine and the folder lock `vaplan
confirm` uses, so a person's comments and layout stay as they wrote them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, get_args

from pydantic_core import PydanticCustomError

from vaplan.atomic import locked, why
from vaplan.edit.items import plan_file_path, read_for_edit, refuse_unreadable, rewrite_file
from vaplan.edit.merge import EditError, move_following, plain, written
from vaplan.facts.documents import document_problem
from vaplan.load.planfile import PlanFileError, read_plan_file
from vaplan.load.positions import locate
from vaplan.load.yamlload import load_yaml
from vaplan.models import ExerciseKind, Improvement, check_document
from vaplan.text import typed_text_fault
from vaplan.vocabulary import did_you_mean, vocabulary

EXERCISES = "exercises.yaml"
KINDS: tuple[str, ...] = get_args(ExerciseKind)
ELEMENTS: tuple[str, ...] = tuple(
    a for a in get_args(get_args(Improvement.model_fields["element"].annotation)[0]))
#: How a new list is indented when the file has none to copy: like the starter's examples.
_STYLE = (2, 4, 2)
#: \Z, not $: `$` also matches before a final line break, and "x\n" is no id
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*\Z")


@dataclass(frozen=True)
class NewExercise:
    """An exercise or real incident to record."""

    title: str
    day: date
    kind: str
    id: str | None = None
    functions: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    after_action: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class NewAction:
    """A corrective action of the improvement plan to record (its status is open)."""

    source: str
    function: str
    issue: str
    action: str
    id: str | None = None
    element: str | None = None
    owner: str | None = None
    contact: str | None = None
    start: date | None = None
    due: date | None = None


@dataclass(frozen=True)
class Recorded:
    """What was recorded, for the command line to report."""

    path: Path
    #: the id of the exercise or corrective action
    id: str
    #: 1-based line of its entry in the file as written
    line: int
    #: exercises.yaml was made for it, from the starter file
    created: bool
    #: false when the file already said so and was left alone
    changed: bool = True
    #: the record as it now stands (plain data), for the next step to suggest
    record: dict[str, Any] = field(default_factory=dict)
    #: lines of the old file that had to be rewritten in YAML's standard form (rarely any)
    rewritten: tuple[int, ...] = ()


@dataclass(frozen=True)
class _Change:
    """One edit of exercises.yaml: append `fields` to the list `key`, or (with `index`) set
    them on its entry there."""

    key: str
    id: str
    fields: dict[str, Any]
    index: int | None = None


@dataclass(frozen=True)
class _Plan:
    """What the edit is checked against: the file's data, the committee's member ids."""

    directory: Path
    data: dict[str, Any]
    #: the file's composed YAML, for line numbers
    node: Any
    members: list[str] | None
    members_problem: str

    def records(self, key: str) -> list[dict[str, Any]]:
        value = self.data.get(key)
        return [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []

    def ids(self, key: str) -> list[str]:
        return [r["id"] for r in self.records(key) if isinstance(r.get("id"), str)]

    def index(self, key: str, record_id: str) -> int | None:
        value = self.data.get(key)
        for index, record in enumerate(value if isinstance(value, list) else ()):
            if isinstance(record, dict) and record.get("id") == record_id:
                return index
        return None


# the commands -------------------------------------------------------------------------------

def add_exercise(plan: Path, new: NewExercise, today: date) -> Recorded:
    """Record an exercise or real incident that was held."""
    if new.kind not in KINDS:
        raise EditError(f'"{new.kind}" is not a kind of exercise{did_you_mean(new.kind, KINDS)}; '
                        f"use one of: {', '.join(KINDS)}")
    _text("the title", new.title)
    _not_after(new.day, today, "an exercise is recorded once it has been held")

    def change(p: _Plan) -> _Change:
        exercise_id = new.id if new.id is not None else _derived_id(new.title, new.day, new.kind)
        _new_id(p, exercise_id, "exercise", new.id is None)
        fields: dict[str, Any] = {"id": exercise_id, "date": new.day, "kind": new.kind,
                                  "title": new.title.strip()}
        if new.functions:
            fields["functions"] = [_function(f) for f in dict.fromkeys(new.functions)]
        if new.participants:
            fields["participants"] = [_member(p, m, "--participant")
                                      for m in dict.fromkeys(new.participants)]
        if new.after_action is not None:
            fields["after_action"] = _document(p.directory, new.after_action)
        if new.notes is not None and new.notes.strip():
            _text("the notes", new.notes, lines=True)
            fields["notes"] = new.notes.strip()
        return _Change("exercises", exercise_id, fields)

    return _record(plan, change)


def set_after_action(plan: Path, exercise_id: str, report: str) -> Recorded:
    """Record where an exercise's after-action report is, in the plan folder."""

    def change(p: _Plan) -> _Change:
        index = _existing(p, "exercises", exercise_id, "exercise")
        return _Change("exercises", exercise_id,
                       {"after_action": _document(p.directory, report)}, index)

    return _record(plan, change)


def add_action(plan: Path, new: NewAction, today: date) -> Recorded:
    """Record a corrective action of the improvement plan, open."""
    _text("the issue", new.issue)
    _text("the corrective action", new.action)
    if new.element is not None and new.element not in ELEMENTS:
        raise EditError(f'"{new.element}" is not a capability element'
                        f"{did_you_mean(new.element, ELEMENTS)}; use one of: "
                        f"{', '.join(ELEMENTS)}")
    if new.start is not None and new.due is not None and new.due < new.start:
        raise EditError(f"the due date {new.due.isoformat()} is before the start date "
                        f"{new.start.isoformat()}")

    def change(p: _Plan) -> _Change:
        _existing(p, "exercises", new.source, "exercise", "--source")
        for record in p.records("improvements"):
            if (record.get("source"), record.get("issue"), record.get("action")) == (
                    new.source, new.issue.strip(), new.action.strip()):
                raise EditError(f'this corrective action is already recorded, as '
                                f'"{record.get("id")}"; the file is unchanged')
        action_id = new.id if new.id is not None else _next_action_id(p, new.source)
        _new_id(p, action_id, "corrective action", False)
        fields: dict[str, Any] = {"id": action_id, "source": new.source,
                                  "function": _function(new.function),
                                  "issue": new.issue.strip(), "action": new.action.strip()}
        if new.element is not None:
            fields["element"] = new.element
        if new.owner is not None:
            fields["owner"] = _member(p, new.owner, "--owner")
        if new.contact is not None and new.contact.strip():
            _text("the contact", new.contact)
            fields["contact"] = new.contact.strip()
        for key, value in (("start", new.start), ("due", new.due)):
            if value is not None:
                fields[key] = value
        fields["status"] = "open"
        return _Change("improvements", action_id, fields)

    return _record(plan, change)


def start_action(plan: Path, action_id: str, today: date, on: date | None = None) -> Recorded:
    """Record that work on a corrective action has begun (`start` set when not yet given)."""
    if on is not None:
        _not_after(on, today, "work on an action is recorded once it has begun")

    def change(p: _Plan) -> _Change:
        index = _existing(p, "improvements", action_id, "corrective action")
        record = p.data["improvements"][index]
        status = record.get("status", "open")
        if status in ("done", "cancelled"):
            raise EditError(f'the corrective action "{action_id}" is {status}; to take it up '
                            "again, change its status in exercises.yaml by hand")
        fields: dict[str, Any] = {"status": "in_progress"}
        if on is not None or record.get("start") is None:
            fields["start"] = on or today
        return _Change("improvements", action_id, fields, index)

    return _record(plan, change)


def finish_action(plan: Path, action_id: str, today: date, on: date | None = None,
                  validated_by: str | None = None) -> Recorded:
    """Record that a corrective action is done, and which later exercise showed it works."""
    if on is not None:
        _not_after(on, today, "an action is recorded as done once it is done")

    def change(p: _Plan) -> _Change:
        index = _existing(p, "improvements", action_id, "corrective action")
        record = p.data["improvements"][index]
        if record.get("status") == "cancelled":
            raise EditError(f'the corrective action "{action_id}" is cancelled; to take it up '
                            "again, change its status in exercises.yaml by hand")
        fields: dict[str, Any] = {"status": "done"}
        if on is not None or record.get("status") != "done" or record.get("completed") is None:
            fields["completed"] = on or today
        if validated_by is not None:
            _existing(p, "exercises", validated_by, "exercise", "--validated-by")
            _validates(p, record, validated_by)
            fields["validated_by"] = validated_by
        return _Change("improvements", action_id, fields, index)

    return _record(plan, change)


def cancel_action(plan: Path, action_id: str) -> Recorded:
    """Record that a corrective action will not be done."""

    def change(p: _Plan) -> _Change:
        index = _existing(p, "improvements", action_id, "corrective action")
        if p.data["improvements"][index].get("status") == "done":
            raise EditError(f'the corrective action "{action_id}" is done; a done action is '
                            "not cancelled")
        return _Change("improvements", action_id, {"status": "cancelled"}, index)

    return _record(plan, change)


# checks of what the person typed ------------------------------------------------------------

def _text(what: str, value: str, lines: bool = False) -> None:
    """Text the file can hold as typed: not empty, no control characters (C0 and C1, so also
    NEL), no line or paragraph separator (U+2028, U+2029: YAML and editors break lines there),
    except line breaks where `lines` allows them; no byte that was not UTF-8."""
    if not value.strip():
        raise EditError(f"{what} is empty; say it in a sentence")
    fault = typed_text_fault(value, lines)
    if fault == "a character that is not UTF-8 text":
        raise EditError(f"{what} holds a character that is not UTF-8 text; set the "
                        "terminal to UTF-8 and type it again")
    if fault:
        raise EditError(f"{what} must be " + ("plain text (line breaks are fine)" if lines
                                               else "one line of plain text"))


def _not_after(day: date, today: date, why_not: str) -> None:
    if day > today:
        raise EditError(f"the date {day.isoformat()} is after today ({today.isoformat()}); "
                        f"{why_not}")


def _derived_id(title: str, day: date, kind: str) -> str:
    """An id from the title and date: "FAC tabletop" on 2026-11-20 -> fac-tabletop-2026-11-20."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    while len(words) > 40 and "-" in words:
        words = words.rsplit("-", 1)[0]
    return f"{words[:40] or kind.replace('_', '-')}-{day.isoformat()}"


def _next_action_id(p: _Plan, source: str) -> str:
    """The source exercise's id and the first number not used yet: fac-tabletop-2026-1."""
    used = set(p.ids("exercises")) | set(p.ids("improvements"))
    number = 1
    while f"{source}-{number}" in used:
        number += 1
    return f"{source}-{number}"


def _new_id(p: _Plan, record_id: str, noun: str, derived: bool) -> None:
    if not _SLUG.match(record_id):
        suggestion = re.sub(r"[^a-z0-9_-]+", "-", record_id.lower()).strip("-_")
        hint = f' such as "{suggestion}"' if suggestion and _SLUG.match(suggestion) else ""
        raise EditError(f'"{record_id}" cannot be an id: use lower-case letters, digits, - and '
                        f"_, starting with a letter or digit{hint}")
    for key in ("exercises", "improvements"):
        if record_id in p.ids(key):
            line = _line_of(p, key, record_id)
            other = "another id with --id" if derived else "another id"
            raise EditError(f'the id "{record_id}" is already used in {EXERCISES}'
                            f"{f' (line {line})' if line else ''}; if this is not the same "
                            f"{noun}, give it {other}; the file is unchanged")


def _line_of(p: _Plan, key: str, record_id: str) -> int | None:
    index = p.index(key, record_id)
    found = locate(p.node, (key, index, "id")) if index is not None else None
    return found[0] if found else None


def _existing(p: _Plan, key: str, record_id: str, noun: str, option: str = "") -> int:
    index = p.index(key, record_id)
    if index is not None:
        _only_one(p, key, record_id, noun)
        return index
    known = p.ids(key)
    where = f"{option}: " if option else ""
    listed = f"; recorded ones: {', '.join(known)}" if known else f"; {EXERCISES} has none yet"
    if key == "exercises":
        listed += "; an exercise is recorded first, with `vaplan exercise add`"
    raise EditError(f'{where}there is no {noun} "{record_id}" in {EXERCISES}'
                    f"{did_you_mean(record_id, known)}{listed}")


def _only_one(p: _Plan, key: str, record_id: str, noun: str) -> None:
    """Refuse to pick one of two records that share an id (duplicate-id): the command would
    change whichever comes first, which may not be the one the user means."""
    places = [i for i, r in enumerate(p.records(key)) if r.get("id") == record_id]
    if len(places) < 2:
        return
    lines = [found[0] for i in places if (found := locate(p.node, (key, i, "id")))]
    if len(set(lines)) < len(lines):  # one entry written once and repeated by a YAML alias
        raise EditError(f'{EXERCISES} repeats the {noun} "{record_id}" with a YAML anchor and '
                        "alias (`*name`), so a change to it would change every copy; write "
                        "each entry out in full, then run the command again; the file is "
                        "unchanged")
    where = f" (lines {', '.join(map(str, lines))})" if len(lines) == len(places) else ""
    raise EditError(f'{len(places)} {noun}s in {EXERCISES} have the id "{record_id}"{where}, '
                    "so vaplan cannot tell which one you mean; give each its own id, then run "
                    "the command again; the file is unchanged")


def _function(name: str) -> str:
    known = list(vocabulary().functions)
    if name not in known:
        raise EditError(f'"{name}" is not a protocol id{did_you_mean(name, known)}; use one '
                        f"of: {', '.join(known)}")
    return name


def _member(p: _Plan, member: str, option: str) -> str:
    if p.members is None:
        raise EditError(f"{option}: {p.members_problem}, so the member id \"{member}\" cannot "
                        "be checked; fix committee.yaml first")
    if member not in p.members:
        raise EditError(f'{option}: "{member}" is not the id of a committee member or partner'
                        f"{did_you_mean(member, p.members)}; the members and partners are: "
                        f"{', '.join(p.members) or 'none yet'}")
    return member


def _document(directory: Path, report: str) -> str:
    """The report's path as the plan names it (from the plan folder, with /), when it is a
    file inside the plan folder; a path from the current folder into the plan is taken too."""
    if "://" in report:  # a web address is stored as written; only https:// is one
        try:
            return check_document(report)
        except PydanticCustomError as err:
            raise EditError(f"the after-action report: {err}") from None
    # a path that steps out with .. and back in by the folder's name would break as soon as
    # the folder is renamed or cloned under another name: it is stored as the plan names it
    if "\0" not in report and not Path(report).is_absolute() and \
            ".." not in Path(report).parts and document_problem(directory, report) is None:
        return Path(report).as_posix()
    for candidate in (directory / report, Path(report)):  # from the plan, then from here
        try:
            inside = candidate.resolve().relative_to(directory.resolve()).as_posix()
        except (OSError, ValueError, RuntimeError):  # outside the plan, a NUL, a link loop
            continue
        if document_problem(directory, inside) is None:
            return inside
    raise EditError(f'the after-action report "{report}" is not a file in the plan folder '
                    f"{directory}; put it there (for example in an exercises/ folder) and give "
                    "its path from the plan folder")


def _validates(p: _Plan, record: dict[str, Any], validated_by: str) -> None:
    """The exercise that validates an action is a later one than the action came from."""
    source = record.get("source")
    if validated_by == source:
        raise EditError(f'--validated-by: "{validated_by}" is the exercise the action came '
                        "from; an action is validated by a later exercise")
    days = {r.get("id"): r.get("date") for r in p.records("exercises")}
    before, after = days.get(source), days.get(validated_by)
    if isinstance(before, str) and isinstance(after, str) and after <= before:
        raise EditError(f'--validated-by: "{validated_by}" ({after}) was held on or before '
                        f'"{source}" ({before}), which the action came from; an action is '
                        "validated by a later exercise")


# the edit -----------------------------------------------------------------------------------

def _record(plan: Path, change: Callable[[_Plan], _Change]) -> Recorded:
    plan = Path(plan)
    name_path = plan / EXERCISES
    if name_path.is_symlink():
        raise EditError(f"{name_path} is a link; vaplan edits only an ordinary file, so it is "
                        "unchanged (put the file itself in the plan folder)")
    path = plan_file_path(plan, EXERCISES)
    # read, change and write under the folder's lock, the one confirm and tailor take, so
    # two edits at once never write over each other's change
    try:
        with locked(path.parent):
            return _record_locked(path, change)
    except OSError as err:
        raise EditError(f"cannot edit {path}: {why(err)}") from err


def _record_locked(path: Path, make: Callable[[_Plan], _Change]) -> Recorded:
    raw, created = read_for_edit(path, EXERCISES)
    loaded = load_yaml(raw)
    _usable(loaded, path)
    _valid(loaded, path, "fix that part of the file by hand first; the file is unchanged")
    data = plain(loaded.data) if isinstance(loaded.data, dict) else {}
    members, problem = _members(path.parent)
    p = _Plan(path.parent, data, loaded.node, members, problem)
    change = make(p)
    expected = plain(data)
    _apply(expected, change)
    if expected == data:
        line = _line_of(p, change.key, change.id) or 1
        return Recorded(path, change.id, line, False, False, _plain_record(expected, change))
    new_text, _, rewritten = rewrite_file(path, raw, _doc_edit(change), expected,
                                          accept=lambda text: _valid(
                                              load_yaml(text.encode("utf-8")), path,
                                              "the change was not made; please report this "
                                              "to the vaplan developers"),
                                          prefer=_STYLE)
    after = load_yaml(new_text.encode("utf-8"))
    index = change.index if change.index is not None else len(expected[change.key]) - 1
    found = locate(after.node, (change.key, index, "id"))
    return Recorded(path, change.id, found[0] if found else 1, created, True,
                    _plain_record(expected, change), rewritten)


def _plain_record(data: dict[str, Any], change: _Change) -> dict[str, Any]:
    index = change.index if change.index is not None else len(data[change.key]) - 1
    record = data[change.key][index]
    return dict(record) if isinstance(record, dict) else {}


def _usable(loaded: Any, path: Path) -> None:
    """The file parses and its lists are lists: otherwise it is fixed by hand first."""
    refuse_unreadable(loaded, path)
    if loaded.data is not None and not isinstance(loaded.data, dict):
        raise EditError(f"{path} should be a mapping with `exercises:` and `improvements:`; "
                        "fix it by hand first, the file is unchanged")
    for key in ("exercises", "improvements"):
        value = loaded.data.get(key) if isinstance(loaded.data, dict) else None
        if value is not None and not isinstance(value, list):
            raise EditError(f"`{key}:` in {path} should be a list; fix it by hand first, the "
                            "file is unchanged")


def _members(directory: Path) -> tuple[list[str] | None, str]:
    """The member ids committee.yaml lists, or None and why they cannot be read."""
    try:
        loaded = load_yaml(read_plan_file(directory, "committee.yaml"))
    except FileNotFoundError:
        return None, "the plan has no committee.yaml"
    except PlanFileError as err:
        return None, f"committee.yaml cannot be read ({err})"
    except OSError as err:
        return None, f"committee.yaml cannot be read ({why(err)})"
    members = loaded.data.get("members") if isinstance(loaded.data, dict) else None
    partners = loaded.data.get("partners") if isinstance(loaded.data, dict) else None
    if loaded.problems or not isinstance(members, list):
        return None, "committee.yaml has errors or no `members:` list"
    # a partner (committee.yaml `partners:`) may take part in an exercise or own an action
    everyone = members + (partners if isinstance(partners, list) else [])
    return [m["id"] for m in everyone if isinstance(m, dict) and isinstance(m.get("id"), str)], ""


def _meta_data(directory: Path) -> Any:
    """vaplan.yaml's data as loaded (its `checks.disciplines` extend the vocabulary), or None."""
    try:
        return load_yaml(read_plan_file(directory, "vaplan.yaml")).data
    except (OSError, PlanFileError):
        return None


def _valid(loaded: Any, path: Path, then: str) -> None:
    """Refuse a file `vaplan check` would report a schema error in: the file as it is (it is
    fixed first), and the file as the edit leaves it (never written)."""
    from vaplan.check.validation import validate_file, validation_context

    _, problems = validate_file(EXERCISES, loaded.data,
                                validation_context(_meta_data(path.parent)))
    if problems:
        first = problems[0]
        found = locate(loaded.node, first.path[1:], first.anchor or "key")
        where = f"{path}:{found[0]}" if found else str(path)
        raise EditError(f"{where}: {first.message}; {then}")


def _apply(data: dict[str, Any], change: _Change) -> None:
    """The change made on plain data: what the file must hold afterwards."""
    values = {k: v.isoformat() if isinstance(v, date) else v for k, v in change.fields.items()}
    if change.index is None:
        if not isinstance(data.get(change.key), list):
            data[change.key] = []
        data[change.key].append(values)
    else:
        data[change.key][change.index] = {**data[change.key][change.index], **values}


def _doc_edit(change: _Change) -> Callable[[Any], tuple[str, ...]]:
    """The change made on ruamel's round-trip document, keeping the comment and blank lines
    that follow the entry (or the list, for a new entry) after it."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    def node(value: Any) -> Any:
        value = written(value)
        if isinstance(value, list):  # a short list of ids, on one line: [a, b]
            seq = CommentedSeq(value)
            seq.fa.set_flow_style()
            return seq
        return value

    def edit(doc: Any) -> tuple[str, ...]:
        if change.index is not None:
            entry = doc[change.key][change.index]
            tail = _tail(entry)
            for key, value in change.fields.items():
                entry[key] = node(value)
            move_following(tail, _tail(entry))
            return ()
        seq = doc.get(change.key)
        if not isinstance(seq, CommentedSeq):
            seq = CommentedSeq()
            if change.key in doc:
                doc[change.key] = seq
            elif change.key == "exercises" and "improvements" in doc:
                doc.insert(list(doc).index("improvements"), change.key, seq)
            else:
                doc[change.key] = seq
        if seq.fa.flow_style():  # `exercises: []`: the list becomes a block, one entry a line
            seq.fa.set_block_style()
        # entries the person separated by a blank line: the new one is separated too
        spaced = len(seq) >= 2 and _blank_line_after(_tail(seq[-2]))
        tail = _tail(seq)
        entry = CommentedMap()
        for key, value in change.fields.items():
            entry[key] = node(value)
        seq.append(entry)
        move_following(tail, _tail(seq))
        if spaced and tail is not None:
            _add_blank_line(tail, _tail(seq[-3]))
        return ()

    return edit


def _tail(node: Any) -> tuple[Any, Any, int] | None:
    """Where ruamel hangs the lines after a block's last line: (container, key or index, slot)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if not isinstance(node, (CommentedMap, CommentedSeq)) or not node or node.fa.flow_style():
        return None
    key = next(reversed(node)) if isinstance(node, CommentedMap) else len(node) - 1
    return _tail(node[key]) or (node, key, 2 if isinstance(node, CommentedMap) else 0)


def _token(place: tuple[Any, Any, int] | None) -> Any:
    """The comment token ruamel hangs after `place`'s line, or None."""
    if place is None:
        return None
    held = place[0].ca.items.get(place[1])
    return held[place[2]] if held and len(held) > place[2] else None


def _blank_line_after(place: tuple[Any, Any, int] | None) -> bool:
    token = _token(place)
    return token is not None and token.value.partition("\n")[2].startswith("\n")


def _add_blank_line(place: tuple[Any, Any, int], like: tuple[Any, Any, int] | None) -> None:
    """One blank line after `place`'s line (its end-of-line comment kept)."""
    from ruamel.yaml.tokens import CommentToken

    token, model = _token(place), _token(like)
    if token is None and model is None:
        return
    own = token.value.partition("\n")[0] if token is not None else ""
    held = place[0].ca.items.setdefault(place[1], [None] * 4)
    held[place[2]] = CommentToken(own + "\n\n", (token or model).start_mark, None)
