"""Shared pytest configuration: fixtures live in tests/conftest.py."""
