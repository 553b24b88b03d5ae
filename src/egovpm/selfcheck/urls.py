from django.urls import path

from egovpm.selfcheck import views

app_name = "selfcheck"
urlpatterns = [
    path("", views.index, name="index"),
    path("selfcheck/", views.index, name="selfcheck"),
    path("selfcheck/evaluate", views.evaluate_application, name="evaluate"),
    path("policy/articles/", views.article, name="article"),
]
