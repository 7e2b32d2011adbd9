"""The lock files pin every Python package pyproject.toml asks for, with hashes, and the
environment the tests run in holds exactly those versions (scripts/install.sh installs them)."""

import re
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ENTRY = re.compile(
    r"^([A-Za-z0-9][\w.-]*)==(\S+)(?: ; (.*?))?(?: \\)?\n((?:    --hash=sha256:[0-9a-f]{64}.*\n)+)", re.M
)


def locked(name: str) -> dict[str, tuple[str, str | None, int]]:
    """{package: (version, marker, number of hashes)} of requirements/NAME.txt."""
    text = (ROOT / "requirements" / f"{name}.txt").read_text(encoding="utf-8")
    entries = {canonicalize_name(m[1]): (m[2], m[3], m[4].count("--hash=")) for m in ENTRY.finditer(text)}
    pinned_lines = re.findall(r"^[A-Za-z0-9][\w.-]*==", text, re.M)
    assert len(entries) == len(pinned_lines), "every pinned package must carry its hashes"
    return entries


def wanted(*groups: str) -> list[Requirement]:
    names = [*PYPROJECT["project"]["dependencies"]]
    for group in groups:
        names += PYPROJECT["dependency-groups"][group]
    return [Requirement(name) for name in names]


@pytest.mark.parametrize(("lock", "groups"), [("dev", ("dev", "build")), ("production", ("build",))])
def test_every_requirement_of_pyproject_is_locked_at_an_allowed_version(lock, groups):
    entries = locked(lock)
    for requirement in wanted(*groups):
        name = canonicalize_name(requirement.name)
        assert name in entries, f"{name} is not in requirements/{lock}.txt: run 'make lock'"
        assert requirement.specifier.contains(entries[name][0]), f"{name}: run 'make lock'"
        for extra in requirement.extras:  # psycopg[binary]
            assert canonicalize_name(f"{name}-{extra}") in entries


def test_the_production_lock_has_the_dev_locks_versions_without_the_dev_tools():
    dev, production = locked("dev"), locked("production")
    assert {name: entry[0] for name, entry in production.items()} == {name: dev[name][0] for name in production}
    # pandas is a production dependency since statsmodels (programme analysis) needs it.
    assert not {"pytest", "playwright", "ruff", "uv", "locust"} & production.keys()


def test_the_build_backend_of_pyproject_is_in_the_locked_build_group():
    build_system = {Requirement(r).name for r in PYPROJECT["build-system"]["requires"]}
    assert build_system <= {Requirement(r).name for r in PYPROJECT["dependency-groups"]["build"]}


def test_the_installed_packages_are_exactly_the_locked_versions():
    environment = default_environment()
    drifted = {}
    for name, (pinned, marker, _) in locked("dev").items():
        if marker and not Requirement(f"x; {marker}").marker.evaluate(environment):
            continue
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = None
        if installed != pinned:
            drifted[name] = (pinned, installed)
    assert not drifted, f"installed packages differ from requirements/dev.txt (run scripts/install.sh): {drifted}"
