"""`/todo/` (我的待办): mounted on its own prefix, served by the review views."""

from django.urls import path

from egovpm.review import views

app_name = "todo"
urlpatterns = [path("", views.todo, name="index")]
