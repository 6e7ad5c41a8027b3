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
    path(
        "simplification-plans/<int:pk>/recommendations",
        views.PlanRecommendationsView.as_view(),
        name="plan-recommendations",
    ),
    path("recommendations/<int:pk>/revisions", views.RevisionView.as_view(), name="revision"),
    path("recommendations/<int:pk>/outcome", views.OutcomeView.as_view(), name="outcome"),
    path("review-plans", views.ReviewPlanListView.as_view(), name="review-plan-list"),
    path(
        "review-plans/<int:pk>/assignments",
        views.AssignmentsView.as_view(),
        name="review-plan-assignments",
    ),
    path("draft-regulations", views.DraftListView.as_view(), name="draft-list"),
    path(
        "draft-regulations/<int:pk>/procedures",
        views.DraftProceduresView.as_view(),
        name="draft-procedures",
    ),
    path("draft-regulations/<int:pk>/opinion", views.OpinionView.as_view(), name="draft-opinion"),
]
