"""Time `vaplan check` and `vaplan render` as commands against the libyaml floor, at three sizes.

    python benchmarks/run.py [--sizes 20,1000,20000] [--repeat 3]
    python benchmarks/run.py --hostile [--repeat 1]
    python benchmarks/run.py --counties 3200 [--repeat 1]

For each size it writes a synthetic plan (benchmarks/generate.py), then runs, each as its own
process: the floor (PyYAML's libyaml CSafeLoader loading the same files, garbage collector off),
`vaplan check`, and `vaplan render` to Word. It prints the median wall time, the peak memory
(max RSS of that process) and the ratios the performance targets are stated in. With --hostile
it checks the hostile plans of generate.HOSTILE (a long text aliased 500 times, 60 MB of tiny
values, 10,000 and 40,000 keys in one mapping) against their memory and linearity targets.
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import HOSTILE, write_hostile, write_plan  # noqa: E402

FLOOR = """\
import gc, sys, pathlib, yaml
gc.disable()
for p in sorted(pathlib.Path(sys.argv[1]).glob("*.yaml")):
    yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)
"""
#: size -> (check/floor time, check/floor memory); render/check time at 1,000 members.
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


def run(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MiB, and exit code of one command run as its own process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, proc.returncode


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


def measure(cmd: list[str], repeat: int) -> tuple[float, float, int]:
    runs = [run(cmd) for _ in range(repeat)]
    return (statistics.median(r[0] for r in runs), max(r[1] for r in runs), runs[-1][2])


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
            wall, mib, code = measure(cmd, repeat)
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,1000,20000")
    parser.add_argument("--repeat", type=int, default=3)
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
    missed = []
    print(f"{'members':>8} {'MB':>6} {'command':<14} {'seconds':>8} {'MiB':>7} "
          f"{'time x':>7} {'mem x':>6}  target")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            plan = write_plan(Path(tmp) / f"plan{size}", size)
            mb = sum(p.stat().st_size for p in plan.glob("*.yaml")) / 1e6
            floor = measure([sys.executable, "-c", FLOOR, str(plan)], args.repeat)
            check = measure([*vaplan(), "check", str(plan), "--today", "2026-11-28"],
                            args.repeat)
            out = Path(tmp) / f"out{size}.docx"
            render = measure([*vaplan(), "render", str(plan), "-o", str(out), "--force",
                              "--today", "2026-11-28"], args.repeat)
            print(f"{size:>8} {mb:>6.1f} {'floor':<14} {floor[0]:>8.3f} {floor[1]:>7.1f}")
            t_ratio, m_ratio = check[0] / floor[0], check[1] / floor[1]
            goal = TARGETS.get(size)
            verdict = "-"
            if goal:
                ok = t_ratio <= goal[0] and (goal[1] is None or m_ratio <= goal[1])
                memory = f"memory <= {goal[1]}x" if goal[1] else "memory: no target"
                verdict = f"{'met' if ok else 'MISSED'} (time <= {goal[0]}x, {memory})"
                if not ok:
                    missed.append(f"check at {size}")
            print(f"{'':>8} {'':>6} {'vaplan check':<14} {check[0]:>8.3f} {check[1]:>7.1f} "
                  f"{t_ratio:>7.2f} {m_ratio:>6.2f}  {verdict}  (exit {check[2]})")
            r_ratio = render[0] / check[0]
            verdict = "-"
            if size == 1000:
                ok = r_ratio <= RENDER_TARGET and render[2] == 0
                verdict = f"{'met' if ok else 'MISSED'} (render <= {RENDER_TARGET}x check)"
                if not ok:
                    missed.append(f"render at {size}")
            print(f"{'':>8} {'':>6} {'vaplan render':<14} {render[0]:>8.3f} {render[1]:>7.1f} "
                  f"{r_ratio:>7.2f}{'':>7}  {verdict}  (exit {render[2]}; time x is vs check)")
    print("all targets met" if not missed else "targets missed: " + ", ".join(missed))
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
