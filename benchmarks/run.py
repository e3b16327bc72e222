"""Time `vaplan check` and `vaplan render` as commands against the libyaml floor, at three sizes.

    python benchmarks/run.py [--sizes 20,1000,20000] [--repeat 5]
    python benchmarks/run.py --quick          # 1,000 members only: what .ci/run runs
    python benchmarks/run.py --hostile [--repeat 1]
    python benchmarks/run.py --counties 3200 [--repeat 1]

For each size it writes a synthetic plan (benchmarks/generate.py), then runs, each as its own
process: the floor (PyYAML's libyaml CSafeLoader loading the same files, garbage collector off),
`vaplan check`, and `vaplan render` to Word (at 1,000 members, where its target is; at every
size with --render-all). Each command runs once to warm up (so Python's bytecode is cached, as
it is for an installed vaplan), then `--repeat` times. The targets are
ratios of CPU time (user + system of that process, the median of the runs), which a busy shared
machine disturbs far less than wall time; wall time and peak memory (max RSS) are printed too.
It ends with a table of the targets, PASS or FAIL each, and exits 1 if any failed (with
`--fail-margin M`, only if a ratio is more than M above its target: see .ci/run). With
--hostile it checks the hostile plans of generate.HOSTILE (a long text aliased 500 times, 60 MB
of tiny values, 10,000 and 40,000 keys in one mapping) against their memory and linearity
targets.
With --counties N it writes N small county plans (20 to 59 members each) and times `vaplan
rollup` of them (CSV, one web page, a folder of summary pages) against `vaplan check` of the
same plans, with the peak memory of all their processes together (the workers too).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import HOSTILE, write_hostile, write_plan  # noqa: E402

FLOOR = """\
import gc, sys, pathlib, yaml
gc.disable()
for p in sorted(pathlib.Path(sys.argv[1]).glob("*.yaml")):
    yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)
"""
#: size -> (check/floor CPU time, check/floor memory); render/check time at 1,000 members.
#: Memory is held to the floor only at 20,000 members, where the plan's data dominates. At 1,000
#: members the floor's whole process is 29 MiB, while Python with pydantic and typer imported
#: takes 32 MiB before a plan is read (pydantic's first model alone costs ~12 MiB, measured),
#: so 1.3x there cannot be met by any check built on the required libraries; it is printed.
TARGETS = {20000: (1.5, 1.3), 1000: (2.0, None)}
RENDER_TARGET = 3.0
#: --counties: the roll-up costs at most this many times `vaplan check` of the same plans.
ROLLUP_TARGET = 1.5
#: Hostile plans (--hostile): each `vaplan check` ends in findings (exit 1, no traceback) within
#: this peak memory, and 40,000 keys in one mapping take at most this many times 10,000 keys
#: (linear is 4x; the quadratic lookup it replaced was 16x).
HOSTILE_MEMORY_MIB = 1024
WIDE_RATIO = 6.0


@dataclass(frozen=True)
class Run:
    """One command measured: medians over the runs, peak memory over them, last exit code."""

    wall: float
    cpu: float
    mib: float
    code: int


def _env() -> dict[str, str]:
    """The children's environment: bytecode is written and read as for an installed program
    (a PYTHONDONTWRITEBYTECODE left in the shell would make every run compile vaplan anew)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run(cmd: list[str]) -> Run:
    """Wall and CPU seconds, peak RSS in MiB, and exit code of one command run as its process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=_env())
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode)


def run_tree(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, the peak of the summed RSS in MiB of the command and every process it
    starts (sampled from /proc every 100 ms), and its exit code."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.1)
    return time.perf_counter() - start, peak / 1024, proc.returncode


def _tree_rss(root: int) -> int:
    """KiB resident in `root` and its descendants now (found through /proc's children lists,
    so sampling costs little beside the run it measures)."""
    total, frontier = 0, [root]
    while frontier:
        pid = frontier.pop()
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            for task in Path(f"/proc/{pid}/task").iterdir():
                frontier += [int(c) for c in (task / "children").read_text().split()]
        except OSError:  # gone already
            continue
        total += next((int(line.split()[1]) for line in status.splitlines()
                       if line.startswith("VmRSS:")), 0)
    return total


def counties(n: int, repeat: int) -> list[str]:
    """Roll up n synthetic county plans and check them; the targets missed."""
    missed = []
    with tempfile.TemporaryDirectory() as tmp:
        plans = []
        for i in range(n):
            plan = write_plan(Path(tmp) / "plans" / f"county-{i:04d}", 20 + i % 40, seed=i)
            meta = plan / "vaplan.yaml"
            meta.write_text(meta.read_text().replace(f"community: Synthetic {20 + i % 40}",
                                                     f"community: County {i:04d}", 1))
            plans.append(str(plan))
        mb = sum(p.stat().st_size for p in Path(tmp, "plans").rglob("*.yaml")) / 1e6
        print(f"{n} plans, {mb:.1f} MB of YAML, {os.cpu_count()} cores")
        day = ["--today", "2026-11-28"]
        runs = {
            "check": [*vaplan(), "check", *plans, "--format", "json", *day],
            "rollup csv": [*vaplan(), "rollup", *plans, "-o", f"{tmp}/r.csv", "--force", *day],
            "rollup html": [*vaplan(), "rollup", *plans, "-o", f"{tmp}/r.html", "--force", *day],
            "rollup folder": [*vaplan(), "rollup", *plans, "-o", f"{tmp}/site", "--force", *day],
        }
        print(f"{'command':<14} {'seconds':>8} {'peak MiB':>9} {'x check':>8}  target")
        base = None
        for name, cmd in runs.items():
            results = [run_tree(cmd) for _ in range(repeat)]
            wall = statistics.median(r[0] for r in results)
            peak = max(r[1] for r in results)
            base = base or wall
            ratio = wall / base
            verdict = "-"
            if name.startswith("rollup") and name != "rollup folder":
                ok = ratio <= ROLLUP_TARGET and results[-1][2] == 0
                verdict = f"{'met' if ok else 'MISSED'} (<= {ROLLUP_TARGET}x check)"
                if not ok:
                    missed.append(name)
            print(f"{name:<14} {wall:>8.2f} {peak:>9.0f} {ratio:>8.2f}  {verdict}  "
                  f"(exit {results[-1][2]})")
    return missed


def measure(cmd: list[str], repeat: int) -> Run:
    run(cmd)  # warm-up: bytecode cached, files in the page cache
    runs = [run(cmd) for _ in range(repeat)]
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               max(r.mib for r in runs), runs[-1].code)


def vaplan() -> list[str]:
    exe = shutil.which("vaplan", path=str(Path(sys.executable).parent)) or shutil.which("vaplan")
    return [exe] if exe else [sys.executable, "-m", "vaplan"]


def hostile(repeat: int) -> list[str]:
    """Check each hostile plan; the targets it missed."""
    missed, seconds = [], {}
    print(f"{'hostile plan':<14} {'seconds':>8} {'MiB':>7}  exit  target")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in HOSTILE:
            plan = write_hostile(Path(tmp) / kind, kind)
            cmd = [*vaplan(), "check", str(plan), "--today", "2026-11-28"]
            measured = measure(cmd, repeat)
            wall, mib, code = measured.wall, measured.mib, measured.code
            traceback = b"Traceback" in subprocess.run(cmd, stdout=subprocess.DEVNULL,
                                                       stderr=subprocess.PIPE).stderr
            seconds[kind] = wall
            ok = code == 1 and not traceback and mib <= HOSTILE_MEMORY_MIB
            print(f"{kind:<14} {wall:>8.2f} {mib:>7.1f}  {code:>4}  "
                  f"{'met' if ok else 'MISSED'} (findings, no traceback, "
                  f"<= {HOSTILE_MEMORY_MIB} MiB)")
            if not ok:
                missed.append(kind)
    ratio = seconds["wide-40000"] / seconds["wide-10000"]
    ok = ratio <= WIDE_RATIO
    print(f"wide mapping: 40,000 keys take {ratio:.1f}x the time of 10,000 "
          f"{'met' if ok else 'MISSED'} (<= {WIDE_RATIO}x, linear)")
    return missed if ok else [*missed, "wide mapping linear"]


@dataclass(frozen=True)
class Verdict:
    """One target: what is measured, the ratio reached, the most it may be."""

    what: str
    ratio: float
    target: float

    @property
    def passed(self) -> bool:
        return self.ratio <= self.target


def sizes(plans: list[int], repeat: int, render_sizes: set[int]) -> list[Verdict]:
    """Measure each size, print the measurements, and return the verdict on each target."""
    verdicts: list[Verdict] = []
    print(f"{'members':>8} {'MB':>5} {'command':<14} {'wall s':>7} {'CPU s':>7} {'MiB':>7} "
          f"{'CPU x':>6} {'mem x':>6}  exit", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for size in plans:
            plan = write_plan(Path(tmp) / f"plan{size}", size)
            mb = sum(p.stat().st_size for p in plan.glob("*.yaml")) / 1e6
            floor = measure([sys.executable, "-c", FLOOR, str(plan)], repeat)
            check = measure([*vaplan(), "check", str(plan), "--today", "2026-11-28"], repeat)
            cpu_x, mem_x = check.cpu / floor.cpu, check.mib / floor.mib
            print(f"{size:>8} {mb:>5.1f} {'floor':<14} {floor.wall:>7.3f} {floor.cpu:>7.3f} "
                  f"{floor.mib:>7.1f}")
            print(f"{'':>8} {'':>5} {'vaplan check':<14} {check.wall:>7.3f} {check.cpu:>7.3f} "
                  f"{check.mib:>7.1f} {cpu_x:>6.2f} {mem_x:>6.2f}  {check.code}", flush=True)
            if check.code not in (0, 1):
                verdicts.append(Verdict(f"check at {size:,} members finishes (exit code "
                                        f"{check.code})", 1.0, 0.0))
            if size in render_sizes:
                out = Path(tmp) / f"out{size}.docx"
                render = measure([*vaplan(), "render", str(plan), "-o", str(out), "--force",
                                  "--today", "2026-11-28"], repeat)
                render_x = render.cpu / check.cpu
                print(f"{'':>8} {'':>5} {'vaplan render':<14} {render.wall:>7.3f} "
                      f"{render.cpu:>7.3f} {render.mib:>7.1f} {render_x:>6.2f} {'':>6}  "
                      f"{render.code}  (CPU x: of check)", flush=True)
                if render.code != 0:
                    verdicts.append(Verdict(f"render at {size:,} members finishes (exit code "
                                            f"{render.code})", 1.0, 0.0))
            goal = TARGETS.get(size)
            if goal:
                verdicts.append(Verdict(f"check at {size:,} members, CPU time / floor", cpu_x,
                                        goal[0]))
                if goal[1] is not None:
                    verdicts.append(Verdict(f"check at {size:,} members, peak memory / floor",
                                            mem_x, goal[1]))
            if size == 1000 and size in render_sizes:
                verdicts.append(Verdict(f"render to Word at {size:,} members, CPU time / check",
                                        render_x, RENDER_TARGET))
    return verdicts


def table(verdicts: list[Verdict]) -> None:
    """The verdict: one line per target, PASS or FAIL."""
    if not verdicts:
        print("\nno target at these sizes (targets: 1,000 and 20,000 members)")
        return
    width = max(len(v.what) for v in verdicts)
    print(f"\n{'target':<{width}}  {'ratio':>6}  {'most':>5}  verdict")
    for v in verdicts:
        print(f"{v.what:<{width}}  {v.ratio:>6.2f}  {v.target:>5.2f}  "
              f"{'PASS' if v.passed else 'FAIL'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,1000,20000")
    parser.add_argument("--repeat", type=int, default=5,
                        help="timed runs of each command (the median counts); default 5")
    parser.add_argument("--quick", action="store_true",
                        help="only 1,000 members (the targets there), for CI")
    parser.add_argument("--fail-margin", type=float, default=0.0, metavar="M",
                        help="exit 1 only when a ratio exceeds its target by more than M "
                             "(0.25: 25%% over); the table still says FAIL at the target")
    parser.add_argument("--render-all", action="store_true",
                        help="time `vaplan render` at every size, not only at 1,000 members "
                             "(its target; at 20,000 one render takes a minute)")
    parser.add_argument("--hostile", action="store_true",
                        help="check the hostile plans of generate.HOSTILE instead")
    parser.add_argument("--counties", type=int, default=0, metavar="N",
                        help="time the roll-up of N small county plans against checking them")
    args = parser.parse_args()
    if args.counties:
        missed = counties(args.counties, args.repeat)
        print("all targets met" if not missed else "targets missed: " + ", ".join(missed))
        return 0 if not missed else 1
    if args.hostile:
        missed = hostile(args.repeat)
        print("all targets met" if not missed else "targets missed: " + ", ".join(missed))
        return 0 if not missed else 1
    plans = [1000] if args.quick else [int(s) for s in args.sizes.split(",")]
    render_sizes = set(plans) if args.render_all else {1000}
    verdicts = sizes(plans, args.repeat, render_sizes)
    table(verdicts)
    failed = [v for v in verdicts if not v.passed]
    print("all targets met" if not failed else f"{len(failed)} target(s) missed")
    return 1 if any(v.ratio > v.target * (1 + args.fail_margin) for v in failed) else 0


if __name__ == "__main__":
    sys.exit(main())
