from django.apps import AppConfig


class DeclarationsConfig(AppConfig):
    name = "egovpm.declarations"
    default_auto_field = "django.db.models.BigAutoField"
