from django.urls import path

from motcua.agencies.api.views import AgencyDetailView, AgencyListView

urlpatterns = [
    path("agencies", AgencyListView.as_view(), name="agency-list"),
    path("agencies/<str:code>", AgencyDetailView.as_view(), name="agency-detail"),
]
