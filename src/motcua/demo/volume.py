"""The demo year at its real volume: 2023 at every desk of Bắc Kạn — about 6,500 dossiers a
month decided by the departments behind the provincial service centre (about 80% of them
submitted online), a few hundred at each district and a few dozen at each commune.

Two stages, so that ``make demo`` takes minutes, not hours:

1. Every desk gets staff, and a few hundred online applicants get accounts; then about a thousand
   lifecycles are made through ``dossiers.services`` by those staff and applicants, spread over
   the year's working days (counter, post and online; refused, supplemented, withdrawn, paid at
   the desk or online, late and apologized for, rated).
2. Each finished lifecycle is repeated as an exact copy moved by whole weeks (new code and
   applicant), until the desk reaches its monthly volume. A copy is only made where the working
   calendar is the same, day for day, over the lifecycle's whole span, and where the procedure's
   version in force is still the one it followed: so every deadline, step, journal event and
   outcome of a copy is the one the services would have written (a test replays copies).
   A span that ends today (the merged province's) also copies the lifecycles still under way,
   onto their own days only, so today's desks have a real province's work in hand.

The catalog's procedure lists are today's two tiers, with no district level: the district desks
take the procedures of the commune level (in 2023 the heavier of them were the districts')."""

from __future__ import annotations

import datetime as dt
import random
import uuid
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Max, Q
from django.utils import timezone

from motcua.agencies.models import Agency, Role, StaffRole, Unit
from motcua.catalog.models import Procedure, ProcedureVersion, TimeLimit
from motcua.catalog.selectors import province_version, versions_in_force
from motcua.core.codes import format_dossier_code
from motcua.core.text import fold
from motcua.demo import dossiers as lives
from motcua.demo.agencies import STANDARD_UNITS, demo_password_hash
from motcua.dossiers import notifications, tally
from motcua.dossiers.models import (
    CodeCounter,
    DigitizedCopy,
    Dossier,
    DossierDocument,
    DossierEvent,
    DossierStep,
    State,
)
from motcua.payments.models import Payment, ReceiptCounter
from motcua.workdays import selectors as workdays

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_DAY, LAST_DAY = dt.date(2023, 1, 3), dt.date(2023, 12, 29)
# Lifecycles started in late December run on into January; after this nothing happens.
CLOSE = dt.datetime(2024, 1, 31, 17, 0, tzinfo=VN)


@dataclass(frozen=True)
class Span:
    """A stretch of the demo's history at its real volume: the days dossiers are received, the
    moment after which nothing happens, the province's agencies (by their code's suffix) and each
    desk's dossiers a month. ``centre``: the provincial service centre that receives the
    departments' dossiers (after the 2025 reform); without one each department receives its
    own."""

    first: dt.date
    last: dt.date
    close: dt.datetime
    suffix: str
    departments: dict[str, int]
    district_monthly: int
    commune_monthly: int
    centre: str = ""
    # The share of the dossiers made through the services that start in the span's last weeks:
    # a span ending today has this month's dossiers still under way, as a real desk has.
    recent: float = 0.0
    # Draw the week first, then a lifecycle that fits it: a week with a swapped day (where only
    # lifecycles of that very week fit) gets its share too. Off: lifecycles and weeks drawn
    # together, so holiday weeks get fewer (the 2023 year as made so far).
    even_weeks: bool = False

    @property
    def months(self) -> float:
        return ((self.last - self.first).days + 1) / 30.44

    @property
    def weeks(self) -> int:
        return (self.last - self.first).days // 7 + 1


# Dossiers a month: the centre's by the department that decides them, then each district's and
# each commune's; and the share of them submitted online.
DEPARTMENTS = {
    "SGTVT": 2000,
    "SKHĐT": 1200,
    "STN&MT": 1200,
    "SNN&PTNT": 800,
    "SXD": 500,
    "SLĐTB&XH": 500,
    "STC": 300,
}
DISTRICT_MONTHLY = 300
COMMUNE_MONTHLY = 20
ONLINE_SHARE = {"department": 0.9, "district": 0.4, "commune": 0.5}
YEAR_2023 = Span(FIRST_DAY, LAST_DAY, CLOSE, ".H03", DEPARTMENTS, DISTRICT_MONTHLY, COMMUNE_MONTHLY)
# The merged province from the reform day: the departments behind Thái Nguyên's provincial
# service centre (the demo's ground is the former Bắc Kạn part: a share of the province's
# volume) and the new, larger communes, each doing what a district and its communes did.
DEPARTMENTS_2025 = {
    "SNN&MT": 900,
    "SXD": 800,
    "STC": 600,
    "STP": 300,
    "SNV": 200,
    "SCT": 150,
    "SYT": 150,
}
COMMUNE_MONTHLY_2025 = 80
TN_CENTRE = "000.01.01.H55"


def since_the_reform(today: dt.date, now: dt.datetime) -> Span:
    """From the reform day to ``today``: nothing happens after ``now``."""
    return Span(
        dt.date(2025, 7, 1),
        today,
        now,
        ".H55",
        DEPARTMENTS_2025,
        0,
        COMMUNE_MONTHLY_2025,
        centre=TN_CENTRE,
        recent=0.35,
        even_weeks=True,
    )


SCANNED = 0.7  # of the papers handed in at a counter: the desk digitizes them
POST_SHARE = 0.05  # of the dossiers not submitted online
LIFECYCLES = 700  # made through the services, shared by volume (at least three a desk)
LIFECYCLES_2025 = 600  # the same, from the reform day to today
RECENT_WEEKS = 4  # a span ending today: its last weeks as lived, copied onto their own days
APPLICANTS = 300  # online applicants' accounts
FINISHED = (State.RETURNED, State.REFUSED, State.STOPPED)
STAFF_LOGINS = ((Role.ONE_STOP_OFFICER, "motcua"), (Role.SPECIALIST, "chuyenvien"))
STAFF_LOGINS += ((Role.AGENCY_LEADER, "lanhdao"),)


@dataclass
class Desk:
    agency: Agency
    prefix: str
    monthly: int
    online: float
    procedures: list[Procedure]
    made: list[int] = field(default_factory=list)
    # Where its dossiers are received when not at its own desk (the provincial centre), and
    # the login prefix of that desk's officers.
    receiving: Agency | None = None
    officer_prefix: str = ""


def load(
    scale: float = 1.0,
    lifecycles: int = LIFECYCLES,
    least: int = 3,
    seed: int = 2023,
    span: Span = YEAR_2023,
) -> int:
    """Make the span's dossiers; returns how many (0 when they are already there). ``scale``
    shrinks the monthly volumes, ``lifecycles`` (``least`` a desk) the work done through the
    services (the suite uses small ones)."""
    half = span.first + (span.last - span.first) / 2
    if Dossier.objects.filter(
        received_at__date__gte=half,
        received_at__date__lte=span.last,
        deciding_agency__code__endswith=span.suffix,
    ).exists():
        return 0
    rng = random.Random(seed)
    desks = _desks(scale, span)
    if not desks:
        return 0
    owners = _applicants(round(APPLICANTS * min(1.0, scale * 4)) or 1)
    with notifications.suppressed():
        made = _lifecycles(desks, owners, lifecycles, least, rng, span)
    return made + _copies(desks, rng, span)


# --- desks, staff and applicants ------------------------------------------------------------------


def _desks(scale: float, span: Span = YEAR_2023) -> list[Desk]:
    agencies = Agency.objects.valid_on(span.first).filter(code__endswith=span.suffix)
    commune_level = _procedures(Q(levels__contains=",commune,", agencies__isnull=True), span)
    centre = Agency.objects.filter(code=span.centre).first() if span.centre else None
    centre_prefix = _staff(centre) if centre is not None else ""
    desks = []
    for agency in agencies.order_by("code"):
        if agency.level == "department" and agency.short_name in span.departments:
            monthly = span.departments[agency.short_name]
            procedures = _procedures(Q(agencies=agency), span)
        elif agency.level in ("district", "commune"):
            monthly = span.district_monthly if agency.level == "district" else span.commune_monthly
            procedures = commune_level
        else:
            continue
        if procedures and monthly:
            monthly = max(1, round(monthly * scale))
            online = ONLINE_SHARE[agency.level]
            desk = Desk(agency, _staff(agency), monthly, online, procedures)
            if centre is not None and agency.level == "department":
                desk.receiving, desk.officer_prefix = centre, centre_prefix
            desks.append(desk)
    return desks


def _procedures(which: Q, span: Span = YEAR_2023) -> list[Procedure]:
    """Procedures of the province's list in force at some time in the span with a limit in
    working days (a dossier follows the version in force on its day)."""
    ids: set[int] = set()
    middle = span.first + (span.last - span.first) / 2
    for day in (span.first, middle, span.last):
        versions = versions_in_force(day, source="province").filter(
            which, time_limits__unit=TimeLimit.Unit.WORKING_DAYS, time_limits__value__gt=0
        )
        ids.update(versions.values_list("procedure_id", flat=True))
    return list(Procedure.objects.filter(pk__in=ids).order_by("code"))


def _staff(agency: Agency) -> str:
    """The desk's login prefix: its staff's when it has them (``skhdt``, ``tpbk``), else new
    staff — an officer, a specialist and a leader — under a prefix made of its short name."""
    User = get_user_model()
    officer = (
        StaffRole.objects.filter(agency=agency, role=Role.ONE_STOP_OFFICER)
        .select_related("user")
        .first()
    )
    if officer is not None and officer.user.username.endswith(".motcua"):
        return officer.user.username.rsplit(".", 1)[0]
    words = fold(agency.short_name or agency.name).replace("ubnd", "").split()
    prefix = "".join(ch for ch in "".join(words) if ch.isalnum())
    if User.objects.filter(username__startswith=f"{prefix}.").exists():
        prefix = f"{prefix}{agency.code.split('.')[2]}"
    units = {
        kind: Unit.objects.get_or_create(agency=agency, name=name, defaults={"kind": kind})[0]
        for name, kind in [*STANDARD_UNITS, ("Bộ phận chuyên môn", Unit.Kind.DIVISION)]
    }
    unit_of = {
        Role.ONE_STOP_OFFICER: units[Unit.Kind.ONE_STOP],
        Role.SPECIALIST: units[Unit.Kind.DIVISION],
        Role.AGENCY_LEADER: units[Unit.Kind.LEADERSHIP],
    }
    for number, (role, login) in enumerate(STAFF_LOGINS):
        user = User.objects.create(
            username=f"{prefix}.{login}",
            full_name=_name(random.Random(f"{agency.code}{number}")),
            kind=User.Kind.OFFICER,
            is_staff=True,
            password=demo_password_hash(),
        )
        StaffRole.objects.create(user=user, agency=agency, role=role, unit=unit_of[role])
    return prefix


def _name(rng: random.Random) -> str:
    return f"{rng.choice(lives.FAMILY)} {rng.choice(lives.MIDDLE)} {rng.choice(lives.GIVEN)}"


def _applicants(count: int) -> list:
    """Accounts of people and firms who submit online (``nguoidan001``…, the demo password)."""
    User = get_user_model()
    rng = random.Random(count)
    accounts = []
    for number in range(1, count + 1):
        firm = number % 5 == 0
        name = (
            f"{rng.choice(lives.FIRMS)} {rng.choice(lives.TRADES)} {number:03d}"
            if firm
            else _name(rng)
        )
        accounts.append(
            User(
                username=f"nguoidan{number:03d}",
                full_name=name,
                kind=User.Kind.BUSINESS if firm else User.Kind.CITIZEN,
                phone=f"0986{number:06d}",
                id_number=f"47{number:08d}" if firm else f"006{number:09d}",
                address="Thành phố Bắc Kạn, tỉnh Bắc Kạn",
                password=demo_password_hash(),
            )
        )
    User.objects.bulk_create(accounts, ignore_conflicts=True)
    return list(User.objects.filter(username__startswith="nguoidan").order_by("username"))


# --- stage 1: lifecycles through the services ---------------------------------------------------


def _lifecycles(
    desks: list[Desk],
    owners: list,
    total: int,
    least: int,
    rng: random.Random,
    span: Span = YEAR_2023,
) -> int:
    users = {u.username: u for u in get_user_model().objects.filter(is_staff=True)}
    days = list(workdays.calendar().working_days(span.first, span.last))
    recent = days[-20:]
    volume = sum(desk.monthly for desk in desks)
    made = 0
    for desk in desks:
        wanted = max(least, round(total * desk.monthly / volume))
        for _ in range(wanted):
            day = rng.choice(recent if rng.random() < span.recent else days)
            version = province_version(rng.choice(desk.procedures), day)
            if version is None:
                continue
            online = version.online != ProcedureVersion.Online.NONE and rng.random() < desk.online
            channel = "online" if online else ("post" if rng.random() < POST_SHARE else "direct")
            dossier = lives.live(
                desk.prefix,
                desk.agency,
                version,
                day,
                users,
                rng,
                channel=channel,
                # A district's procedures are the commune level's: its online dossiers come
                # from the national portal, not from the province's.
                owner=rng.choice(owners) if online and desk.agency.level != "district" else None,
                close=span.close,
                scans=SCANNED,
                receiving=desk.receiving,
                officer_prefix=desk.officer_prefix,
            )
            if dossier is not None:
                desk.made.append(dossier.pk)
                made += 1
    return made


# --- stage 2: copies moved by whole weeks --------------------------------------------------------


@dataclass
class Lifecycle:
    dossier: dict
    prefix: str  # the code's agency part, and the day it numbers from
    code_day: dt.date
    documents: list[dict]
    scans: list[dict]
    steps: list[dict]
    events: list[dict]
    payments: list[dict]
    first: dt.date = FIRST_DAY
    last: dt.date = FIRST_DAY


@transaction.atomic
def _copies(desks: list[Desk], rng: random.Random, span: Span = YEAR_2023) -> int:
    cal = workdays.calendar()
    working = {
        span.first + dt.timedelta(days=n)
        for n in range(-60, (span.last - span.first).days + 120)
        if cal.is_working_day(span.first + dt.timedelta(days=n))
    }
    by_day = _versions_by_day({p.pk for desk in desks for p in desk.procedures}, span)

    def version_on(procedure_id: int, day: dt.date) -> int | None:
        return by_day.get(day, {}).get(procedure_id)

    counters = {(c.prefix, c.day): c.last for c in CodeCounter.objects.all()}
    writer = _Writer(counters)
    for desk in desks:
        wanted = round(desk.monthly * span.months) - len(desk.made)
        if wanted <= 0:
            continue
        # A copy is a lifecycle and a week, each drawn at random, kept when the lifecycle fits
        # that week: so the shares of refusals, withdrawals and late ones stay those of the
        # lifecycles, and weeks around the holidays, where fewer fit, get fewer dossiers.
        lives_fit = []
        for life in _read(desk.made, still_open=span.even_weeks):
            fit = {}
            # A dossier still under way at the end is copied only onto its own days: moved by a
            # week it would be under way a week longer than it was.
            finished = life.dossier["state"] in FINISHED
            for weeks in range(-span.weeks, span.weeks + 1) if finished else (0,):
                if _fits(life, weeks, working, version_on, span):
                    fit[(life.code_day - span.first).days // 7 + weeks] = weeks
            if fit:
                lives_fit.append((life, fit))
        if not lives_fit:
            continue
        made = 0
        if span.even_weeks:
            by_week: dict[int, list[tuple[Lifecycle, int]]] = defaultdict(list)
            for life, fit in lives_fit:
                for week, shift in fit.items():
                    by_week[week].append((life, shift))
            # The last weeks take copies of their own lifecycles only: moved there, a finished
            # one would have to be among the quickest, and today's desks would look idle.
            for week in range(span.weeks - RECENT_WEEKS, span.weeks):
                own = [(life, shift) for life, shift in by_week.get(week, []) if shift == 0]
                if own:
                    by_week[week] = own
            # Tết and other days off still thin their weeks: a week's share follows its
            # working days.
            weeks = sorted(by_week)
            weights = [
                sum(1 for d in range(7) if span.first + dt.timedelta(weeks=w, days=d) in working)
                for w in weeks
            ]
            for week in rng.choices(weeks, weights=weights, k=wanted):
                life, shift = rng.choice(by_week[week])
                writer.add(life, shift, rng)
                made += 1
            continue
        for _attempt in range(wanted * 50):
            life, fit = rng.choice(lives_fit)
            week = rng.randrange(span.weeks)
            if week in fit:
                writer.add(life, fit[week], rng)
                made += 1
                if made == wanted:
                    break
    writer.finish()
    tally.rebuild()  # the copies were written past the services: recount the day book
    CodeCounter.objects.bulk_create(
        [CodeCounter(prefix=p, day=d, last=n) for (p, d), n in writer.counters.items()],
        update_conflicts=True,
        unique_fields=["prefix", "day"],
        update_fields=["last"],
    )
    return writer.written


def _versions_by_day(
    procedure_ids: set[int], span: Span = YEAR_2023
) -> dict[dt.date, dict[int, int]]:
    """The province's version of each procedure on each day of the span (as
    ``province_version``: the highest number in force), one query a day."""
    table = {}
    day = span.first
    while day <= span.last:
        rows = (
            versions_in_force(day, source="province")
            .filter(procedure_id__in=procedure_ids)
            .order_by("number")
            .values_list("procedure_id", "pk")
        )
        table[day] = dict(rows)  # the last, highest number wins
        day += dt.timedelta(days=1)
    return table


def _fits(life: Lifecycle, weeks: int, working: set, version_on, span: Span = YEAR_2023) -> bool:
    shift = dt.timedelta(weeks=weeks)
    if not span.first <= life.code_day + shift <= span.last:
        return False
    if life.last + shift > span.close.astimezone(VN).date():
        return False
    day = life.first
    while day <= life.last:
        if (day in working) != (day + shift in working):
            return False
        day += dt.timedelta(days=1)
    # The version a dossier follows is the one in force on the day it got its code.
    day = life.code_day + shift
    return version_on(life.dossier["procedure_id"], day) == life.dossier["version_id"]


def _read(ids: list[int], *, still_open: bool = False) -> list[Lifecycle]:
    """The finished lifecycles among ``ids`` (and those still under way: ``still_open``), with
    every row a copy needs."""
    dossiers = Dossier.objects.filter(pk__in=ids)
    if not still_open:
        dossiers = dossiers.filter(state__in=FINISHED)
    rows = {d["id"]: d for d in dossiers.values()}
    related: dict[str, dict[int, list[dict]]] = {}
    for name, model in (
        ("documents", DossierDocument),
        ("scans", DigitizedCopy),
        ("steps", DossierStep),
        ("events", DossierEvent),
        ("payments", Payment),
    ):
        grouped = defaultdict(list)
        for row in model.objects.filter(dossier_id__in=rows).order_by("id").values():
            grouped[row["dossier_id"]].append(row)
        related[name] = grouped
    lives_read = []
    for pk, row in rows.items():
        prefix, day, _sequence = row["code"].rsplit("-", 2)
        life = Lifecycle(
            dossier=row,
            prefix=prefix,
            code_day=dt.datetime.strptime(day, "%y%m%d").date(),
            **{name: related[name].get(pk, []) for name in related},
        )
        moments = [
            value.astimezone(VN).date()
            for item in [row, *life.steps, *life.events, *life.payments]
            for key, value in item.items()
            if isinstance(value, dt.datetime) and key != "created_at"  # the row's, not the story's
        ]
        life.first, life.last = min(moments), max(moments)
        lives_read.append(life)
    return lives_read


def _shifted(value, shift: dt.timedelta):
    """``value`` moved by ``shift``: moments, days, and the moments journal data spells out."""
    if isinstance(value, dt.datetime | dt.date):
        return value + shift
    if isinstance(value, dict):
        return {k: _shifted(v, shift) for k, v in value.items()}
    if isinstance(value, list):
        return [_shifted(v, shift) for v in value]
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and "T" in value:
        try:
            return (dt.datetime.fromisoformat(value) + shift).isoformat()
        except ValueError:
            return value
    return value


class RowWriter:
    """Rows of one table written in bulk, their ids given here: the ORM's bulk_create spends
    more time building SQL than the database spends writing, and the copies' children need
    their parents' ids before they are written. PostgreSQL takes them by COPY, SQLite by one
    prepared INSERT (``executemany``)."""

    def __init__(self, model) -> None:
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        # The connection itself, not the per-thread proxy: it is asked for every value.
        self.connection = connections[DEFAULT_DB_ALIAS]
        self.moment = self.connection.ops.adapt_datetimefield_value
        quote = self.connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in self.fields)
        table = quote(model._meta.db_table)
        marks = ", ".join(["%s"] * len(self.fields))
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - model names
        self.copy = f"COPY {table} ({columns}) FROM STDIN"
        self.next_id = (model.objects.aggregate(last=Max("id"))["last"] or 0) + 1
        self.rows: list[tuple] = []
        self.plans: dict[int, list[tuple]] = {}
        self.now = timezone.now()

    def add(self, row: dict, shift: dt.timedelta, changes: dict) -> int:
        """Write a copy of ``row`` moved by ``shift`` with ``changes``; returns its id. What
        does not move is converted for the database once per original row."""
        pk = self.next_id
        self.next_id += 1
        plan = self.plans.get(row["id"])
        if plan is None:
            plan = self.plans[row["id"]] = self._plan(row, set(changes))
        moment, connection = self.moment, self.connection
        values = []
        for column, kind, fixed in plan:
            if kind == "fixed":
                values.append(fixed)
            elif kind == "moment":
                values.append(moment(fixed + shift))
            elif kind == "id":
                values.append(pk)
            else:
                value = changes.get(column.attname) if kind == "changed" else _shifted(fixed, shift)
                values.append(column.get_db_prep_save(value, connection))
        self.rows.append(tuple(values))
        return pk

    def _plan(self, row: dict, changed: set[str]) -> list[tuple]:
        plan = []
        for column in self.fields:
            value = row.get(column.attname)
            if column.attname == "id":
                plan.append((column, "id", None))
            elif column.attname in changed:
                plan.append((column, "changed", None))
            elif column.attname == "created_at":
                plan.append((column, "fixed", column.get_db_prep_save(self.now, self.connection)))
            elif isinstance(value, dt.datetime):
                plan.append((column, "moment", value))
            elif isinstance(value, dt.date | dict | list | str) and value != _shifted(
                value, dt.timedelta(weeks=1)
            ):
                plan.append((column, "shifted", value))
            else:
                plan.append((column, "fixed", column.get_db_prep_save(value, self.connection)))
        return plan

    def write(self) -> None:
        if not self.rows:
            return
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(self.copy) as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                cursor.executemany(self.sql, self.rows)
        self.rows = []


class _Writer:
    """The copies, written in batches, parents before children."""

    BATCH = 5000

    def __init__(self, counters: dict) -> None:
        self.counters = counters
        self.written = 0
        self.now = timezone.now()
        self.receipts = {c.year: c.last for c in ReceiptCounter.objects.all()}
        self.tables = {
            model: RowWriter(model)
            for model in (Dossier, DossierDocument, DigitizedCopy, DossierStep, DossierEvent)
        }
        self.tables[Payment] = RowWriter(Payment)

    def add(self, life: Lifecycle, weeks: int, rng: random.Random) -> None:
        shift = dt.timedelta(weeks=weeks)
        day = life.code_day + shift
        sequence = self.counters.get((life.prefix, day), 0) + 1
        self.counters[life.prefix, day] = sequence
        applicant = lives._applicant_for(life.dossier["applicant_kind"], rng)
        values = {
            "code": format_dossier_code(life.prefix, day, sequence),
            "applicant_name": applicant.name,
            "applicant_folded": fold(applicant.name)[:255],
            "id_number": applicant.id_number,
            "phone": applicant.phone,
            "email": "",
            "address": applicant.address,
            "owner_id": None,
        }
        dossier = self._add(Dossier, life.dossier, shift, **values)
        documents = {
            row["id"]: self._add(DossierDocument, row, shift, dossier_id=dossier)
            for row in life.documents
        }
        for row in life.scans:
            document = documents.get(row["document_id"])
            self._add(DigitizedCopy, row, shift, dossier_id=dossier, document_id=document)
        for row in life.steps:
            self._add(DossierStep, row, shift, dossier_id=dossier)
        for row in life.events:
            self._add(DossierEvent, row, shift, dossier_id=dossier)
        for row in life.payments:
            self._add(Payment, row, shift, dossier_id=dossier, **self._payment(row, shift))
        self.written += 1
        if self.written % self.BATCH == 0:
            self.flush()

    def _add(self, model, row: dict, shift: dt.timedelta, **changes) -> int:
        return self.tables[model].add(row, shift, changes)

    def flush(self) -> None:
        for table in self.tables.values():
            table.write()
        ReceiptCounter.objects.bulk_create(
            [ReceiptCounter(year=y, last=n) for y, n in self.receipts.items()],
            update_conflicts=True,
            unique_fields=["year"],
            update_fields=["last"],
        )

    def finish(self) -> None:
        self.flush()
        # The database's own id sequences resume after the ids given here (PostgreSQL).
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(self.tables)):
                cursor.execute(sql)

    def _payment(self, row: dict, shift: dt.timedelta) -> dict:
        values = {"reference": uuid.uuid4().hex[:20].upper()}
        if row["receipt_number"]:
            year = (row["paid_at"] + shift).astimezone(VN).year
            self.receipts[year] = self.receipts.get(year, 0) + 1
            values["receipt_number"] = f"BL-{year}-{self.receipts[year]:07d}"
        if row["transaction"]:
            values["transaction"] = f"DEMO{uuid.uuid4().hex[:10].upper()}"
        return values
