"""Run every benchmark in bench/ one after another and keep what each printed in bench/out/.

    .venv/bin/python bench/run_all.py [name ...]     # e.g. scoring report

Each script runs in its own process (each builds and drops its own throwaway database), so one
does not warm the caches of the next. Set DATABASE_URL to a PostgreSQL server to measure there.
"""

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SCRIPTS = ["scoring", "criterion_save", "pages", "report", "agreement", "load"]


def main(names: list[str]) -> int:
    unknown = sorted(set(names) - set(SCRIPTS))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(SCRIPTS)}", file=sys.stderr)
        return 2
    out = BENCH / "out"
    out.mkdir(exist_ok=True)
    failed = []
    for name in names or SCRIPTS:
        print(f"== bench/{name}.py", flush=True)
        with (out / f"{name}.txt").open("w") as log:
            process = subprocess.Popen(  # noqa: S603 - our own scripts, names checked above
                [sys.executable, str(BENCH / f"{name}.py")],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for line in process.stdout:
                sys.stdout.write(line)
                log.write(line)
            if process.wait():
                failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
