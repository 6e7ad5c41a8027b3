from django.urls import path

from motcua.payments import views

app_name = "payments"
urlpatterns = [
    path("ho-so/<str:code>/", views.pay, name="pay"),
    path("ket-qua/", views.returned, name="returned"),
    path("bien-lai/<str:reference>/", views.receipt, name="receipt"),
    path("quay/<str:code>/", views.counter, name="counter"),
    path("doi-soat/", views.reconciliation, name="reconciliation"),
    path("cong-thu-nghiem/", views.sandbox, name="sandbox"),
]
