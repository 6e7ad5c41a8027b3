from django.urls import path

from motcua.dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("tiep-nhan/", views.receive, name="receive"),
    path("so-theo-doi/", views.tracking_book, name="book"),
    path("ho-so/<str:code>/", views.detail, name="detail"),
    path("ho-so/<str:code>/phieu/<str:kind>/", views.slip, name="slip"),
    path("ho-so/<str:code>/so-hoa/", views.digitize, name="digitize"),
    path("ho-so/<str:code>/ban-so-hoa/<int:pk>/", views.scan_file, name="scan"),
    path(
        "ho-so/<str:code>/ban-so-hoa/<int:pk>/tim-kiem/",
        views.searchable_file,
        name="searchable",
    ),
    path("ho-so/<str:code>/ban-so-hoa/<int:pk>/xac-nhan/", views.confirm_read, name="confirm-read"),
    path("ho-so/<str:code>/kho-du-lieu/", views.reuse_stored, name="reuse-stored"),
    path("ho-so/<str:code>/thu-hoi-ket-qua/", views.revoke_result, name="revoke-result"),
    path("van-ban/", views.texts, name="texts"),
]
