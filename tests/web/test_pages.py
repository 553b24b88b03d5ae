"""What the pages show and do, through the test client."""

from __future__ import annotations

from typing import Any

from egovpm.declarations.models import Application
from tests.declarations.fixtures import review_body
from tests.web.helpers import form_data


def test_list_shows_states_in_chinese_and_filters(people: dict, login_client: Any,
                                                  flow: Any) -> None:
    draft, submitted = flow.create(), flow.submitted(review_body(name="已提交的项目"))
    client = login_client(people["applicant_kewei"])
    page = client.get("/declarations/").content.decode()
    assert 'data-state="draft">草稿' in page and 'data-state="office_intake">联席办受理' in page
    only = client.get("/declarations/?state=office_intake").content.decode()
    assert f'data-application="{submitted.pk}"' in only
    assert f'data-application="{draft.pk}"' not in only


def test_todo_and_done_tabs(people: dict, login_client: Any, flow: Any) -> None:
    app = flow.submitted()
    office = login_client(people["office_clerk"])
    todo = office.get("/todo/").content.decode()
    assert f'data-application="{app.pk}"' in todo and 'data-action="office_accept"' in todo
    office.post(f"/review/{app.pk}/act/office_accept/",
                {"third_party": "third_party_a", "expert": "expert_wang"})
    assert f'data-application="{app.pk}"' not in office.get("/todo/").content.decode()
    done = office.get("/todo/?tab=done").content.decode()
    assert f'data-application="{app.pk}"' in done and "联席办受理" in done
    expert = login_client(people["expert_wang"]).get("/todo/").content.decode()
    assert "填写评估报告" in expert and "/review/assessments/" in expert


def test_a_refused_submission_shows_its_blocking_findings(people: dict, login_client: Any,
                                                          flow: Any) -> None:
    app = flow.accepted()
    for _round in (1, 2):
        flow.report(app, "expert", "fail")
        app.refresh_from_db()
        if _round == 1:
            app = flow.act(flow.act(app, "submit", "applicant_kewei"), "office_accept",
                           "office_clerk", assessors={"third_party": "third_party_a",
                                                      "expert": "expert_wang"})
    client = login_client(people["applicant_kewei"])
    response = client.post(f"/review/{app.pk}/act/submit/", follow=True)
    page = response.content.decode()
    assert 'data-testid="refusal"' in page and 'data-code="SUSPENDED_AFTER_FAILURES"' in page
    assert 'data-testid="suspended"' in page
    assert Application.objects.get(pk=app.pk).state == "returned"
    # The refusal is shown once, not again on the next visit.
    assert 'data-testid="refusal"' not in client.get(f"/declarations/{app.pk}/").content.decode()


def test_redeclaration_of_a_project(people: dict, login_client: Any, flow: Any) -> None:
    old = flow.act(flow.submitted(), "reject", "office_clerk", reason="不符合规划")
    client = login_client(people["applicant_kewei"])
    projects = client.get("/declarations/projects/").content.decode()
    assert f'data-project="{old.project_id}"' in projects
    form = client.get(f"/declarations/new/?project={old.project_id}&kind=upgrade")
    assert form.context["form"].initial["name"] == old.project.name
    response = client.post("/declarations/new/", form_data(review_body(),
                                                           project=str(old.project_id)))
    assert response.status_code == 302
    new = Application.objects.exclude(pk=old.pk).get()
    assert new.project_id == old.project_id
    other = flow.create(by="outsider")
    assert client.get(f"/declarations/new/?project={other.project_id}").status_code == 404


def test_withdraw_and_supervisor_return(people: dict, login_client: Any, flow: Any) -> None:
    app = flow.create()
    login_client(people["applicant_kewei"]).post(f"/review/{app.pk}/act/withdraw/")
    assert Application.objects.get(pk=app.pk).state == "withdrawn"
    sub = flow.in_state("supervisor_review")
    supervisor = login_client(people["supervisor_kewei"])
    queue = supervisor.get("/review/").content.decode()
    assert f'data-application="{sub.pk}"' in queue
    supervisor.post(f"/review/{sub.pk}/act/supervisor_return/", {"reason": "预算依据不足"})
    assert Application.objects.get(pk=sub.pk).state == "returned"


def test_office_queues(people: dict, login_client: Any, flow: Any) -> None:
    reserve = flow.in_state("reserve")
    accepted = flow.accepted(review_body(name="评估中的项目"))
    client = login_client(people["office_clerk"])
    pool = client.get("/review/?queue=reserve").content.decode()
    assert f'data-application="{reserve.pk}"' in pool and str(reserve.budget_year + 1) in pool
    running = client.get("/review/?queue=assessment").content.decode()
    assert f'data-application="{accepted.pk}"' in running
    assert running.count("data-assessment-kind=") == 2
