"""`GET /api/v1/todo`: 待办 and 已办 of the caller."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from egovpm.api.auth import api_user
from egovpm.api.schemas import TodoOut
from egovpm.review.selectors import done_by, todo_for

router = Router(tags=["待办"])


@router.get("/todo", response=TodoOut)
def todo(request: HttpRequest):
    """待办(等我处理的)与已办(我处理过的)。"""
    user = api_user(request)
    return {
        "todo": [
            # A provided item may be about no application (e.g. a meeting's agenda to approve).
            {"application_id": t.application.pk if t.application else None,
             "name": t.application.name if t.application else t.title,
             "unit": t.application.unit.name if t.application else "",
             "state": t.application.state if t.application else "",
             "actions": t.actions, "since": t.since,
             "assessment_id": t.assessment.pk if t.assessment else None,
             "source": t.source, "title": t.title, "link": t.link, "overdue": t.overdue,
             "due_date": t.due_date}
            for t in todo_for(user)
        ],
        "done": [
            {"application_id": d.application.pk, "name": d.application.name,
             "state": d.application.state, "last_action": d.last_action, "at": d.at}
            for d in done_by(user)
        ],
    }
