from django.urls import path

from motcua.reports.api import views

urlpatterns = [
    path("statistics/dossiers", views.DossierStatisticsView.as_view(), name="statistics-dossiers"),
    path("statistics/dossiers/behind", views.DrillDownView.as_view(), name="statistics-behind"),
    path("indicators", views.IndicatorsView.as_view(), name="indicators"),
    path("reports/reform", views.ReformReportView.as_view(), name="reports-reform"),
]
