from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "egovpm.meetings"
    verbose_name = _("联席会议")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from egovpm.meetings.todo_provider import meetings_todo
        from egovpm.review.todo import register_todo_provider

        register_todo_provider(meetings_todo)
