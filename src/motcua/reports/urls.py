from django.urls import path

from motcua.reports import views

app_name = "reports"
urlpatterns = [
    path("bao-cao/", views.dashboard, name="dashboard"),
    path("thong-ke/", views.public, name="public"),
    path("thong-ke/xlsx/", views.public_xlsx, name="public-xlsx"),
]
