from django.urls import path

from motcua.reports import views

app_name = "reports"
urlpatterns = [
    path("bao-cao/", views.dashboard, name="dashboard"),
    path("bao-cao/ho-so/", views.behind, name="behind"),
    path("thong-ke/", views.public, name="public"),
    path("thong-ke/xlsx/", views.public_xlsx, name="public-xlsx"),
]
