"""Summarise the last ``mutmut run`` per module into ``benchmarks/mutation.md``.

    python3 noxfile.py -s mutation    # runs mutmut, then this script

The score is the share of mutants the tests kill (a timeout counts as killed:
the mutant made the code hang, and the tests noticed).
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "benchmarks" / "mutation.md"
KILLED = {"killed", "timeout"}


def main() -> None:
    listing = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    per_module: dict[str, Counter[str]] = defaultdict(Counter)
    for line in listing.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if not sep or "__mutmut_" not in name:
            continue
        module = name.split(".x_")[0].split(".xǁ")[0]  # functions are x_<name>, methods xǁ<class>
        per_module[module][status.strip()] += 1
    if not per_module:
        sys.exit("no mutmut results found: run `mutmut run` first")

    rows = ["| module | mutants | killed | survived | other | score |", "|---|---|---|---|---|---|"]
    total = Counter[str]()
    for module, counts in sorted(per_module.items()):
        total.update(counts)
        rows.append(row(module, counts))
    rows.append(row("**all**", total))
    text = (
        "# Mutation score of `aimath`\n\n"
        "Written by `benchmarks/mutation_report.py` after `python3 noxfile.py -s mutation`\n"
        "(mutmut; figures in `aimath.plotting` are not mutated). Killed includes timeouts.\n\n"
        + "\n".join(rows)
        + "\n"
    )
    REPORT.write_text(text)
    print(text)


def row(module: str, counts: Counter[str]) -> str:
    mutants = sum(counts.values())
    killed = sum(counts[s] for s in KILLED)
    other = mutants - killed - counts["survived"]
    score = 100.0 * killed / mutants if mutants else 0.0
    return f"| {module} | {mutants} | {killed} | {counts['survived']} | {other} | {score:.1f} % |"


if __name__ == "__main__":
    main()
