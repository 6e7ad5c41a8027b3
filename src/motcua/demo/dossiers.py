"""Demo dossiers: the first half of 2023 at the desks the demo staff work at, every one made and
moved through the one-stop shop's service layer by the demo accounts, so the journal, the slips and
the queues are real. What is still open on 30 June 2023 is left as it stood that day."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure, ProcedureVersion, TimeLimit
from motcua.catalog.selectors import province_version, versions_in_force
from motcua.dossiers import notifications, services
from motcua.dossiers.models import Dossier
from motcua.payments import services as payments
from motcua.workdays import selectors as workdays

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_DAY, LAST_DAY = dt.date(2023, 1, 3), dt.date(2023, 6, 30)
CLOSE = dt.datetime(2023, 6, 30, 17, 0, tzinfo=VN)  # the report's cut-off: nothing happens after
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Hà", "Nông", "Triệu", "Lục", "Ma", "Đàm"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Linh", "Nam", "Tâm", "Thảo", "Tuấn"]
FIRMS = ["Công ty TNHH", "Công ty cổ phần", "Hợp tác xã"]
TRADES = ["Thương mại Ba Bể", "Xây dựng Bắc Kạn", "Nông sản Chợ Đồn", "Du lịch Nà Phặc"]


@dataclass(frozen=True)
class Desk:
    """A demo agency that receives and decides, with the logins of its staff."""

    prefix: str
    agency_code: str
    wanted: int
    levels: tuple[str, ...]  # the procedures it handles, by level, when no agency is named


DESKS = (
    Desk("skhdt", "000.00.04.H03", 160, ("province",)),
    Desk("tpbk", "000.00.31.H03", 120, ("commune",)),
)


def load(rng_seed: int = 2023) -> int:
    """Make the demo dossiers; returns how many (0 when they are already there). The applicants
    of 2023 are not messaged about their history."""
    if Dossier.objects.exists():
        return 0
    with notifications.suppressed():
        return _load(rng_seed)


def _load(rng_seed: int) -> int:
    rng = random.Random(rng_seed)
    users = {u.username: u for u in get_user_model().objects.all()}
    made = 0
    for desk in DESKS:
        agency = Agency.objects.filter(code=desk.agency_code).first()
        if agency is None:
            continue
        versions = _procedures(agency, desk.levels)
        if not versions:
            continue
        days = _working_days()
        for _ in range(desk.wanted):
            procedure, day = rng.choice(versions), rng.choice(days)
            version = province_version(procedure, day)
            if version is None:
                continue
            _one(desk, agency, version, day, users, rng)
            made += 1
        made += _open_at_the_cut_off(desk, agency, versions, users, rng)
    return made


# Dossiers caught by the cut-off in each waiting state: received but not yet handed over,
# owing papers, owing the fee, asking to stop.
WAITING = (
    [],
    [("hand_over", "motcua", {}), ("request_supplement", "chuyenvien", {"missing": ["Tờ khai"]})],
    [("hand_over", "motcua", {}), ("request_payment", "chuyenvien", {"amount": 100_000})],
    [("hand_over", "motcua", {}), ("request_stop", "motcua", {"reason": "Xin rút hồ sơ"})],
)


def _open_at_the_cut_off(desk, agency, procedures, users, rng: random.Random) -> int:
    cal = workdays.calendar()
    made = 0
    for index, path in enumerate(WAITING):
        at = dt.datetime(2023, 6, 29, 8, 0, tzinfo=VN) + dt.timedelta(hours=index)
        version = province_version(rng.choice(procedures), at.date())
        if version is None:
            continue
        dossier = services.receive(
            procedure_code=version.procedure.code,
            deciding_agency=agency,
            receiving_agency=agency,
            channel="direct",
            applicant=_applicant(version, rng),
            documents=[services.Handed(name="Đơn đề nghị", originals=1)],
            user=users[f"{desk.prefix}.motcua"],
            at=at,
        )
        for action, login, params in path:
            at = cal.add_working_hours(at, 1)
            services.act(
                dossier.code, action, user=users[f"{desk.prefix}.{login}"], at=at, **params
            )
        made += 1
    return made


def _procedures(agency: Agency, levels: tuple[str, ...]) -> list[Procedure]:
    """Procedures in the province's list from 1 January to 30 June 2023 (their versions change
    on the way: a dossier follows the version in force on its receipt day) whose June version
    has a time limit in working days: the agency's own, else those of its level."""
    june = versions_in_force(LAST_DAY, source="province").filter(
        time_limits__unit=TimeLimit.Unit.WORKING_DAYS, time_limits__value__gt=0
    )
    january = versions_in_force(FIRST_DAY, source="province").values("procedure_id")
    june = june.filter(procedure_id__in=january)
    own = june.filter(agencies=agency)
    if not own.exists():
        own = june.filter(levels__in=[f",{level}," for level in levels])
    ids = own.values_list("procedure_id", flat=True).distinct()
    return list(Procedure.objects.filter(pk__in=ids).order_by("code")[:60])


def _working_days() -> list[dt.date]:
    cal = workdays.calendar()
    return list(cal.working_days(FIRST_DAY, LAST_DAY - dt.timedelta(days=1)))


def _applicant(version: ProcedureVersion, rng: random.Random) -> services.Applicant:
    company = "doanh nghiệp" in version.name.lower() or "hợp tác xã" in version.name.lower()
    if company:
        name = f"{rng.choice(FIRMS)} {rng.choice(TRADES)}"
        kind = "organization"
    else:
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        kind = "person"
    return services.Applicant(
        name=name,
        kind=kind,
        id_number=f"006{rng.randrange(10**8, 10**9)}",
        phone=f"09{rng.randrange(10**7, 10**8)}",
        address=rng.choice(
            ["Phường Đức Xuân", "Phường Sông Cầu", "Xã Dương Quang", "Xã Nông Thượng"]
        )
        + ", thành phố Bắc Kạn",
    )


def _one(desk, agency, version, day, users, rng: random.Random) -> None:
    cal = workdays.calendar()
    officer = users[f"{desk.prefix}.motcua"]
    specialist = users[f"{desk.prefix}.chuyenvien"]
    leader = users[f"{desk.prefix}.lanhdao"]
    at = dt.datetime.combine(day, dt.time(7, 30), tzinfo=VN) + dt.timedelta(
        minutes=rng.randrange(0, 8 * 60)
    )
    at = cal.next_working_moment(at)
    documents = [
        services.Handed(required_id=d.pk, originals=d.originals, copies=d.copies)
        for d in version.documents.all()[:6]
    ] or [services.Handed(name="Đơn đề nghị", originals=1)]
    roll = rng.random()
    if roll < 0.04:
        outcome = services.Outcome(
            "refuse", reason="Không thuộc thẩm quyền giải quyết của cơ quan."
        )
    elif roll < 0.14:
        outcome = services.Outcome("request_supplement", missing=["Bản sao giấy tờ chứng minh"])
    else:
        outcome = services.Outcome("accept")
    dossier = services.receive(
        procedure_code=version.procedure.code,
        deciding_agency=agency,
        receiving_agency=agency,
        channel="direct",
        applicant=_applicant(version, rng),
        documents=documents,
        outcome=outcome,
        user=officer,
        at=at,
    )
    code = dossier.code

    def step(action: str, user, hours: float, **params) -> bool:
        """Act ``hours`` of working time after the last move; False once past the cut-off."""
        nonlocal at, dossier
        moment = cal.add_working_hours(at, round(hours * 4) / 4)
        if moment > CLOSE:
            return False
        at = moment
        dossier = services.act(code, action, user=user, at=at, **params)
        return True

    if outcome.action == "refuse":
        return
    if outcome.action == "request_supplement" and not step(
        "supplement", officer, rng.uniform(8, 24)
    ):
        return
    if not step("hand_over", officer, 0.25):
        return
    if rng.random() < 0.03:
        if step("request_stop", officer, rng.uniform(2, 16), reason="Người nộp xin rút hồ sơ"):
            step("stop", officer, 0.5)
        return
    if dossier.due_at is None:  # no limit in working time: resolved within two weeks
        limit_hours = 80.0
    else:
        limit_hours = max(2.0, (cal.elapsed(dossier.received_at, dossier.due_at)) / 3600)
    late = rng.random() < 0.05
    share = rng.uniform(1.05, 1.3) if late else rng.uniform(0.35, 0.95)
    asks_more = rng.random() < 0.08
    if asks_more and not step(
        "request_supplement", specialist, limit_hours * 0.2, missing=["Bản vẽ, sơ đồ vị trí"]
    ):
        return
    if asks_more and not step("supplement", officer, rng.uniform(8, 24)):
        return
    if late and dossier.due_at is not None and rng.random() < 0.6:
        # The agency sees it coming and apologizes before the appointment passes.
        before_due = max(0.25, limit_hours * 0.9 - 0.5)
        new_due = cal.add_working_days(dossier.due_at, rng.choice([3, 5]))
        if not step(
            "apologize",
            leader,
            max(0.25, before_due - _spent(cal, dossier, at)),
            new_due=new_due,
            reason="Cần xác minh thêm thông tin với cơ quan liên quan.",
        ):
            return
    pays = rng.random() < 0.05
    if pays and not step("request_payment", specialist, limit_hours * 0.3, amount=50_000):
        return
    if pays:  # paid at the desk: recorded and receipted by the payments app
        moment = cal.add_working_hours(at, round(rng.uniform(2, 16) * 4) / 4)
        if moment > CLOSE:
            return
        at = moment
        payments.pay_at_counter(code, officer, amount=50_000, at=at)
        dossier = Dossier.objects.get(code=code)
    remaining = max(0.25, limit_hours * share - _spent(cal, dossier, at))
    if not step("forward", specialist, remaining * 0.6):
        return
    if not step(
        "record_result",
        leader,
        remaining * 0.4,
        number=f"{rng.randrange(1, 999)}/GP-{desk.prefix.upper()}",
        signer=f"{leader.full_name or leader.username}",
    ):
        return
    step("return_result", officer, rng.uniform(0.5, 16))


def _spent(cal, dossier: Dossier, at: dt.datetime) -> float:
    """Working hours since receipt, less the paused time."""
    return max(0.0, (cal.elapsed(dossier.received_at, at) - dossier.paused_seconds) / 3600)
