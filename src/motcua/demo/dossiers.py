"""Demo dossiers: the first half of 2023 at the desks the demo staff work at, every one made and
moved through the one-stop shop's service layer by the demo accounts, so the journal, the slips and
the queues are real. What is still open on 30 June 2023 is left as it stood that day."""

from __future__ import annotations

import datetime as dt
import random
import uuid
import zoneinfo
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure, ProcedureVersion, TimeLimit
from motcua.catalog.selectors import province_version, versions_in_force
from motcua.core.text import fold
from motcua.dossiers import digitization, notifications, services
from motcua.dossiers.models import DigitizedCopy, Dossier
from motcua.payments import providers
from motcua.payments import services as payments
from motcua.quality import services as quality_services
from motcua.quality.models import Rating
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
    Desk("stp", "000.00.03.H03", 100, ("province",)),
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
    return _applicant_for("organization" if company else "person", rng)


def _applicant_for(kind: str, rng: random.Random) -> services.Applicant:
    """A made-up applicant of ``kind`` (a person or an organization) from the city."""
    if kind == "organization":
        name = f"{rng.choice(FIRMS)} {rng.choice(TRADES)}"
    else:
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
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
    live(desk.prefix, agency, version, day, users, rng)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def live(
    prefix: str,
    agency: Agency,
    version: ProcedureVersion,
    day: dt.date,
    users: dict,
    rng: random.Random,
    *,
    channel: str = "direct",
    owner=None,
    close: dt.datetime = CLOSE,
    scans: float = 0.0,
    receiving: Agency | None = None,
    officer_prefix: str = "",
) -> Dossier | None:
    """One dossier's life at ``agency``'s desk (its staff are ``<prefix>.motcua``,
    ``.chuyenvien`` and ``.lanhdao``) from ``day``, through the services: refused, supplemented,
    withdrawn, paid, late and apologized for in realistic shares. Online with an ``owner`` is a
    submission on the portal; online without one, a dossier received from the national portal.
    ``scans`` is the share of counter dossiers whose papers the desk digitizes. Nothing happens
    after ``close``: a dossier still open then is left as it stood. ``receiving``: the desk
    that receives it when not ``agency``'s own (the provincial service centre), whose officers
    are ``<officer_prefix>.motcua``."""
    cal = workdays.calendar()
    online = channel == "online"
    portal = online and owner is not None
    # A submission on the portal goes to the deciding agency's own desk.
    officer = users[f"{prefix if portal or not officer_prefix else officer_prefix}.motcua"]
    receiving = agency if portal else receiving or agency
    specialist = users[f"{prefix}.chuyenvien"]
    leader = users[f"{prefix}.lanhdao"]
    if portal:  # the portal is open day and night; the desk checks in working hours
        at = dt.datetime.combine(day, dt.time(6, 0), tzinfo=VN) + dt.timedelta(
            minutes=rng.randrange(0, 16 * 60)
        )
    else:
        at = dt.datetime.combine(day, dt.time(7, 30), tzinfo=VN) + dt.timedelta(
            minutes=rng.randrange(0, 8 * 60)
        )
        at = cal.next_working_moment(at)
    required = list(version.documents.all() if online else version.documents.all()[:6])
    documents = [
        services.Handed(
            required_id=d.pk,
            originals=0 if online else d.originals,
            copies=max(1, d.copies) if online else d.copies,
        )
        for d in required
    ] or [services.Handed(name="Đơn đề nghị", originals=0 if online else 1)]
    roll = rng.random()
    if roll < 0.04:
        outcome = services.Outcome(
            "refuse", reason="Không thuộc thẩm quyền giải quyết của cơ quan."
        )
    elif roll < 0.14:
        outcome = services.Outcome("request_supplement", missing=["Bản sao giấy tờ chứng minh"])
    else:
        outcome = services.Outcome("accept")
    applicant = _applicant(version, rng) if owner is None else _owner_applicant(owner)
    if portal:
        dossier = services.submit_online(
            procedure_code=version.procedure.code,
            agency=agency,
            applicant=applicant,
            documents=documents,
            attachments=_attachments(owner, len(documents), rng),
            owner=owner,
            at=at,
        )
    else:
        dossier = services.receive(
            procedure_code=version.procedure.code,
            deciding_agency=agency,
            receiving_agency=receiving,
            channel=channel,
            applicant=applicant,
            documents=documents,
            outcome=outcome,
            user=officer,
            at=at,
        )
    code = dossier.code

    def step(action: str, user, hours: float, **params) -> bool:
        """Act ``hours`` of working time after the last move; False once past the cut-off."""
        nonlocal at, dossier
        moment = cal.add_working_hours(cal.next_working_moment(at), round(hours * 4) / 4)
        if moment > close:
            return False
        at = moment
        dossier = services.act(code, action, user=user, at=at, **params)
        return True

    if portal:
        params = {"reason": outcome.reason} if outcome.action == "refuse" else {}
        if outcome.action == "request_supplement":
            params = {"missing": outcome.missing}
        if not step(outcome.action, officer, rng.uniform(0.5, 6), **params):
            return dossier
    if outcome.action == "refuse":
        return dossier
    if outcome.action == "request_supplement" and not step(
        "supplement", officer, rng.uniform(8, 24)
    ):
        return dossier
    # Supplemented, an online submission is checked again before it is received.
    if portal and outcome.action == "request_supplement" and not step("accept", officer, 1):
        return dossier
    if not online and scans and rng.random() < scans:  # the desk scans what was handed in
        for document in dossier.documents.all():
            digitization.digitize(
                code,
                data=PDF,
                name=f"{fold(document.name)[:40]}.pdf",
                pages=rng.randint(1, 6),
                user=officer,
                document_id=document.pk,
                at=at,
            )
    if not step("hand_over", officer, 0.25):
        return dossier
    if rng.random() < 0.03:
        if step("request_stop", officer, rng.uniform(2, 16), reason="Người nộp xin rút hồ sơ"):
            step("stop", officer, 0.5)
        return dossier
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
        return dossier
    if asks_more and not step("supplement", officer, rng.uniform(8, 24)):
        return dossier
    if late and dossier.due_at is not None and rng.random() < 0.6:
        # The agency sees it coming and apologizes before the appointment passes (when the
        # papers and payments asked for left it the time to).
        before_due = max(0.25, limit_hours * 0.9 - 0.5)
        new_due = cal.add_working_days(dossier.due_at, rng.choice([3, 5]))
        wait = max(0.25, before_due - _spent(cal, dossier, at))
        when = cal.add_working_hours(cal.next_working_moment(at), round(wait * 4) / 4)
        if when <= dossier.due_at and not step(
            "apologize",
            leader,
            wait,
            new_due=new_due,
            reason="Cần xác minh thêm thông tin với cơ quan liên quan.",
        ):
            return dossier
    pays = rng.random() < (0.2 if owner is not None else 0.05)
    if pays and not step("request_payment", specialist, limit_hours * 0.3, amount=50_000):
        return dossier
    if pays:
        moment = cal.add_working_hours(at, round(rng.uniform(2, 16) * 4) / 4)
        if moment > close:
            return dossier
        at = moment
        if owner is not None:  # paid on the portal, through the provider's notice
            pay_online(code, owner, at)
        else:  # paid at the desk: recorded and receipted by the payments app
            payments.pay_at_counter(code, officer, amount=50_000, at=at)
        dossier = Dossier.objects.get(code=code)
    remaining = max(0.25, limit_hours * share - _spent(cal, dossier, at))
    if not step("forward", specialist, remaining * 0.6):
        return dossier
    if not step(
        "record_result",
        leader,
        remaining * 0.4,
        number=f"{rng.randrange(1, 999)}/GP-{prefix.upper()}",
        signer=f"{leader.full_name or leader.username}",
    ):
        return dossier
    returned = step("return_result", officer, rng.uniform(0.5, 16))
    if returned and owner is not None and rng.random() < 0.5:
        _rate(owner, code, rng.choice(["satisfied", "satisfied", "satisfied", "normal"]), at)
    return dossier


def _owner_applicant(owner) -> services.Applicant:
    return services.Applicant(
        name=owner.full_name,
        kind="organization" if owner.kind == "business" else "person",
        id_number=owner.id_number,
        phone=owner.phone,
        email=owner.email,
        address=owner.address,
    )


def _attachments(owner, count: int, rng: random.Random) -> list[services.Attached]:
    """The files of an online dossier, one a document: new scans, except (a third of the time)
    a copy the applicant's account already keeps, reused instead of sent again."""
    kept = None
    if owner is not None and rng.random() < 0.35:
        # What the data store offers: a copy reused once is not offered again (its original is).
        kept = digitization.data_store(owner).filter(kind=DigitizedCopy.Kind.ONLINE).first()
    files = []
    for i in range(count):
        if i == 0 and kept is not None:
            files.append(services.Attached(document=i, reuse_id=kept.pk))
        else:
            files.append(services.Attached(document=i, name=f"giay-to-{i + 1}.pdf", data=PDF))
    return files


def pay_online(code: str, owner, at: dt.datetime) -> None:
    """The applicant pays on the portal; the provider's signed notice settles it."""
    payment, _url = payments.start_online(code, owner, "hmac", return_url="https://motcua.local/")
    payments.accept_notice(
        "hmac",
        providers.Notice(
            reference=payment.reference,
            amount=payment.amount,
            transaction=f"DEMO{uuid.uuid4().hex[:10].upper()}",
            paid=True,
            nonce=uuid.uuid4().hex,
            at=at,
        ),
    )


def _rate(owner, code: str, score: str, at: dt.datetime) -> None:
    made = quality_services.rate(owner, code, score=score)
    # The rating is the applicant's word on the day after the return, not today's.
    Rating.objects.filter(pk=made.pk).update(created_at=at + dt.timedelta(hours=20))


def _spent(cal, dossier: Dossier, at: dt.datetime) -> float:
    """Working hours since receipt, less the paused time."""
    return max(0.0, (cal.elapsed(dossier.received_at, at) - dossier.paused_seconds) / 3600)
