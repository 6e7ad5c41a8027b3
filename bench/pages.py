"""Every page of the site, as each demo role opens it, on the full demo year.

The demo province is loaded into a throw-away database (``load_demo``: the catalog, the year's
dossiers at their real volume, reviews, the reform plan; ``--quick``: a twentieth of the volume).
Then, for each role of ``ROLES``, the benchmark signs in through the sign-in form (timed) and opens
every page of ``SITEMAP`` the role uses — and the main API reads — ``REPEAT`` times each through
Django's test client (in process: the server's time, without a network or a browser), printing
each page's p95. Target: every page ≤ 200 ms at the demo's volume.

``BENCH_PAGES_VOLUME=7.6`` loads the year at that multiple of its real volume instead (about
1,000,000 dossiers: the lives copied as ``load_demo --volume`` copies them, by whole weeks, each
with its steps and journal); from 500,000 dossiers on the target is ≤ 400 ms.
``BENCH_PAGES_EXISTING=1`` measures the database DATABASE_URL names as it is (e.g. the one
``make demo`` loaded), without loading anything; ``BENCH_PAGES_ONLY=<regex>`` opens only the
pages whose path matches.

The site map is checked against the URL configuration by the suite
(tests/test_pages_sitemap.py): a page added to the site must be added here or to ``NOT_PAGES``
with the reason.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from string import Formatter

from bench.django_env import DEMO_PASSWORD, database, percentile, settle

REPEAT = 15
TARGET_MS = 200.0
TARGET_MS_AT_A_MILLION = 400.0
LARGE = 500_000  # from this many dossiers on, the second target applies

# Who signs in (None: nobody) — one account per kind of user of the demo.
ROLES: dict[str, str | None] = {
    "anonymous": None,
    "citizen": "congdan@motcua.vn",
    "one-stop officer": "skhdt.motcua",
    "specialist": "skhdt.chuyenvien",
    "leader": "stp.lanhdao",
    "controller": "stp.kiemsoat",
    "reviewer": "stp.chuyenvien",
    "administrator": "admin",
}

# (role, path): ``{name}`` is filled from ``samples()`` — objects of the demo the role may see.
SITEMAP: list[tuple[str, str]] = [
    # The public: portal, catalog, tracking, statistics, sign-in and sign-up.
    ("anonymous", "/"),
    ("anonymous", "/portal/"),
    ("anonymous", "/portal/thu-tuc/"),
    ("anonymous", "/portal/thu-tuc/?q=xin+giay+phep+xay+nha"),
    ("anonymous", "/portal/thu-tuc/?q=khai+sinh&level=commune"),
    ("anonymous", "/portal/thu-tuc/?online=full"),
    ("anonymous", "/portal/thu-tuc/{procedure}/"),
    ("anonymous", "/portal/tinh-han/"),
    ("anonymous", "/portal/tinh-han/?received=2023-06-15T16:10&days=15"),
    ("anonymous", "/portal/co-quan/"),
    ("anonymous", "/portal/tra-cuu/"),
    ("anonymous", "/portal/kiem-tra-ket-qua/"),
    ("anonymous", "/portal/tra-cuu/?ma={tracked}"),
    ("anonymous", "/portal/danh-gia-co-quan/"),
    ("anonymous", "/portal/phan-anh/"),
    ("anonymous", "/portal/phan-anh/{feedback_token}/"),
    ("anonymous", "/thong-ke/"),
    ("anonymous", "/thong-ke/?period=2023"),
    ("anonymous", "/thong-ke/?period=2023-06"),
    ("anonymous", "/thong-ke/xlsx/?period=2023-H1"),
    ("anonymous", "/accounts/login/"),
    ("anonymous", "/accounts/signup/"),
    ("anonymous", "/accounts/password-reset/"),
    ("anonymous", "/accounts/password-reset/sent/"),
    ("anonymous", "/accounts/reset/done/"),
    ("anonymous", "/healthz"),
    ("anonymous", "/api/v1/procedures?q=cap+giay+phep+xay+dung"),
    ("anonymous", "/api/v1/procedures/{procedure}"),
    ("anonymous", "/api/v1/procedures/{procedure}/processes"),
    ("anonymous", "/api/v1/fields"),
    ("anonymous", "/api/v1/agencies"),
    ("anonymous", "/api/v1/agencies/{agency}"),
    ("anonymous", "/api/v1/decisions"),
    ("anonymous", "/api/v1/decisions/{decision}"),
    ("anonymous", "/api/v1/catalog/statistics?from=2023-01-01&to=2023-06-30"),
    ("anonymous", "/api/v1/catalog/export?as_of=2023-06-30"),
    ("anonymous", "/api/v1/calendar/due?start=2023-06-15T16:10:00%2B07:00&days=15"),
    ("anonymous", "/api/v1/calendar/days?year=2023"),
    ("anonymous", "/api/v1/statistics/dossiers?period=2023-H1"),
    ("anonymous", "/api/v1/indicators?month=2023-06"),
    ("anonymous", "/api/v1/reviews/statistics?from=2023-01-01&to=2023-06-30"),
    ("anonymous", "/api/v1/reform/progress?year=2023&as_of=2023-06-30"),
    ("anonymous", "/api/v1/schema/"),
    ("anonymous", "/api/v1/docs/"),
    # A citizen: own dossiers, drafts, payments, profile.
    ("citizen", "/portal/ho-so/"),
    ("citizen", "/portal/ho-so/{own_dossier}/"),
    ("citizen", "/portal/ho-so/{own_dossier}/phieu/receipt/"),
    ("citizen", "/portal/ho-so/{own_dossier}/tep/{own_file}/"),
    ("citizen", "/portal/thu-tuc/{online_procedure}/"),
    ("citizen", "/portal/nop-ho-so/{own_draft}/"),
    ("citizen", "/portal/kho-du-lieu/"),
    ("citizen", "/thanh-toan/ho-so/{owing_dossier}/"),
    ("citizen", "/thanh-toan/bien-lai/{own_payment}/"),
    ("citizen", "/accounts/profile/"),
    ("citizen", "/accounts/password/"),
    ("citizen", "/api/v1/auth/me"),
    # The one-stop officer at a department's desk.
    ("one-stop officer", "/workspace/"),
    ("one-stop officer", "/mot-cua/"),
    ("one-stop officer", "/mot-cua/?tab=soon"),
    ("one-stop officer", "/mot-cua/?tab=late"),
    ("one-stop officer", "/mot-cua/?tab=all"),
    ("one-stop officer", "/mot-cua/?q=nguyen+van"),
    ("one-stop officer", "/mot-cua/?q={desk_dossier}"),
    ("one-stop officer", "/mot-cua/tiep-nhan/"),
    ("one-stop officer", "/mot-cua/tiep-nhan/?procedure={desk_procedure}"),
    ("one-stop officer", "/mot-cua/tiep-nhan/?q=thanh+lap+doanh+nghiep"),
    ("one-stop officer", "/mot-cua/so-theo-doi/"),
    ("one-stop officer", "/mot-cua/van-ban/?q=giay+chung+nhan"),
    ("one-stop officer", "/mot-cua/ho-so/{desk_dossier}/"),
    ("one-stop officer", "/mot-cua/ho-so/{desk_dossier}/phieu/receipt/"),
    ("one-stop officer", "/mot-cua/ho-so/{desk_dossier}/ban-so-hoa/{desk_scan}/"),
    ("one-stop officer", "/api/v1/dossiers"),
    ("one-stop officer", "/api/v1/dossiers?state=4"),
    ("one-stop officer", "/api/v1/dossiers?q=nguyen+van+an"),
    ("one-stop officer", "/api/v1/dossiers/{desk_dossier}"),
    ("one-stop officer", "/api/v1/track?code={tracked}&factor={tracked_phone}"),
    # The specialist who handles them.
    ("specialist", "/workspace/"),
    ("specialist", "/mot-cua/"),
    ("specialist", "/mot-cua/?tab=all"),
    ("specialist", "/mot-cua/ho-so/{desk_dossier}/"),
    # The leader: dashboards, the reform plan, the periodic report.
    ("leader", "/bao-cao/"),
    ("leader", "/bao-cao/?period=2023-H1"),
    ("leader", "/bao-cao/?period=2023"),
    ("leader", "/bao-cao/ho-so/?period=2023-H1&count=resolved_late"),
    ("leader", "/bao-cao/ho-so/?period=2023-H1&count=received"),
    ("leader", "/cai-cach/"),
    ("leader", "/cai-cach/?as_of=2023-06-30"),
    ("leader", "/cai-cach/ke-hoach-don-vi/"),
    ("leader", "/cai-cach/nhiem-vu/{task}/"),
    ("leader", "/cai-cach/xuat-excel/?plan={reform_plan}"),
    ("leader", "/api/v1/reports/reform?period=2023-H1"),
    ("leader", "/api/v1/reform/tasks?year=2023"),
    ("leader", "/api/v1/statistics/dossiers/behind?period=2023-H1&count=resolved_late"),
    # The TTHC control office: reviews, draft regulations, feedback, payments.
    ("controller", "/ra-soat/"),
    ("controller", "/ra-soat/ke-hoach/{review_plan}/"),
    ("controller", "/ra-soat/ke-hoach/moi/"),
    ("controller", "/ra-soat/danh-gia/{review}/"),
    ("controller", "/ra-soat/phuong-an/"),
    ("controller", "/ra-soat/phuong-an/{plan}/"),
    ("controller", "/ra-soat/phuong-an/{plan}/excel/"),
    ("controller", "/ra-soat/du-thao/"),
    ("controller", "/ra-soat/du-thao/{draft_regulation}/"),
    ("controller", "/ra-soat/xuat-excel/"),
    ("controller", "/cai-cach/nhap-excel/"),
    ("controller", "/portal/phan-anh/xu-ly/"),
    ("controller", "/portal/phan-anh/xu-ly/{feedback}/"),
    ("controller", "/thanh-toan/doi-soat/"),
    ("controller", "/api/v1/reviews"),
    ("controller", "/api/v1/reviews/{review}"),
    ("controller", "/api/v1/reviews/export"),
    ("controller", "/api/v1/review-plans"),
    ("controller", "/api/v1/simplification-plans"),
    ("controller", "/api/v1/simplification-plans/{plan}/export"),
    ("controller", "/api/v1/draft-regulations"),
    # The administrator: the interconnection and the administration's busiest lists.
    ("administrator", "/dong-bo-quoc-gia/"),
    ("administrator", "/admin/"),
    ("administrator", "/admin/catalog/procedure/"),
    ("administrator", "/admin/catalog/publicationdecision/"),
    ("administrator", "/admin/dossiers/dossier/"),
    ("administrator", "/admin/dossiers/dossier/?q=nguyen"),
    ("administrator", "/admin/accounts/user/"),
    ("administrator", "/admin/catalog/searchsynonym/"),
    # A reviewing department's specialist files reviews.
    ("reviewer", "/ra-soat/"),
    ("reviewer", "/ra-soat/danh-gia/moi/"),
    ("reviewer", "/ra-soat/danh-gia/moi/?procedure={procedure}"),
]

# URL names of the site that are not pages to open: actions (POST only), redirects, external
# sign-in, and files served only to the one who asked — each with why.
NOT_PAGES: dict[str, str] = {
    "set_language": "POST: changes the language",
    "logout": "POST: signs out",
    "oidc_authentication_init": "redirects to the national identity provider",
    "oidc_authentication_callback": "the identity provider's return",
    "password_reset_confirm": "a one-time link from an e-mail",
    "portal:start": "opens a draft and redirects to it (portal:draft is measured)",
    "portal:rate": "POST: a rating",
    "portal:supplement": "POST: documents supplemented",
    "portal:stop": "POST: a stop request",
    "payments:returned": "the provider's return after paying",
    "payments:sandbox": "the test gateway (demo only)",
    "api:auth-token": "POST: a token (measured as the sign-in)",
    "api:decision-import": "POST: an upload",
    "api:decision-annex": "POST: an annex upload",
    "api:decision-import-document": "POST: a document upload",
    "api:decision-document": "a DOCX or PDF download, written per request",
    "api:decision-row": "POST: resolving a row",
    "api:decision-sign": "POST: a signature",
    "api:decision-items": "POST: an item of a decision",
    "api:dossier-slip": "the same PDF as the desk's slip page",
    "api:dossier-actions": "POST: an action on a dossier",
    "api:dossier-scans": "POST: a scan",
    "api:review-plan-assignments": "POST: a plan's assignments",
    "api:plan-recommendations": "POST: a recommendation",
    "api:draft-procedures": "POST: a draft's procedure",
    "dossiers:digitize": "POST: a scan uploaded from the dossier page",
    "payments:counter": "POST: a fee paid at the desk",
    "api:dossier-scan-file": "the same file as the desk's scan page",
    "api:payment-callback": "POST: the provider's notice",
    "api:plan-approve": "POST: an approval",
    "api:revision": "POST: a revision",
    "api:outcome": "POST: an outcome",
    "api:draft-opinion": "POST: an opinion",
    "api:reform-report": "POST: a progress report",
    "api:reform-import": "POST: an import",
    "api:national-dossiers": "POST: the national hub's dossiers",
    "api:result-verify": "POST: a result checked (the page by number is measured)",
    "dossiers:searchable": "a file: the searchable PDF of a copy",
    "dossiers:confirm-read": "POST: details read from a scan confirmed",
    "dossiers:reuse-stored": "POST: a stored paper taken for a document",
    "dossiers:revoke-result": "POST: an electronic result revoked",
    "api:not-found": "any other path: a JSON 404",
}


def samples(make_draft: bool = True) -> dict[str, str | None]:
    """The demo's objects the site map's pages are opened on. ``make_draft``: start the citizen's
    online draft if there is none (not in a database the benchmark did not load itself)."""
    from django.contrib.auth import get_user_model

    from motcua.agencies.models import Agency
    from motcua.catalog.models import Procedure, PublicationDecision
    from motcua.dossiers.models import DigitizedCopy, Dossier, State
    from motcua.payments.models import Payment
    from motcua.portal.models import Draft
    from motcua.quality.models import Feedback
    from motcua.reform.models import ReformPlan, ReformTask
    from motcua.reviews.models import DraftRegulation, Review, ReviewPlan, SimplificationPlan

    user = get_user_model()
    citizen = user.objects.get(email="congdan@motcua.vn")
    desk = Agency.objects.get(code=_desk_code())
    own = Dossier.objects.filter(owner=citizen).order_by("id")
    desk_dossiers = Dossier.objects.filter(receiving_agency=desk, state=State.RETURNED)
    scanned = DigitizedCopy.objects.filter(dossier__receiving_agency=desk).order_by("id").first()
    desk_dossier = scanned.dossier if scanned else desk_dossiers.order_by("-id").first()
    tracked = Dossier.objects.exclude(phone="").order_by("id").first()
    draft = Draft.objects.filter(owner=citizen, dossier=None).first()
    if draft is None and make_draft:  # the draft form is measured on an open draft
        from motcua.portal import submission

        draft = submission.start(citizen, _online_procedure_code(citizen))
    owing = own.filter(state=State.PAYMENT).first() or own.first()
    return {
        "procedure": Procedure.objects.filter(code="1.001193").values_list("code", flat=True)[0],
        "online_procedure": _online_procedure_code(citizen),
        "agency": desk.code,
        "decision": str(PublicationDecision.objects.order_by("id").first().pk),
        "tracked": tracked.code,
        "tracked_phone": tracked.phone,
        "feedback": str(Feedback.objects.order_by("id").first().pk),
        "feedback_token": Feedback.objects.order_by("id").first().token,
        "own_dossier": own.filter(state=State.RETURNED).first().code,
        "own_file": str(DigitizedCopy.objects.filter(dossier__owner=citizen).first().pk),
        "own_draft": str(draft.pk) if draft else None,
        "owing_dossier": owing.code,
        "own_payment": Payment.objects.filter(dossier__owner=citizen, state="paid")
        .first()
        .reference,
        "desk_dossier": desk_dossier.code,
        "desk_procedure": desk_dossier.procedure.code,
        "desk_scan": str(scanned.pk if scanned else 0),
        "reform_plan": str(ReformPlan.objects.order_by("id").first().pk),
        "task": str(ReformTask.objects.order_by("id").first().pk),
        "review_plan": str(ReviewPlan.objects.order_by("id").first().pk),
        "review": str(Review.objects.order_by("id").first().pk),
        "plan": str(SimplificationPlan.objects.order_by("id").first().pk),
        "draft_regulation": str(DraftRegulation.objects.order_by("id").first().pk),
    }


def _desk_code() -> str:
    from motcua.agencies.models import StaffRole

    role = StaffRole.objects.filter(user__username=ROLES["one-stop officer"]).first()
    return role.agency.code


def _online_procedure_code(user) -> str:
    """A procedure the citizen submitted online before."""
    from motcua.dossiers.models import Dossier

    return Dossier.objects.filter(owner=user, channel="online").order_by("id")[0].procedure.code


def sign_in(client, username: str) -> float:
    """Sign in through the form; the seconds it took."""
    started = time.perf_counter()
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    elapsed = time.perf_counter() - started
    if response.status_code != 302:
        raise RuntimeError(f"{username} could not sign in ({response.status_code})")
    return elapsed


def measure(repeat: int = REPEAT, make_draft: bool = True) -> Iterator[tuple[str, str, int, float]]:
    """(role, path, status, p95 seconds) for every page of the site map, each role's sign-in
    first as ``(role, "sign-in", 302, p95)``."""
    import gc

    from django.test import Client

    objects = samples(make_draft)
    gc.freeze()  # as motcua.wsgi does once the application is loaded
    only = re.compile(os.environ.get("BENCH_PAGES_ONLY", ""))
    for role, username in ROLES.items():
        if not any(who == role and only.search(path) for who, path in SITEMAP):
            continue
        client = Client()
        if username:
            sign_in(Client(), username)  # the first request of a process loads what it needs
            signing = [sign_in(Client(), username) for _ in range(repeat)]
            yield role, "sign-in", 302, percentile(signing, 0.95)
            sign_in(client, username)
        for who, template in SITEMAP:
            if who != role or not only.search(template):
                continue
            if any(
                objects.get(name) is None for _, name, _, _ in Formatter().parse(template) if name
            ):
                continue  # nothing of the kind in this database
            path = template.format(**objects)
            status = client.get(path).status_code  # first: warms the caches, checks the page
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                client.get(path)
                times.append(time.perf_counter() - started)
            yield role, path, status, percentile(times, 0.95)


def _rows(tag: str, target_ms: float, repeat: int, make_draft: bool = True) -> Iterator[dict]:
    worst = 0.0
    for role, path, status, p95 in measure(repeat, make_draft):
        ms = p95 * 1000
        worst = max(worst, ms)
        yield {
            "bench": tag,
            "metric": f"{role} {path}",
            "value": round(ms, 1),
            "unit": "ms p95",
            "status": status,
            "ok": status in (200, 302) and ms <= target_ms,
            "target": None,
        }
    yield {
        "bench": tag,
        "metric": "slowest_page_p95",
        "value": round(worst, 1),
        "unit": "ms",
        "target": target_ms,
        "higher_is_better": False,
    }


@contextmanager
def _existing():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    yield connection.vendor


def run(quick: bool = False) -> Iterator[dict]:
    # The demo's applicants pay online through the test gateway, as under ``make run``.
    os.environ.setdefault("MOTCUA_PAYMENT_SANDBOX", "1")
    existing = os.environ.get("BENCH_PAGES_EXISTING") == "1"
    volume = float(os.environ.get("BENCH_PAGES_VOLUME") or (0.05 if quick else 1.0))
    with _existing() if existing else database() as vendor:
        from django.core.management import call_command

        from motcua.dossiers.models import Dossier

        if not existing:
            started = time.perf_counter()
            call_command("load_demo", volume=volume, stdout=open(os.devnull, "w"))  # noqa: SIM115
            settle()
            yield {
                "bench": f"pages[{vendor}]",
                "metric": "demo_load_seconds",
                "value": round(time.perf_counter() - started, 1),
                "unit": "s",
                "target": None,
            }
        count = Dossier.objects.count()
        target = TARGET_MS_AT_A_MILLION if count >= LARGE else TARGET_MS
        yield from _rows(
            f"pages[{vendor}, {count} dossiers]", target, 3 if quick else REPEAT, not existing
        )
