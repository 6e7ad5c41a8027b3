from django.urls import path

from motcua.reviews.api import views

urlpatterns = [
    path("reviews", views.ReviewListView.as_view(), name="review-list"),
    path("reviews/statistics", views.ReviewStatisticsView.as_view(), name="review-statistics"),
    path("reviews/export", views.ReviewExportView.as_view(), name="review-export"),
    path("reviews/<int:pk>", views.ReviewDetailView.as_view(), name="review-detail"),
    path("simplification-plans", views.PlanListView.as_view(), name="plan-list"),
    path(
        "simplification-plans/<int:pk>/approve",
        views.PlanApproveView.as_view(),
        name="plan-approve",
    ),
    path(
        "simplification-plans/<int:pk>/export", views.PlanExportView.as_view(), name="plan-export"
    ),
    path("draft-regulations", views.DraftListView.as_view(), name="draft-list"),
]
