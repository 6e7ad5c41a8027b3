"""Test data with factory-boy: accounts (citizens, officers with their role), feedback. A test
names only what it is about; the rest is a plausible default."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from motcua.agencies.models import Role, StaffRole
from motcua.quality.models import Feedback

PASSWORD = "x-Long-pass-1"


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"citizen{n}@example.vn")
    email = factory.LazyAttribute(lambda u: u.username if "@" in u.username else "")
    kind = "citizen"
    full_name = "Nguyễn Văn An"
    password = factory.django.Password(PASSWORD)


class OfficerFactory(CitizenFactory):
    """An officer's account; ``officer()`` gives it a role in an agency."""

    username = factory.Sequence(lambda n: f"officer{n}")
    email = ""
    kind = "officer"
    full_name = "Trần Thị Bình"


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    token = factory.Sequence(lambda n: f"{n:032d}")
    kind = "feedback"
    title = "Phản ánh về thời gian giải quyết"
    content = "Hồ sơ đã quá hẹn mà chưa có kết quả."
    name = "Trần Thị Bình"
    phone = "0912000111"
    received_at = factory.LazyFunction(timezone.now)
    due_at = factory.LazyAttribute(lambda f: f.received_at + dt.timedelta(days=14))


def officer(agency, role: str = Role.ONE_STOP_OFFICER, **fields):
    """An officer and their role in ``agency``."""
    user = OfficerFactory(**fields)
    StaffRole.objects.create(user=user, agency=agency, role=role)
    return user
