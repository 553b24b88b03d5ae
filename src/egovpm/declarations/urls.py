from django.urls import path

from egovpm.declarations import views

app_name = "declarations"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("new/", views.application_new, name="new"),
    path("preview/", views.application_preview, name="preview"),
    path("projects/", views.project_list, name="projects"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/edit/", views.application_edit, name="edit"),
    path("<int:pk>/preview/", views.application_preview, name="preview_saved"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
