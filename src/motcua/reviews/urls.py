from django.urls import path

from motcua.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.index, name="index"),
    path("xuat-excel/", views.export, name="export"),
    path("ke-hoach/moi/", views.review_plan_new, name="review-plan-new"),
    path("ke-hoach/<int:pk>/", views.review_plan, name="review-plan"),
    path("danh-gia/moi/", views.review_new, name="review-new"),
    path("danh-gia/<int:pk>/", views.review_detail, name="review"),
    path("phuong-an/", views.plans, name="plans"),
    path("phuong-an/<int:pk>/", views.plan_detail, name="plan"),
    path("phuong-an/<int:pk>/excel/", views.plan_export, name="plan-export"),
    path("du-thao/", views.drafts, name="drafts"),
    path("du-thao/<int:pk>/", views.draft_detail, name="draft"),
]
