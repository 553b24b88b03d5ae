"""The lifecycle's part of the one 待办 list (`egovpm.review.todo`), registered in
`LifecycleConfig.ready()`: each due clock or queue item becomes a review `TodoItem` on the
project's application, with its own title, link and due date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from egovpm.lifecycle.models import ChangeState
from egovpm.lifecycle.selectors import todo_for

# The office's queue item for a change request waiting for the joint meeting's agenda.
CHANGE_FOR_MEETING = "变更申请待上联席会议"


def _changes_on_live_agendas() -> set[int]:
    """Projects whose pending change is already on a draft / approved / open agenda: the
    office has put it there, so it no longer waits for the office."""
    from egovpm.meetings.models import AgendaItem, ItemKind
    from egovpm.meetings.services import LIVE_STATES

    return set(AgendaItem.objects.filter(
        kind=ItemKind.CHANGE, meeting__state__in=LIVE_STATES,
        change_request__state=ChangeState.PENDING,
    ).values_list("lifecycle_id", flat=True))


def lifecycle_todo(user: Any, today: dt.date) -> list[Any]:
    from egovpm.review.selectors import TodoItem

    items = [item for item in todo_for(user, today=today) if item.lifecycle is not None]
    if any(item.action == CHANGE_FOR_MEETING for item in items):
        busy = _changes_on_live_agendas()
        items = [item for item in items
                 if not (item.action == CHANGE_FOR_MEETING and item.lifecycle.pk in busy)]
    return [
        TodoItem(application=item.lifecycle.application, actions=[item.action],
                 since=item.lifecycle.updated_at, source="lifecycle", title=item.title,
                 link=item.link, overdue=item.overdue, due_date=item.due_date)
        for item in items
    ]
