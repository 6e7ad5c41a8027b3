import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from motcua.agencies.models import Agency
from motcua.reform import services
from motcua.reform.models import Area


def user(login: str):
    return get_user_model().objects.get(username=login)


def agency_of(login: str) -> Agency:
    return Agency.objects.get(staff_roles__user__username=login, staff_roles__role="specialist")


@pytest.fixture
def plan(demo):
    return services.create_plan(
        number="99/KH-UBND", issued_on=dt.date(2024, 1, 10), title="Kế hoạch CCHC năm 2024"
    )


@pytest.fixture
def task(plan):
    justice, planning = agency_of("stp.chuyenvien"), agency_of("skhdt.chuyenvien")
    (made,) = services.add_tasks(
        plan,
        [
            {
                "number": "1",
                "title": "Rà soát, hệ thống hóa văn bản quy phạm pháp luật",
                "area": Area.INSTITUTIONS,
                "lead": justice,
                "coordinators": [planning],
                "timing_text": "Quý II",
                "expected_output": "Báo cáo kết quả rà soát",
            }
        ],
    )
    return made
