"""Shared fixtures: named personas (see tests/factories.py) and two pieces of test plumbing.

Every persona fixture uses the `db` fixture; use it in a test by name:

    def test_submit(applicant_kewei, office_clerk): ...

`personas` maps every role to one persona, for permission matrices.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.db import connection
from django.test import Client, override_settings

from egovpm.accounts.models import Role, Unit, User
from tests import factories


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> Iterator[None]:
    # The production hasher (PBKDF2, 10^6 rounds) would cost ~0.2 s per persona.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _empty_audit_table_after_transactional_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """Before Django's flush after a transactional test, empty the append-only audit table.

    On SQLite the flush deletes row by row, which the audit triggers refuse (PostgreSQL's flush
    truncates, which row triggers do not see).
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")  # so our teardown runs before its flush
    yield
    if connection.vendor == "sqlite":
        from egovpm.audit import guards

        blocker = request.getfixturevalue("django_db_blocker")
        with blocker.unblock():
            guards.purge_for_tests(connection)


@pytest.fixture
def units(db: None) -> dict[str, Unit]:
    return factories.make_units()


def _persona_fixture(name: str) -> Callable[..., User]:
    @pytest.fixture(name=name)
    def fixture(db: None) -> User:
        return factories.make_persona(name)

    fixture.__doc__ = f"The persona {name!r}: {factories.PERSONAS[name]}"
    return fixture


for _name in factories.PERSONAS:
    globals()[f"persona_{_name}"] = _persona_fixture(_name)


@pytest.fixture
def personas(db: None) -> dict[str, User]:
    """One persona per role (role value → user), for permission matrices."""
    chosen: dict[str, User] = {}
    for name, (role, _unit, _display) in factories.PERSONAS.items():
        if role not in chosen and name != "outsider":
            chosen[role] = factories.make_persona(name)
    assert set(chosen) == set(Role.values)
    return chosen


@pytest.fixture
def login_client() -> Callable[[User], Client]:
    """`login_client(user)` → a test client with `user` logged in."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
