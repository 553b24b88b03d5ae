from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "egovpm.calendars"
    default_auto_field = "django.db.models.BigAutoField"
