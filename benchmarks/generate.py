"""Write a deterministic synthetic plan of N member organizations that follows the plan contract.

    python benchmarks/generate.py OUT_DIR --members 1000

Resources, gaps, agreements and function roles grow in proportion to the members, so a large
plan looks like a statewide roll-up of county partners. The same N always gives the same bytes.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

DISCIPLINES = ["law_enforcement", "victim_services", "legal_services", "prosecutor",
               "city_government", "emergency_management", "medical", "mental_health",
               "education", "faith", "nonprofit", "language_access", "disaster_relief",
               "public_health", "fire_ems"]
FUNCTIONS = ["contact_list", "committee_meeting", "training_exercise", "incident_command",
             "communications", "family_assistance_center", "victim_identification",
             "victim_notification", "volunteer_management", "donation_management",
             "criminal_justice_support", "community_resiliency", "emergency_funding"]
LEVELS = ["city", "county", "regional", "state"]


def _q(text: str) -> str:
    return '"' + text.replace('"', "'") + '"'


def committee(n: int, rng: random.Random) -> str:
    lines = ["reviewed: 2026-06-01", "members:"]
    for i in range(n):
        disc = DISCIPLINES[i % len(DISCIPLINES)]
        extra = DISCIPLINES[rng.randrange(len(DISCIPLINES))]
        sector = "private" if i % 15 == 2 and i % 2 else ("nonprofit" if i % 3 == 1 else "public")
        lines += [
            f"  - id: org-{i:05d}",
            f"    organization: {_q(f'Organization {i} of the {LEVELS[i % 4]} partners')}",
            f"    disciplines: [{disc}, {extra}]" if extra != disc else f"    disciplines: [{disc}]",
            f"    sector: {sector}",
            f"    level: {LEVELS[i % 4]}",
            "    representative:",
            f"      name: {_q(f'Representative {i}')}",
            "      title: Director of programs",
            f"      email: rep{i}@example.org",
            f"      phone: \"+1 520 555 {i % 10000:04d}\"",
            "    alternate:",
            f"      name: {_q(f'Alternate {i}')}",
            f"      email: alt{i}@example.org",
            f"    steering: {'true' if i < 5 else 'false'}",
            f"    chair: {'true' if i == 0 else 'false'}",
            f"    joined: 20{10 + i % 16:02d}-0{1 + i % 9}-1{i % 10}",
        ]
    return "\n".join(lines) + "\n"


def roles(n: int, rng: random.Random) -> str:
    lines = ["lead_agencies: [org-00000, org-00001]", "functions:"]
    for i in range(max(len(FUNCTIONS), n // 10)):
        lines += [f"  - function: {FUNCTIONS[i % len(FUNCTIONS)]}",
                  f"    lead: org-{rng.randrange(n):05d}",
                  f"    support: [org-{rng.randrange(n):05d}, org-{rng.randrange(n):05d}]",
                  "    responsibilities:",
                  "      - Keep the protocol current and train staff on it",
                  "      - Report to the steering committee each quarter"]
    lines += ["emergency_plans:"]
    for level in ("city", "county", "state"):
        lines += [f"  - level: {level}", f"    plan: {level.title()} Emergency Operations Plan",
                  "    annex: Victim assistance appendix", "    incorporated: 2025-04-01"]
    return "\n".join(lines) + "\n"


def resources(n: int, rng: random.Random) -> str:
    lines = ["resources:"]
    for i in range(n):
        lines += [f"  - id: res-{i:05d}", f"    name: {_q(f'Resource {i}: crisis counselors')}",
                  f"    provider: org-{rng.randrange(n):05d}", "    category: mental health",
                  f"    capacity: {_q(f'{1 + i % 40} staff within 4 hours')}"]
    lines += ["gaps:"]
    for i in range(max(1, n // 5)):
        lines += [f"  - id: gap-{i:05d}", f"    need: {_q(f'Unmet need {i}: interpreters')}",
                  "    category: language access", "    status: in_progress",
                  f"    owner: org-{rng.randrange(n):05d}", "    raised: 2026-03-12",
                  "    sources_sought: [nonprofit, college]"]
    return "\n".join(lines) + "\n"


def agreements(n: int, rng: random.Random) -> str:
    lines = ["agreements:"]
    for i in range(max(1, n // 2)):
        a, b = 2 * i % n, (2 * i + 1) % n
        lines += [f"  - id: mou-{i:05d}", "    type: MOU",
                  f"    title: {_q(f'Mutual aid for victim assistance {i}')}",
                  f"    parties: [org-{a:05d}, org-{b:05d}, org-{rng.randrange(n):05d}]",
                  "    signed: 2025-07-01", "    expires: 2029-06-30",
                  "    renewal: Renew by vote of both boards", "    scope: Staff and space"]
    return "\n".join(lines) + "\n"


KINDS = ["tabletop", "drill", "functional", "call_down", "real_incident", "workshop"]
STATUSES = ["open", "in_progress", "done", "cancelled"]


def exercises(n: int, rng: random.Random) -> str:
    """A tenth as many exercises as members, two corrective actions each."""
    count = max(len(FUNCTIONS), n // 10)
    lines = ["exercises:"]
    for i in range(count):
        lines += [f"  - id: ex-{i:05d}", f"    date: 2026-{1 + i % 10:02d}-{1 + i % 28:02d}",
                  f"    kind: {KINDS[i % len(KINDS)]}", f"    title: {_q(f'Exercise {i}')}",
                  f"    functions: [{FUNCTIONS[i % len(FUNCTIONS)]}]",
                  f"    participants: [org-{rng.randrange(n):05d}, org-{rng.randrange(n):05d}]",
                  "    after_action: exercises/after-action.md"]
    lines += ["improvements:"]
    for i in range(2 * count):
        status = STATUSES[i % len(STATUSES)]
        lines += [f"  - id: ca-{i:05d}", f"    source: ex-{i // 2:05d}",
                  f"    function: {FUNCTIONS[i % len(FUNCTIONS)]}",
                  f"    issue: {_q(f'Area for improvement {i}')}",
                  f"    action: {_q(f'Corrective action {i}')}", "    element: planning",
                  f"    owner: org-{rng.randrange(n):05d}", "    due: 2027-03-31",
                  f"    status: {status}"]
        if status == "done":
            lines += ["    completed: 2026-09-30"]
    return "\n".join(lines) + "\n"


PRINCIPLES = """\
vision: No wrong door for anyone harmed by mass violence.
values:
  - name: Victim-centered services
    description: Victims come first.
mission: Coordinate seamless services for every victim.
goals:
  - Every agency knows its role before an incident.
"""


def write_plan(out: Path, members: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "vaplan.yaml").write_text(
        f"community: Synthetic {members}\njurisdiction: {{level: state, name: Synthetic}}\n"
        "plan_version: '1.0'\nupdated: 2026-10-01\n")
    (out / "committee.yaml").write_text(committee(members, rng))
    (out / "principles.yaml").write_text(PRINCIPLES)
    (out / "roles.yaml").write_text(roles(members, rng))
    (out / "resources.yaml").write_text(resources(members, rng))
    (out / "agreements.yaml").write_text(agreements(members, rng))
    (out / "exercises.yaml").write_text(exercises(members, rng))
    # a kept plan files its after-action reports; one stands in for all of them
    (out / "exercises").mkdir(exist_ok=True)
    (out / "exercises" / "after-action.md").write_text("# After-action report\n")
    return out


def aliased_text(size: int = 1_000_000, times: int = 500) -> str:
    """principles.yaml with one long text aliased many times: few values, much text."""
    return (f'vision: &v "{"x" * size}"\nmission: m\ngoals: [g]\n'
            f"values: [{', '.join(['*v'] * times)}]\n")


def dense(megabytes: int = 60) -> str:
    """principles.yaml under the 64 MB cap made of the smallest values YAML allows."""
    return "vision: v\nvalues: [" + "a," * (megabytes * 500_000) + "a]\n"


def wide_mapping(keys: int = 40_000) -> str:
    """checklist.yaml with one mapping of `keys` keys (each an unknown item: one finding each)."""
    return "items:\n" + "".join(f"  k{i:05d}: {{status: done, date: 2026-01-01}}\n"
                                for i in range(keys))


#: Hostile plans: a small plan with one file replaced (name -> (file, its text)).
HOSTILE = {
    "aliased-text": ("principles.yaml", aliased_text),
    "dense-60MB": ("principles.yaml", dense),
    "wide-10000": ("checklist.yaml", lambda: wide_mapping(10_000)),
    "wide-40000": ("checklist.yaml", wide_mapping),
}


def write_hostile(out: Path, kind: str) -> Path:
    """A 20-member plan with the file of HOSTILE[kind] replaced."""
    write_plan(out, 20)
    name, text = HOSTILE[kind]
    (out / name).write_text(text())
    return out


def mistype_references(out: Path) -> Path:
    """The plan at `out` with every reference to a member id mistyped (org-00001 ->
    orgx-00001), so `check` says "did you mean" for each: the work that once grew with
    members x references."""
    for name in ("resources.yaml", "agreements.yaml", "roles.yaml", "exercises.yaml"):
        path = out / name
        path.write_text(path.read_text().replace("org-", "orgx-"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--hostile", choices=sorted(HOSTILE),
                        help="write a small plan with one hostile file instead")
    parser.add_argument("--unknown-ids", action="store_true",
                        help="mistype every reference to a member id (did-you-mean work)")
    args = parser.parse_args()
    if args.hostile:
        write_hostile(args.out, args.hostile)
    else:
        write_plan(args.out, args.members)
        if args.unknown_ids:
            mistype_references(args.out)


if __name__ == "__main__":
    main()
