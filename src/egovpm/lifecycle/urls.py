from django.urls import path

from egovpm.lifecycle import views

app_name = "lifecycle"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("overdue/", views.overdue, name="overdue"),
    path("todo/", views.todo, name="todo"),
    path("reports/quarterly.xlsx", views.quarterly_export, name="quarterly_export"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/actions/<str:action>/", views.project_action, name="action"),
]
