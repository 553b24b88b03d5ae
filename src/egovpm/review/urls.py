from django.urls import path

from egovpm.review import views

app_name = "review"
urlpatterns = [
    path("", views.review_index, name="index"),
    path("<int:pk>/act/<str:action>/", views.application_act, name="act"),
    path("assessments/", views.my_assessments, name="assessments"),
    path("assessments/<int:pk>/report/", views.assessment_report_view, name="report"),
]
