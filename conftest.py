"""Shared pytest configuration: fixtures live in tests/conftest.py; the browser fixtures in
tests/browser_fixtures.py, a plugin so that any test folder can use them."""

pytest_plugins = ["tests.browser_fixtures"]
