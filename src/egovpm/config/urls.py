from django.urls import include, path

from egovpm.api.api import api

urlpatterns = [
    path("", include("egovpm.selfcheck.urls")),
    path("accounts/", include("egovpm.accounts.urls")),
    path("audit/", include("egovpm.audit.urls")),
    path("declarations/", include("egovpm.declarations.urls")),
    path("review/", include("egovpm.review.urls")),
    path("todo/", include("egovpm.review.todo_urls")),
    path("calendar/", include("egovpm.calendars.urls")),
    path("meetings/", include("egovpm.meetings.urls")),
    path("lifecycle/", include("egovpm.lifecycle.urls")),
    path("api/v1/", api.urls),
]

# Chinese error pages (templates/403.html, 404.html, 500.html); JSON under /api/.
handler403 = "egovpm.config.security.permission_denied"
handler404 = "egovpm.config.security.page_not_found"
handler500 = "egovpm.config.security.server_error"
