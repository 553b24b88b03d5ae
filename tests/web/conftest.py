"""Fixtures for the web pages: the declarations/review personas and flows, and the shared
browser fixtures (Debian's Chromium through Playwright) for the journeys."""

from tests.browser.conftest import (  # noqa: F401 — shared browser fixtures
    browser,
    page,
    playwright_instance,
    screenshot,
)
from tests.declarations.fixtures import *  # noqa: F403
