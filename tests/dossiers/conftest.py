import datetime as dt
import zoneinfo

import pytest
from django.contrib.auth import get_user_model

from motcua.agencies.models import StaffRole
from motcua.catalog import services as catalog
from motcua.catalog.models import DecisionItem
from motcua.dossiers import services
from tests.catalog.conftest import sample_subset  # noqa: F401 - a fixture

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
CODE = "1.012781"  # 20 working days in person, 10 online (the sample's record)


def moment(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VN)


def user(login: str):
    return get_user_model().objects.get(username=login)


@pytest.fixture
def published(sample_subset, demo):  # noqa: F811
    decision = catalog.create_decision("100/QĐ-UBND")
    catalog.add_item(decision, DecisionItem.Action.NEW, CODE)
    return catalog.sign_decision(decision, signed_on=dt.date(2023, 3, 1))


@pytest.fixture
def stp(demo):
    return StaffRole.objects.get(user__username="stp.motcua").agency


@pytest.fixture
def receive(published, stp):
    def receive_one(at=None, outcome=None, channel="direct", **applicant):
        return services.receive(
            procedure_code=CODE,
            deciding_agency=stp,
            receiving_agency=stp,
            channel=channel,
            applicant=services.Applicant(
                **{"name": "Nguyễn Văn An", "id_number": "006090001234", "phone": "0912345678"}
                | applicant
            ),
            documents=[services.Handed(name="Đơn đăng ký", originals=1)],
            outcome=outcome,
            user=user("stp.motcua"),
            at=at or moment(2023, 3, 6, 9, 0),
        )

    return receive_one
