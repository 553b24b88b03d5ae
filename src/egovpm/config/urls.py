from django.urls import include, path

urlpatterns = [
    path("", include("egovpm.selfcheck.urls")),
]
