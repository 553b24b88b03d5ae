from django.apps import AppConfig


class SelfcheckConfig(AppConfig):
    name = "egovpm.selfcheck"
    default_auto_field = "django.db.models.BigAutoField"
