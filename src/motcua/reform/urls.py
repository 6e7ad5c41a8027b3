from django.urls import path

from motcua.reform import views

app_name = "reform"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("xuat-excel/", views.export, name="export"),
    path("nhap-excel/", views.import_tasks, name="import"),
    path("ke-hoach-don-vi/", views.unit_plans, name="unit-plans"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task"),
]
