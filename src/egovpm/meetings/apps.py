from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "egovpm.meetings"
    verbose_name = _("联席会议")
    default_auto_field = "django.db.models.BigAutoField"
