from django.urls import path

from motcua.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("tinh-han/", views.due_date, name="due-date"),
    path("co-quan/", views.agency_directory, name="agencies"),
    path("thu-tuc/", views.procedures, name="procedures"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="procedure"),
    path("tra-cuu/", views.track, name="track"),
    path("kiem-tra-ket-qua/", views.verify, name="verify"),
    path("thu-tuc/<str:code>/nop-truc-tuyen/", views.start_submission, name="start"),
    path("nop-ho-so/<int:pk>/", views.draft, name="draft"),
    path("ho-so/", views.mine, name="mine"),
    path("kho-du-lieu/", views.data_store, name="data-store"),
    path("danh-gia-co-quan/", views.evaluations, name="evaluations"),
    path("phan-anh/", views.feedback_new, name="feedback-new"),
    path("phan-anh/xu-ly/", views.feedback_inbox, name="feedback-inbox"),
    path("phan-anh/xu-ly/<int:pk>/", views.feedback_answer, name="feedback-answer"),
    path("phan-anh/<str:token>/", views.feedback_status, name="feedback"),
    path("ho-so/<str:code>/", views.my_dossier, name="dossier"),
    path("ho-so/<str:code>/tep/<int:pk>/", views.my_file, name="file"),
    path("ho-so/<str:code>/danh-gia/", views.rate, name="rate"),
    path("ho-so/<str:code>/bo-sung/", views.supplement, name="supplement"),
    path("ho-so/<str:code>/dung/", views.request_stop, name="stop"),
    path("ho-so/<str:code>/phieu/<str:kind>/", views.my_slip, name="slip"),
]
