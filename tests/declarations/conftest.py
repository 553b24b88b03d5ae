"""Fixtures shared with the other declarations/review/API tests."""

from tests.declarations.fixtures import *  # noqa: F403
