import datetime as dt

import pytest

from motcua.reviews import services
from tests.catalog.conftest import sample_subset  # noqa: F401 - a fixture
from tests.dossiers.conftest import CODE, published, user  # noqa: F401 - fixtures

REVIEWED_ON = dt.date(2023, 5, 10)


@pytest.fixture
def plan(published, stp):  # noqa: F811
    plan = services.create_plan(
        year=2023,
        number="45/KH-UBND",
        issued_on=dt.date(2023, 3, 15),
        title="Kế hoạch rà soát, đánh giá thủ tục hành chính năm 2023",
        deadline=dt.date(2023, 6, 15),
    )
    services.assign(plan, stp, procedure_code=CODE)
    return plan


@pytest.fixture
def stp(demo):
    from motcua.agencies.models import StaffRole

    return StaffRole.objects.get(user__username="stp.motcua").agency


@pytest.fixture
def file(plan, stp):
    """File a review of the 20-working-day procedure (10 dossiers a year, typed)."""

    def file_one(*recommendations, **values):
        return services.file_review(
            **{
                "procedure_code": CODE,
                "agency": stp,
                "plan": plan,
                "reviewed_on": REVIEWED_ON,
                "dossiers_per_year": 10,
                "recommendations": list(recommendations),
                "by": user("stp.chuyenvien"),
            }
            | values
        )

    return file_one


SHORTEN = {
    "kind": "shorten_time",
    "content": "Rút ngắn thời hạn giải quyết do không phát sinh hồ sơ phức tạp",
    "current_value": "20 ngày làm việc",
    "proposed_value": "15 ngày làm việc",
    "proposed_days": "15",
    "implementer": "UBND tỉnh",
}
