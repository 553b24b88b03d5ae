from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "egovpm.accounts"
    verbose_name = "账号与单位"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from egovpm.accounts import signals

        user_logged_in.connect(signals.on_logged_in, dispatch_uid="accounts_audit_login")
        user_logged_out.connect(signals.on_logged_out, dispatch_uid="accounts_audit_logout")
