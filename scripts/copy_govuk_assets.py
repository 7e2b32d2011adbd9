"""Copy GOV.UK Frontend's built files, and the report's font, from node_modules into static/ (not committed).

- GOV.UK Frontend into static/govuk. The stylesheet refers to its fonts and images as /assets/...;
  rewrite that to a relative path so the files work wherever STATIC_URL points.
- Arimo (@fontsource/arimo, SIL Open Font License), the Arial-metric font the report PDF and its
  charts are set in, into static/fonts/arimo: the WOFF files of the Latin subsets, regular and
  bold, upright and italic, with the licence. The PDF embeds them, so it looks the same on
  every machine and uses no system font.
"""

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"
TARGET = ROOT / "static" / "govuk"
FONT_SOURCE = ROOT / "node_modules" / "@fontsource" / "arimo"
FONT_TARGET = ROOT / "static" / "fonts" / "arimo"
FONT_FILES = [
    f"arimo-{subset}-{weight}-{style}.woff"
    for subset in ("latin", "latin-ext")
    for weight in (400, 700)
    for style in ("normal", "italic")
]


def copy_govuk() -> None:
    shutil.rmtree(TARGET, ignore_errors=True)
    TARGET.mkdir(parents=True)
    shutil.copytree(SOURCE / "assets", TARGET / "assets")
    for name in ("govuk-frontend.min.js", "govuk-frontend.min.js.map", "govuk-frontend.min.css.map"):
        shutil.copy2(SOURCE / name, TARGET / name)
    css = (SOURCE / "govuk-frontend.min.css").read_text(encoding="utf-8")
    (TARGET / "govuk-frontend.min.css").write_text(css.replace("url(/assets/", "url(assets/"), encoding="utf-8")
    print(f"GOV.UK Frontend copied to {TARGET.relative_to(ROOT)}")


def copy_fonts() -> None:
    shutil.rmtree(FONT_TARGET, ignore_errors=True)
    FONT_TARGET.mkdir(parents=True)
    for name in FONT_FILES:
        shutil.copy2(FONT_SOURCE / "files" / name, FONT_TARGET / name)
    shutil.copy2(FONT_SOURCE / "LICENSE", FONT_TARGET / "LICENSE")
    print(f"Arimo copied to {FONT_TARGET.relative_to(ROOT)}")


def main() -> int:
    for needed in (SOURCE, FONT_SOURCE):
        if not needed.is_dir():
            print(f"{needed} is missing: run 'npm ci' first", file=sys.stderr)
            return 1
    copy_govuk()
    copy_fonts()
    return 0


if __name__ == "__main__":
    sys.exit(main())
