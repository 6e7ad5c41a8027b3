from django.urls import path

from motcua.portal.api import views

urlpatterns = [
    path("track", views.TrackView.as_view(), name="track"),
]
