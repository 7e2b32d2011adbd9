"""Copy GOV.UK Frontend's built files from node_modules into static/govuk (not committed).

The stylesheet refers to its fonts and images as /assets/...; rewrite that to a relative path
so the files work wherever STATIC_URL points.
"""

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"
TARGET = ROOT / "static" / "govuk"


def main() -> int:
    if not SOURCE.is_dir():
        print(f"{SOURCE} is missing: run 'npm ci' first", file=sys.stderr)
        return 1
    shutil.rmtree(TARGET, ignore_errors=True)
    TARGET.mkdir(parents=True)
    shutil.copytree(SOURCE / "assets", TARGET / "assets")
    for name in ("govuk-frontend.min.js", "govuk-frontend.min.js.map", "govuk-frontend.min.css.map"):
        shutil.copy2(SOURCE / name, TARGET / name)
    css = (SOURCE / "govuk-frontend.min.css").read_text(encoding="utf-8")
    (TARGET / "govuk-frontend.min.css").write_text(css.replace("url(/assets/", "url(assets/"), encoding="utf-8")
    print(f"GOV.UK Frontend copied to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
