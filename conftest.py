"""Shared pytest configuration: fixtures live in tests/conftest.py; the browser fixtures in
tests/browser_fixtures.py and the second factor of force_login in tests/second_factor.py, plugins
so that any test folder can use them."""

import os

import pytest

pytest_plugins = ["tests.browser_fixtures", "tests.second_factor"]


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config):
    """``-n auto`` (pyproject.toml's addopts) in one process when only named tests (``file::test``)
    are asked for: starting a worker per core (imports, migrations) would cost more than it saves."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # pytest-xdist's own hook reads it
    if config.args and all("::" in arg for arg in config.args):
        return 0
    return None
