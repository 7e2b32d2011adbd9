"""Shared pytest configuration: fixtures live in tests/conftest.py; the browser fixtures in
tests/browser_fixtures.py and the second factor of force_login in tests/second_factor.py, plugins
so that any test folder can use them."""

pytest_plugins = ["tests.browser_fixtures", "tests.second_factor"]
