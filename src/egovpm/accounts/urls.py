from django.urls import path

from egovpm.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("users/", views.users, name="users"),
    path("users/<int:pk>/active/", views.user_active, name="user_active"),
    path("units/", views.units, name="units"),
    path("security/", views.security, name="security"),
    path("security/unlock/", views.unlock, name="unlock"),
]
