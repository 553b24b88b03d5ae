from django.urls import path

from egovpm.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/agenda/", views.meeting_agenda, name="agenda"),
    path("<int:pk>/actions/<str:action>/", views.meeting_action, name="action"),
    path("<int:pk>/attendance/", views.meeting_attendance, name="attendance"),
    path("<int:pk>/leave/", views.meeting_leave, name="leave"),
    path("<int:pk>/decisions/", views.meeting_decision, name="decision"),
    path("<int:pk>/lifecycle-decisions/", views.meeting_lifecycle_decision,
         name="lifecycle_decision"),
    path("<int:pk>/reconsideration-decisions/", views.meeting_reconsideration_decision,
         name="reconsideration_decision"),
    path("<int:pk>/opinions/", views.meeting_opinion, name="opinion"),
    path("<int:pk>/minutes.docx", views.minutes_word, name="minutes_docx"),
    path("<int:pk>/minutes.pdf", views.minutes_as_pdf, name="minutes_pdf"),
    path("plan/<int:year>/", views.plan_page, name="plan"),
    path("plan/<int:year>.xlsx", views.plan_xlsx, name="plan_xlsx"),
    path("notifications/", views.notification_list, name="notifications"),
    path("reconsiderations/", views.reconsideration_list, name="reconsiderations"),
]
