"""The one-stop shop under load:

* full lifecycles (receive → hand over → forward → result → return) per second through the
  service layer;
* receipts per second through the HTTP API (authentication, validation, permissions, the
  appointment from the working calendar, Idempotency-Key, the journal, notifications, the
  statistics' day book) against a minimal Django view writing the same receipt in the same run
  (target ratio ≥ 0.5; bench/dossier_urls.py), and, for the record, against a view writing one
  row;
* at a large number of dossiers (1,000,000 unless --quick; rows written in bulk, not through the
  services): look-up by code, an officer's queue and a search by applicant, p95 (target ≤ 20 ms).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
import uuid
import zoneinfo
from collections.abc import Iterator

from bench.django_env import api_headers, database, percentile, settle

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
CODE = "1.012781"


def _setup():
    from django.contrib.auth import get_user_model

    from motcua.agencies.models import StaffRole
    from motcua.catalog import services as catalog
    from motcua.catalog.models import DecisionItem
    from motcua.catalog.services import import_national_records, read_lines
    from motcua.demo import agencies
    from motcua.demo.catalog import SAMPLE

    agencies.load_2023()
    agencies.ensure_superuser()
    lines = [line for line in read_lines(SAMPLE) if f'"{CODE}"' in line]
    import_national_records(lines)
    decision = catalog.create_decision("1/QĐ-BENCH")
    catalog.add_item(decision, DecisionItem.Action.NEW, CODE)
    catalog.sign_decision(decision, signed_on=dt.date(2023, 1, 2))
    agency = StaffRole.objects.get(user__username="stp.motcua").agency
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="stp.")}
    return agency, users


def _lifecycles(agency, users, count: int) -> float:
    from motcua.dossiers import services

    at = dt.datetime(2023, 3, 6, 8, 0, tzinfo=VN)
    started = time.perf_counter()
    for index in range(count):
        dossier = services.receive(
            procedure_code=CODE,
            deciding_agency=agency,
            receiving_agency=agency,
            channel="direct",
            applicant=services.Applicant(name=f"Người nộp {index}", id_number=f"{index:012d}"),
            documents=[services.Handed(name="Đơn", originals=1)],
            user=users["stp.motcua"],
            at=at,
        )
        for action, login, params in (
            ("hand_over", "stp.motcua", {}),
            ("forward", "stp.chuyenvien", {}),
            ("record_result", "stp.lanhdao", {"number": "1", "signer": "A"}),
            ("return_result", "stp.motcua", {}),
        ):
            services.act(dossier.code, action, user=users[login], at=at, **params)
    return count / (time.perf_counter() - started)


def _api_ratio(agency, count: int) -> tuple[float, float, float]:
    from django.test import Client, override_settings

    with override_settings(ROOT_URLCONF="bench.dossier_urls"):
        client = Client()
        headers = api_headers(client)
        body = json.dumps(
            {
                "procedure": CODE,
                "agency": agency.code,
                "channel": "direct",
                "applicant": {"name": "Nguyễn Văn An", "phone": "0912345678"},
                "documents": [{"name": "Đơn", "originals": 1}],
            }
        )

        def rate(send) -> float:
            started = time.perf_counter()
            for index in range(count):
                response = send(index)
                assert response.status_code == 201, response.content[:300]
            return count / (time.perf_counter() - started)

        # Interleaved rounds, best of three: all sides see the same machine load.
        api, receipt, minimal = [], [], []
        for _round in range(3):
            api.append(
                rate(
                    lambda i: client.post(
                        "/api/v1/dossiers",
                        body,
                        content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex,
                        **headers,
                    )
                )
            )
            receipt.append(
                rate(
                    lambda i: client.post(
                        "/bench/minimal-receipt", body, content_type="application/json"
                    )
                )
            )
            minimal.append(rate(lambda i: client.post("/bench/minimal", **headers)))
        return max(api), max(receipt), max(minimal)


def _bulk(agency, procedure_version, total: int, rng: random.Random) -> list[str]:
    """``total`` dossier rows written in bulk (the look-ups need the volume, not the history)."""
    from django.utils import timezone

    from motcua.core.text import fold
    from motcua.dossiers.models import Dossier

    names = (
        ["Nguyễn", "Trần", "Lê", "Hoàng", "Nông", "Triệu"],
        ["Văn", "Thị", "Đức"],
        [
            "An",
            "Bình",
            "Chi",
            "Dũng",
            "Hà",
            "Lan",
        ],
    )
    start = dt.datetime(2023, 1, 2, 8, 0, tzinfo=VN)
    codes: list[str] = []
    batch = []
    for index in range(total):
        name = f"{rng.choice(names[0])} {rng.choice(names[1])} {rng.choice(names[2])} {index}"
        received = start + dt.timedelta(seconds=index * 30)
        code = f"{agency.code}-{received:%y%m%d}-{index:07d}"
        codes.append(code)
        batch.append(
            Dossier(
                code=code,
                procedure_id=procedure_version.procedure_id,
                version=procedure_version,
                regime="nd61-2018",
                channel="direct",
                receiving_agency=agency,
                deciding_agency=agency,
                holder=agency,
                state=rng.choice([2, 4, 4, 4, 9, 10, 10, 10, 10, 10]),
                applicant_kind="person",
                applicant_name=name,
                applicant_folded=fold(name),
                id_number=f"{index:012d}",
                result_delivery="direct",
                received_at=received,
                due_at=received + dt.timedelta(days=20),
                created_at=timezone.now(),
            )
        )
        if len(batch) == 5000:
            Dossier.objects.bulk_create(batch)
            batch = []
    Dossier.objects.bulk_create(batch)
    return codes


def _p95(client, requests: list[tuple[str, dict]], headers: dict) -> float:
    timings = []
    for url, params in requests:
        started = time.perf_counter()
        response = client.get(url, params, **headers)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:300]
    return percentile(timings, 0.95)


def run(quick: bool = False) -> Iterator[dict]:
    rng = random.Random(4)
    with database() as vendor:
        from django.test import Client

        from motcua.catalog.models import ProcedureVersion

        agency, users = _setup()
        tag = f"dossier_flow[{vendor}]"
        per_second = _lifecycles(agency, users, 20 if quick else 200)
        yield {
            "bench": tag,
            "metric": "lifecycles_per_second",
            "value": round(per_second, 1),
            "unit": "lifecycles/s",
            "target": None,
        }
        api, receipt, minimal = _api_ratio(agency, 10 if quick else 100)
        for metric, value, unit, target in (
            ("api_receipts_per_second", api, "requests/s", None),
            ("minimal_receipts_per_second", receipt, "requests/s", None),
            ("minimal_writes_per_second", minimal, "requests/s", None),
            # The target: the API against the plainest view writing the same receipt.
            ("receipt_vs_minimal_receipt_ratio", api / receipt, "ratio", 0.5),
            # For the record: against a view writing a single row.
            ("receipt_vs_one_row_ratio", api / minimal, "ratio", None),
        ):
            yield {
                "bench": tag,
                "metric": metric,
                "value": round(value, 3 if unit == "ratio" else 1),
                "unit": unit,
                "target": target,
            }

        total = 20_000 if quick else 1_000_000
        version = ProcedureVersion.objects.filter(procedure__code=CODE, source="province").first()
        codes = _bulk(agency, version, total, rng)
        settle()
        client = Client()
        headers = api_headers(client)
        tag = f"dossier_lookup[{vendor},{total}]"
        words = ["nguyen van", "tran thi", "hoang duc", "le van", "trieu thi"]
        cases = {
            "by_code_p95": [(f"/api/v1/dossiers/{c}", {}) for c in rng.sample(codes, 100)],
            "queue_p95": [("/api/v1/dossiers", {"state": 4}) for _ in range(100)],
            "applicant_search_p95": [
                ("/api/v1/dossiers", {"q": f"{rng.choice(words)} {rng.choice(['an', 'binh'])}"})
                for _ in range(100)
            ],
        }
        for metric, requests in cases.items():
            yield {
                "bench": tag,
                "metric": metric,
                "value": round(_p95(client, requests, headers), 2),
                "unit": "ms",
                "target": 20,
                "higher_is_better": False,
            }
