"""Honest readiness: tailoring reaches check, statuses say only what the plan shows, every error
reaches every document, and check, checklist, packet and JSON agree."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import PIMA, TODAY, TODAY_ARGS, copy_plan, run
from vaplan.check.checker import check_plan


def _copy(tmp_path: Path, source: Path = PIMA) -> Path:
    return copy_plan(tmp_path, source)


def test_tailoring_a_protocol_out_waives_its_findings_in_check(tmp_path: Path) -> None:
    plan = _copy(tmp_path)
    roles = plan / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8").replace(
        "\nfunctions:\n", "\nfunctions:\n  - function: memorial_events\n    support: [pima-oem]\n"),
        encoding="utf-8")
    before = run("check", str(plan), *TODAY_ARGS)
    assert before.exit_code == 0 and "VP303" in before.stdout
    assert "1 warning" in before.stdout
    reason = "Memorials are planned by the city's parks department, outside this plan."
    assert run("tailor", str(plan), "memorial-events-protocol", "--reason", reason).exit_code == 0
    result = check_plan(plan, TODAY)
    [finding] = [f for f in result.findings if f.subject == "memorial_events"]
    assert finding.waived == f"tailored out in checklist.yaml: {reason}"
    after = run("check", str(plan), *TODAY_ARGS)
    assert "0 warnings" in after.stdout and "1 waived" in after.stdout
    # other protocols' findings are not waived by it
    roles.write_text(roles.read_text(encoding="utf-8").replace(
        "  - function: contact_list\n    lead: pima-attorney-vs\n",
        "  - function: contact_list\n"), encoding="utf-8")
    still = check_plan(plan, TODAY)
    assert [f.waived for f in still.findings if f.subject == "contact_list"] == [None]


def test_every_error_reaches_every_rendered_document(tmp_path: Path) -> None:
    """A duplicate-id error on a resource gap decides no checklist item, yet the checklist and
    the packet, in Markdown and in Word, both list it in their closing part."""
    import io

    import docx

    from vaplan.checklist.build import build_checklist
    from vaplan.checklist.packet import build_packet
    from vaplan.render import render_docx, render_markdown

    plan = _copy(tmp_path)
    resources = plan / "resources.yaml"
    text = resources.read_text(encoding="utf-8")
    gap_id = text.split("\ngaps:\n  - id: ", 1)[1].split("\n", 1)[0]
    resources.write_text(text.replace("\ngaps:\n", f"\ngaps:\n  - id: {gap_id}\n    need: Again\n"
                                      "    status: open\n    owner: pima-oem\n"
                                      "    raised: 2026-10-01\n"), encoding="utf-8")
    result = check_plan(plan, TODAY)
    [error] = [f for f in result.findings if f.severity.value == "error"]
    assert error.code == "VP005"
    checklist = build_checklist(result)
    for view in (checklist, build_packet(result, checklist)):
        markdown = render_markdown(view)
        closing = markdown.split("## Problems in the plan files", 1)[1]
        assert f"{error.file}:{error.line}:{error.column}: VP005" in closing
        word = docx.Document(io.BytesIO(render_docx(view)))
        paragraphs = [p.text for p in word.paragraphs]
        start = paragraphs.index("Problems in the plan files")
        assert any("VP005" in p for p in paragraphs[start:])


def test_render_json_is_the_checklist_as_data(tmp_path: Path) -> None:
    import json

    from conftest import RIVERSIDE

    result = run("render", str(RIVERSIDE), "--format", "json", *TODAY_ARGS)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["community"] and data["today"] == TODAY.isoformat()
    readiness = data["readiness"]
    assert readiness["percent"] == readiness["done"] * 100 // readiness["applicable"]
    items = {i["id"]: i for s in data["sections"] for i in s["items"]}
    fac = items["family-assistance-center-protocol"]
    assert fac["status"] == "partial" and fac["findings"] == ["VP502"]
    assert "expired on 2026-06-30" in fac["detail"]
    assert fac["agencies"] == ["American Red Cross, Inland Empire Chapter"]
    assert fac["last_exercised"] == "2026-03-04"
    assert items["contact-list-protocol"]["last_exercised"] is None
    assert "last_exercised" not in items["guiding-vision"]
    counted = [i for i in items.values() if i["status"] not in ("not_applicable", "optional")]
    assert readiness["applicable"] == len(counted)
    assert readiness["done"] == sum(i["status"] in ("met", "confirmed", "waived")
                                    for i in counted)
    out = tmp_path / "checklist.json"
    assert run("render", str(RIVERSIDE), "-o", str(out), *TODAY_ARGS).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == data
    refused = run("render", str(RIVERSIDE), "--format", "json", "--kind", "packet", *TODAY_ARGS)
    assert refused.exit_code == 2 and "for the checklist" in refused.output


def test_check_text_report_ends_with_the_readiness_line() -> None:
    import json

    from conftest import RIVERSIDE

    text = run("check", str(RIVERSIDE), *TODAY_ARGS).stdout
    data = json.loads(run("render", str(RIVERSIDE), "--format", "json", *TODAY_ARGS).stdout)
    r = data["readiness"]
    assert text.rstrip("\n").splitlines()[-1].startswith(
        f"Readiness: {r['percent']}% ({r['done']} of {r['applicable']} applicable")


# check, checklist, packet and JSON agree on generated plans ------------------------------------

_FUNCTIONS = ["contact_list", "communications", "family_assistance_center", "memorial_events"]
_PROTOCOL = {
    "function": None, "lead": ["da", None], "responsibilities": ["Leads it.", None],
    "written_in": ["County EOP, Annex V", None]}


def _generated_plan(directory: Path, entries: list[dict], agreements: list[dict],
                    ignore: list[str]) -> Path:
    import yaml

    from conftest import ROOT

    base = ROOT / "tests" / "rules" / "_base"
    shutil.copytree(base, directory)
    roles = {"lead_agencies": ["da"], "functions": entries}
    (directory / "roles.yaml").write_text(yaml.safe_dump(roles), encoding="utf-8")
    mou = yaml.safe_load((base / "agreements.yaml").read_text(encoding="utf-8"))
    mou["agreements"] += agreements
    (directory / "agreements.yaml").write_text(yaml.safe_dump(mou), encoding="utf-8")
    meta = yaml.safe_load((base / "vaplan.yaml").read_text(encoding="utf-8"))
    meta["checks"] = {"ignore": ignore, "required_functions": _FUNCTIONS[:2]}
    (directory / "vaplan.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    return directory


def _entries():
    from hypothesis import strategies as st

    entry = st.fixed_dictionaries({"function": st.sampled_from(_FUNCTIONS)}, optional={
        "lead": st.just("da"), "responsibilities": st.just("Leads it."),
        "written_in": st.just("County EOP, Annex V")})
    agreement = st.fixed_dictionaries({
        "functions": st.lists(st.sampled_from(_FUNCTIONS), min_size=1, max_size=2, unique=True),
        "signed": st.sampled_from([-400, 30, None]),
        "expires": st.sampled_from([-10, 40, 400, None])})
    return (st.lists(entry, max_size=4), st.lists(agreement, max_size=2),
            st.lists(st.sampled_from(["VP303", "VP305", "VP306", "VP502"]), unique=True,
                     max_size=2))


def test_check_checklist_packet_and_json_agree_on_every_status() -> None:
    import json
    import tempfile
    from datetime import timedelta

    from hypothesis import given, settings

    from vaplan.checklist.build import build_checklist, checklist_progress
    from vaplan.checklist.data import checklist_data
    from vaplan.checklist.packet import build_packet

    entries_st, agreements_st, ignore_st = _entries()

    @settings(max_examples=30, deadline=None, derandomize=True)
    @given(entries=entries_st, agreements=agreements_st, ignore=ignore_st)
    def agree(entries: list[dict], agreements: list[dict], ignore: list[str]) -> None:
        records = [{"id": f"a{i}", "type": "MOA", "title": f"Agreement {i}",
                    "parties": ["da", "pd"], "functions": a["functions"],
                    **({} if a["signed"] is None else
                       {"signed": TODAY - timedelta(days=a["signed"])}),
                    **({} if a["expires"] is None else
                       {"expires": TODAY + timedelta(days=a["expires"])})}
                   for i, a in enumerate(agreements)]
        with tempfile.TemporaryDirectory() as tmp:
            plan = _generated_plan(Path(tmp) / "plan", entries, records, ignore)
            result = check_plan(plan, TODAY)
            checklist = build_checklist(result)
            packet = build_packet(result, checklist)
            data = json.loads(json.dumps(checklist_data(checklist)))
        items = {i.id: i for i in checklist.items}
        packet_items = {i.id: i for s in packet.sections for i in s.items}
        json_items = {i["id"]: i for s in data["sections"] for i in s["items"]}
        assert {k: i.status for k, i in items.items()} == {
            k: i.status for k, i in packet_items.items()} == {
            k: i["status"] for k, i in json_items.items()}
        assert result.progress is None
        progress = checklist_progress(result)
        assert (progress["done"], progress["total"]) == (
            data["readiness"]["done"], data["readiness"]["applicable"]) == (
            checklist.score.ready, checklist.score.applicable)
        for function in _FUNCTIONS:
            item = items[function.replace("_", "-") + "-protocol"]
            listed = [e for e in entries if e["function"] == function]
            signed = [a for a in records if function in a["functions"]]
            in_force = all(a.get("signed") and a["signed"] <= TODAY and
                           (a.get("expires") is None or a["expires"] >= TODAY) for a in signed)
            whole = bool(listed) and any(e.get("lead") for e in listed) and any(
                e.get("responsibilities") for e in listed) and any(
                e.get("written_in") for e in listed) and in_force
            # whether a protocol was exercised (VP701, VP705) is shown beside its status, not
            # part of it: the contract's met is lead, responsibilities, written, agreements
            about = [f for f in result.findings if f.subject == function
                     and f.code not in ("VP701", "VP705")
                     or f.subject in {a["id"] for a in signed}
                     and f.code in ("VP502", "VP504")]
            if not listed and function not in _FUNCTIONS[:2]:
                assert item.status == "optional"
                continue
            # met exactly when the plan holds the whole protocol and nothing stands against it
            assert (item.status == "met") == (whole and not [f for f in about if f.counts])
            if item.status in ("partial", "gap") and not set(ignore) & {"VP303", "VP305",
                                                                     "VP306", "VP502"}:
                # every part it lacks is a finding in check, filed under this item
                assert [f for f in about if f.counts]
                assert set(json_items[item.id]["findings"]) <= {f.code for f in about}

    agree()


def test_protocols_show_when_they_were_last_exercised(tmp_path: Path) -> None:
    """The latest exercise or incident up to today that used a protocol; one dated after today
    does not count; a protocol never exercised says so."""
    from vaplan.checklist.build import build_checklist
    from vaplan.render import render_markdown

    plan = _copy(tmp_path)
    (plan / "exercises.yaml").write_text(
        "exercises:\n"
        "  - {id: ttx-2025, date: 2025-10-02, kind: tabletop, title: FAC tabletop,"
        " functions: [family_assistance_center, communications]}\n"
        "  - {id: ttx-2026, date: 2026-04-12, kind: tabletop, title: FAC again,"
        " functions: [family_assistance_center]}\n"
        "  - {id: drill-2027, date: 2027-02-01, kind: drill, title: Call-down,"
        " functions: [contact_list]}\n", encoding="utf-8")
    checklist = build_checklist(check_plan(plan, TODAY))
    items = {i.id: i for i in checklist.items}
    assert items["family-assistance-center-protocol"].exercised == "exercised 2026-04-12"
    assert items["communications-protocol"].exercised == "exercised 2025-10-02"
    assert items["contact-list-protocol"].exercised == "never exercised"
    assert items["memorial-events-protocol"].exercised == ""  # optional, not in the plan
    assert items["guiding-vision"].exercised == ""
    assert "Met (exercised 2026-04-12)" in render_markdown(checklist)


def test_public_json_holds_no_one_s_name() -> None:
    """The checklist as data follows --public like the documents: a representative's name that
    a finding quotes is left out, and the object says it is a public copy."""
    import json

    import yaml

    from conftest import RIVERSIDE

    committee = yaml.safe_load((RIVERSIDE / "committee.yaml").read_text(encoding="utf-8"))
    names = [m["representative"]["name"] for m in committee["members"]]
    private = run("render", str(RIVERSIDE), "--format", "json", *TODAY_ARGS).stdout
    assert any(name in private for name in names)  # VP107 quotes one
    public = run("render", str(RIVERSIDE), "--format", "json", "--public", *TODAY_ARGS).stdout
    assert [name for name in names if name in public] == []
    assert json.loads(public)["public_note"]


def _exercises(plan: Path, *lines: str) -> None:
    (plan / "exercises.yaml").write_text("exercises:\n" + "".join(f"  - {line}\n"
                                                                 for line in lines),
                                         encoding="utf-8")


def test_the_training_and_exercise_item_is_met_only_by_exercises_held(tmp_path: Path) -> None:
    """A written training and exercise protocol is partly met until the committee holds an
    exercise; a real incident, or an exercise older than exercise_months, does not make it
    met; the other protocols' status does not depend on exercises."""
    from vaplan.checklist.build import build_checklist

    plan = _copy(tmp_path)

    def item(key: str) -> tuple[str, str]:
        found = {i.id: i for i in build_checklist(check_plan(plan, TODAY)).items}[key]
        return found.status, found.detail

    assert item("training-exercise-protocol") == ("met", "")  # Pima holds a year of them
    (plan / "exercises.yaml").unlink()
    status, detail = item("training-exercise-protocol")
    assert status == "partial" and "no exercise recorded in the plan's exercises file" in detail
    assert "written down" in detail
    _exercises(plan, "{id: fire, date: 2026-03-01, kind: real_incident, title: Fire,"
                     " functions: [family_assistance_center]}")
    assert "no exercise recorded" in item("training-exercise-protocol")[1]
    # the contract's definition of a met protocol is unchanged for every other protocol: the
    # family assistance center used only in an incident, the contact list never drilled
    assert item("family-assistance-center-protocol")[0] == "met"
    assert item("contact-list-protocol")[0] == "met"
    _exercises(plan, "{id: ttx, date: 2024-10-01, kind: tabletop, title: Tabletop}")
    status, detail = item("training-exercise-protocol")
    assert status == "partial"
    assert "no exercise held since 2024-10-01 (one is due every 24 months)" in detail
    _exercises(plan, "{id: ttx, date: 2026-10-01, kind: tabletop, title: Tabletop}")
    status, detail = item("training-exercise-protocol")
    assert "no exercise" not in detail
    # still partly met: the exercise program's findings (here: protocols not exercised, no
    # call-down drill) stand against the item and are its evidence
    assert status == "partial"
    (plan / "exercises.yaml").write_text("exercises: [oops\n", encoding="utf-8")
    status, detail = item("training-exercise-protocol")
    assert status == "partial" and "the plan's exercises file has errors" in detail


def test_the_exercised_note_and_vp701_read_one_fact(tmp_path: Path) -> None:
    """A protocol last exercised longer ago than exercise_months says when the next exercise
    was due, exactly where VP701 reports it; one exercised recently says only when."""
    from vaplan.checklist.build import build_checklist

    plan = _copy(tmp_path)
    _exercises(plan, "{id: ttx-old, date: 2024-05-01, kind: tabletop, title: Old tabletop,"
                     " functions: [family_assistance_center]}",
               "{id: ttx-new, date: 2026-05-01, kind: tabletop, title: New tabletop,"
                     " functions: [victim_notification]}")
    result = check_plan(plan, TODAY)
    unexercised = {f.subject for f in result.findings if f.code == "VP701"}
    items = {i.id: i for i in build_checklist(result).items}
    fac = items["family-assistance-center-protocol"]
    assert "family_assistance_center" in unexercised
    assert fac.exercised == "exercised 2024-05-01, next due 2026-05-01"
    assert "victim_notification" not in unexercised
    assert items["victim-notification-protocol"].exercised == "exercised 2026-05-01"
    for key, entry in items.items():
        function = key.removesuffix("-protocol").replace("-", "_")
        if entry.exercised and function in result.facts.required_functions:
            assert (entry.exercised == "never exercised" or "next due" in entry.exercised) == (
                function in unexercised), key
