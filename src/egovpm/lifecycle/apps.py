from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifecycleConfig(AppConfig):
    name = "egovpm.lifecycle"
    verbose_name = _("项目实施管理")

    def ready(self) -> None:
        from egovpm.lifecycle import receivers
        from egovpm.lifecycle.todo_provider import lifecycle_todo
        from egovpm.review.todo import register_todo_provider

        receivers.connect()
        register_todo_provider(lifecycle_todo)
