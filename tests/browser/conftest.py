"""Shared fixtures for browser tests: Debian's Chromium driven by Playwright (no browser download).

Use them with pytest-django's `live_server`:

    @pytest.mark.browser
    def test_something(page, live_server):
        page.goto(live_server.url + "/")

`browser` is one headless Chromium for the whole session; `page` is a fresh context (cookies,
storage) per test, so tests never see each other's sessions. `screenshot` saves a PNG under
/tmp for a human to look at (never committed).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

# Playwright's sync API runs an event loop in the test thread; Django's ORM then refuses to run
# there ("You cannot call this from an async context") although nothing is concurrent.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("EGOVPM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--no-proxy-server",  # the live server is local; never route it through a proxy
]
SCREENSHOT_DIR = Path(os.environ.get("EGOVPM_SCREENSHOT_DIR", "/tmp/egovpm-screenshots"))


class _Shared:
    """One Playwright driver and one Chromium for the whole run.

    Other test packages import these fixtures into their own conftest; pytest then holds one
    session fixture per import, and a second `sync_playwright()` inside the first one's event
    loop fails. So every copy shares this state, and the last one to finish closes it.
    """

    users = 0
    playwright: Playwright | None = None
    browser: Browser | None = None


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    if shutil.which(CHROMIUM) is None:
        # A missing browser is a broken test machine, not a reason to skip (`make system-deps`).
        pytest.fail(f"Chromium not found at {CHROMIUM}; run `make system-deps`", pytrace=False)
    if _Shared.playwright is None:
        _Shared.playwright = sync_playwright().start()
    _Shared.users += 1
    yield _Shared.playwright
    _Shared.users -= 1
    if _Shared.users == 0:
        if _Shared.browser is not None:
            _Shared.browser.close()
            _Shared.browser = None
        _Shared.playwright.stop()
        _Shared.playwright = None


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Browser:
    if _Shared.browser is None:
        _Shared.browser = playwright_instance.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
    return _Shared.browser


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1400, "height": 1000}
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def screenshot(page: Page, request: pytest.FixtureRequest) -> Callable[..., Path]:
    """`screenshot("name")` writes /tmp/egovpm-screenshots/<test>-<name>.png; returns the path."""

    def take(name: str, *, full_page: bool = True) -> Path:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOT_DIR / f"{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


def act_as(page: Page, live_server: Any, user: Any) -> None:
    """Log ``user`` in on ``page`` (and no one else): a test client's session cookie, copied."""
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": live_server.url}])
