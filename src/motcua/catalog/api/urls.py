from django.urls import path

from motcua.catalog.api import views

urlpatterns = [
    path("procedures", views.ProcedureListView.as_view(), name="procedure-list"),
    path("procedures/<str:code>", views.ProcedureDetailView.as_view(), name="procedure-detail"),
    path(
        "procedures/<str:code>/processes",
        views.ProcedureProcessesView.as_view(),
        name="procedure-processes",
    ),
    path("fields", views.FieldListView.as_view(), name="field-list"),
    path("decisions", views.DecisionListView.as_view(), name="decision-list"),
    path("decisions/import", views.DecisionImportView.as_view(), name="decision-import"),
    path(
        "decisions/import-document",
        views.DecisionDocumentImportView.as_view(),
        name="decision-import-document",
    ),
    path("decisions/<int:pk>/annex", views.DecisionAnnexView.as_view(), name="decision-annex"),
    path(
        "decisions/<int:pk>/document",
        views.DecisionDocumentView.as_view(),
        name="decision-document",
    ),
    path(
        "decisions/<int:pk>/rows/<int:order>",
        views.DecisionRowView.as_view(),
        name="decision-row",
    ),
    path("decisions/<int:pk>", views.DecisionDetailView.as_view(), name="decision-detail"),
    path("decisions/<int:pk>/items", views.DecisionItemsView.as_view(), name="decision-items"),
    path("decisions/<int:pk>/sign", views.DecisionSignView.as_view(), name="decision-sign"),
    path("catalog/export", views.CatalogExportView.as_view(), name="catalog-export"),
    path("catalog/statistics", views.CatalogStatisticsView.as_view(), name="catalog-statistics"),
]
