"""Print the installed packages that a lock file does not name (for scripts/install.sh to remove).

Run with the virtual environment's Python: `.venv/bin/python scripts/unlocked_packages.py LOCK`.
pip itself and this project are kept.
"""

import re
import sys
from importlib.metadata import distributions


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def main(lock: str) -> int:
    with open(lock, encoding="utf-8") as file:
        locked = {normalise(m[1]) for m in re.finditer(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==", file.read(), re.MULTILINE)}
    installed = {normalise(dist.metadata["Name"]) for dist in distributions()}
    print(" ".join(sorted(installed - locked - {"pip", "case-assessment"})))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
