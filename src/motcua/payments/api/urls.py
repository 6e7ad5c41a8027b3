from django.urls import path

from motcua.payments.api import views

urlpatterns = [
    path(
        "payments/callback/<str:provider>",
        views.CallbackView.as_view(),
        name="payment-callback",
    ),
]
