from django.urls import path

from egovpm.selfcheck import views

app_name = "selfcheck"
urlpatterns = [
    path("", views.index, name="index"),
]
