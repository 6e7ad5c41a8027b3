from django.urls import path

from motcua.reports.api import views

urlpatterns = [
    path("statistics/dossiers", views.DossierStatisticsView.as_view(), name="statistics-dossiers"),
    path("reports/reform", views.ReformReportView.as_view(), name="reports-reform"),
]
