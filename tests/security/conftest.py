from tests.browser.conftest import (  # noqa: F401 — shared browser fixtures
    browser,
    page,
    playwright_instance,
    screenshot,
)
