from django.urls import path

from motcua.dossiers.api import views

urlpatterns = [
    path("dossiers", views.DossierListView.as_view(), name="dossier-list"),
    path("dossiers/<str:code>", views.DossierDetailView.as_view(), name="dossier-detail"),
    path("dossiers/<str:code>/actions", views.DossierActionView.as_view(), name="dossier-actions"),
    path(
        "dossiers/<str:code>/slips/<str:kind>", views.DossierSlipView.as_view(), name="dossier-slip"
    ),
    path("dossiers/<str:code>/scans", views.DossierScanView.as_view(), name="dossier-scans"),
    path("results/verify", views.ResultVerifyView.as_view(), name="result-verify"),
    path(
        "dossiers/<str:code>/scans/<int:pk>",
        views.DossierScanFileView.as_view(),
        name="dossier-scan-file",
    ),
]
