"""One 待办 list across modules: other apps register a provider here (in their
`AppConfig.ready()`), so review never imports them.

A provider is `fn(user, today) -> list[TodoItem]` returning review's `TodoItem`s (with
`source`, `title`, `link`, and `overdue`/`due_date` where a clock runs); `todo_for` appends them
after the applications waiting for the person.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

TodoProvider = Callable[[Any, datetime.date], list[Any]]
_PROVIDERS: list[TodoProvider] = []


def register_todo_provider(provider: TodoProvider) -> None:
    """Add a provider once (registering the same function again changes nothing)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def provided_todo_for(user: Any, *, today: datetime.date) -> list[Any]:
    """Every registered provider's items for the person: overdue first, then by due date."""
    items: list[Any] = []
    for provider in _PROVIDERS:
        items.extend(provider(user, today))
    return sorted(items, key=lambda i: (not i.overdue, i.due_date or datetime.date.max))
