"""`render --public` leaks no one: a person written as plain text, a one-word name, a name with
a no-break space, and any spelling of a personal value quoted in free text (an upper-case
email, 520.555.0101, "(520) 555-0101", "+1 520 555 0101", "Ms. Ocampo") are left out of the
checklist and the packet, in Markdown and in Word."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_public_render import text_of

from conftest import RIVERSIDE, copy_plan, run
from vaplan.public import LEFT_OUT, PersonalData, _fold, common_words, personal_texts, scrub_text

OUTPUTS = [("checklist", "md"), ("checklist", "docx"), ("packet", "md"), ("packet", "docx")]
_DIGIT_RUN = re.compile(r"\d[\d\s().+/-]*\d")


def _base_words() -> set[str]:
    words = set(common_words())
    for path in RIVERSIDE.glob("*.yaml"):
        words.update(re.findall(r"\w+", _fold(path.read_text(encoding="utf-8"))[0]))
    return words


BASE_WORDS = _base_words()


def _public_texts(plan: Path, out: Path) -> dict[str, str]:
    texts = {}
    for kind, fmt in OUTPUTS:
        target = out / f"{kind}.{fmt}"
        result = run("render", plan, "--kind", kind, "-o", target, "--today", "2026-11-28",
                     "--public", "--force")
        assert result.exit_code == 0, result.output
        texts[f"{kind}.{fmt}"] = text_of(target.read_bytes(), fmt)
    return texts


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _leaks(text: str, names: list[str], emails: list[str], phones: list[str]) -> list[str]:
    folded = _fold(text)[0]
    found = [n for n in names if re.search(rf"\b{re.escape(_fold(n)[0])}\b", folded)]
    found += [e for e in emails if _fold(e)[0] in folded]
    runs = [re.sub(r"\D", "", r) for r in _DIGIT_RUN.findall(folded)]
    found += [p for p in phones if any(re.sub(r"\D", "", p)[-7:] in r for r in runs)]
    return found


def _plan(tmp: Path, people: list[dict], mentions: list[str]) -> Path:
    """Riverside with the people on its committee and the mentions in its free text."""
    plan = copy_plan(tmp, RIVERSIDE)
    text = " ".join(mentions)

    def committee(data: dict) -> None:
        for number, person in enumerate(people):
            data["members"].append({
                "id": f"generated-{number}", "organization": f"Agency {number}. {text}",
                "disciplines": ["victim_services"], "sector": "nonprofit", "level": "city",
                **person})

    def resources(data: dict) -> None:
        data["gaps"][0]["need"] = f"Interpreters: {text}"

    def agreements(data: dict) -> None:
        data["agreements"][0]["title"] = f"MOU with {text}"
        data["agreements"][0]["renewal"] = text

    def roles(data: dict) -> None:
        data["functions"][0]["responsibilities"] = [f"Call {text}", "Test the list."]

    _edit(plan / "committee.yaml", committee)
    _edit(plan / "resources.yaml", resources)
    _edit(plan / "agreements.yaml", agreements)
    _edit(plan / "roles.yaml", roles)
    return plan


def test_the_leaks_of_the_issue_are_left_out(tmp_path: Path) -> None:
    people = [
        {"representative": "Zed Quincy 520-555-0177"},
        {"representative": {"name": "Ana\u00a0Ocampo", "email": "ana.ocampo@pd.example.gov",
                            "phone": "520-555-0101"},
         "alternate": {"name": "Ward", "phone": "(951) 555-0199"}},
        {"representative": {"name": "Hope", "email": "hope@shelter.example.org"}},
    ]
    mentions = ["ANA.OCAMPO@PD.EXAMPLE.GOV", "520.555.0101", "5205550101", "(520) 555-0101",
                "+1 520 555 0101", "555-0101", "Ms. Ocampo", "ocampo", "OCAMPO", "Zed", "quincy",
                "520 555 0177", "９５１-５５５-０１９９", "Oc\u200bampo", "Hope sees the ward.",
                "Ward 3", "Hope@Shelter.Example.Org"]
    plan = _plan(tmp_path, people, mentions)
    for name, text in _public_texts(plan, tmp_path).items():
        leaked = _leaks(text, ["Ocampo", "Zed", "Quincy", "Ana"],
                        ["ana.ocampo@pd.example.gov", "hope@shelter.example.org"],
                        ["520-555-0101", "520-555-0177", "951-555-0199"])
        assert not leaked, f"the public {name} holds {leaked}"
        assert not re.search(r"\bHope\b|\bWard\b", text), name
        assert "sees the ward" in text, "a common word in lower case stays"
        assert "Public copy" in text


def test_scrub_text_spellings() -> None:
    personal = personal_texts({"committee.yaml": {"members": [
        {"representative": {"name": "Sgt. Monica Dalby", "title": "Robbery-Homicide Unit",
                            "phone": "951-555-0121"}},
        {"representative": "Lee Park, 213 555 0155", "alternate": ["Bo", "Ng"]},
        {"contact_person": "Ines Varga"}]}})
    assert isinstance(personal, PersonalData)
    assert scrub_text("Ask Ms. DALBY (951) 555 0121 or Sgt. monica", personal) == (
        f"Ask Ms. {LEFT_OUT} {LEFT_OUT} or Sgt. {LEFT_OUT}")
    assert scrub_text("Lee, 2135550155; park here", personal) == (
        f"{LEFT_OUT}, {LEFT_OUT}; park here")
    assert scrub_text("Park and Bo and NG and Ines Varga", personal) == (
        f"{LEFT_OUT} and {LEFT_OUT} and {LEFT_OUT} and {LEFT_OUT}")
    assert scrub_text("the robbery-homicide unit meets", personal) == f"the {LEFT_OUT} meets"
    assert scrub_text("Sgt. on duty, Unit 4, 2026-11-28", personal) == (
        "Sgt. on duty, Unit 4, 2026-11-28")


_SYLLABLES = st.tuples(st.sampled_from("bdfgklmnprstvz"), st.sampled_from("aeiou")).map("".join)
_names = st.lists(_SYLLABLES, min_size=3, max_size=4).map(lambda s: "".join(s).capitalize() + "x")
_phones = st.tuples(st.sampled_from(["520", "951", "212", "415"]),
                    st.integers(100, 199)).map(lambda t: (t[0], f"0{t[1]}"))
_PHONE_SPELLINGS = ["{a}-555-{l}", "{a}.555.{l}", "{a}555{l}", "({a}) 555-{l}", "+1 {a} 555 {l}",
                    "555-{l}", "1-{a}-555-{l}", "{a} 555 {l}"]
_NAME_SPELLINGS = ["{f} {s}", "{F} {S}", "{f}\u00a0{s}", "Ms. {s}", "{s}", "{S}", "{f}",
                   "Dr. {f} {s}", "{s}, {f}"]


@st.composite
def _person(draw: st.DrawFn) -> dict:
    first, last = draw(_names), draw(_names)
    area, line = draw(_phones)
    return {"first": first, "last": last, "phone": f"{area}-555-{line}", "area": area,
            "line": line, "email": f"{first}.{last}@example.org".lower(),
            "one_word": draw(st.booleans()), "as_text": draw(st.booleans()),
            "name_spelling": draw(st.sampled_from(_NAME_SPELLINGS)),
            "phone_spelling": draw(st.sampled_from(_PHONE_SPELLINGS)),
            "shout": draw(st.booleans())}


@pytest.mark.slow
@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(people=st.lists(_person(), min_size=1, max_size=3))
def test_no_generated_person_appears_in_any_public_render(people: list[dict]) -> None:
    words = {_fold(w)[0] for p in people for w in (p["first"], p["last"])}
    from hypothesis import assume

    assume(not words & BASE_WORDS)
    members, mentions, names, emails, phones = [], [], [], [], []
    for person in people:
        first, last = person["first"], person["last"]
        full = first if person["one_word"] else f"{first} {last}"
        if person["as_text"]:
            members.append({"representative": f"{full} {person['phone']}"})
        else:
            members.append({"representative": {"name": full, "email": person["email"],
                                               "phone": person["phone"]}})
        spelled = person["name_spelling"].format(f=first, s=last if not person["one_word"]
                                                 else first, F=first.upper(),
                                                 S=(first if person["one_word"] else last).upper())
        mentions += [spelled, person["phone_spelling"].format(a=person["area"],
                                                               l=person["line"])]
        if not person["as_text"]:
            mentions.append(person["email"].upper() if person["shout"] else person["email"])
            emails.append(person["email"])
        names += [first] + ([] if person["one_word"] else [last])
        phones.append(person["phone"])
    with tempfile.TemporaryDirectory() as tmp:
        plan = _plan(Path(tmp), members, mentions)
        for name, text in _public_texts(plan, Path(tmp)).items():
            leaked = _leaks(text, names, emails, phones)
            assert not leaked, f"the public {name} holds {leaked} (mentions: {mentions})"
