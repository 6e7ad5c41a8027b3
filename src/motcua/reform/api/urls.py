from django.urls import path

from motcua.reform.api import views

urlpatterns = [
    path("reform/progress", views.ProgressView.as_view(), name="reform-progress"),
    path("reform/tasks", views.TaskListView.as_view(), name="reform-tasks"),
    path("reform/tasks/<int:pk>/reports", views.ReportView.as_view(), name="reform-report"),
    path("reform/plans/<int:pk>/import", views.ImportView.as_view(), name="reform-import"),
]
