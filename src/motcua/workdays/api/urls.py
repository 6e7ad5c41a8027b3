from django.urls import path

from motcua.workdays.api.views import DaysView, DueView

urlpatterns = [
    path("calendar/due", DueView.as_view(), name="calendar-due"),
    path("calendar/days", DaysView.as_view(), name="calendar-days"),
]
