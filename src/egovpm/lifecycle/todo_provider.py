"""The lifecycle's part of the one 待办 list (`egovpm.review.todo`), registered in
`LifecycleConfig.ready()`: each due clock or queue item becomes a review `TodoItem` on the
project's application, with its own title, link and due date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from egovpm.lifecycle.selectors import todo_for


def lifecycle_todo(user: Any, today: dt.date) -> list[Any]:
    from egovpm.review.selectors import TodoItem

    items = []
    for item in todo_for(user, today=today):
        if item.lifecycle is None:
            continue
        items.append(TodoItem(
            application=item.lifecycle.application, actions=[item.action],
            since=item.lifecycle.updated_at, source="lifecycle", title=item.title,
            link=item.link, overdue=item.overdue, due_date=item.due_date))
    return items
