"""Dossier codes stay unique and gap-free when several processes receive at the same moment
(PostgreSQL: the day's counter row is locked by each receipt until it commits)."""

import multiprocessing
import zoneinfo

import pytest

from tests.dossiers.conftest import CODE

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WORKERS, EACH = 4, 6


def _receive_many(agency_id: int, barrier, out) -> None:
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.db import connections

    from motcua.agencies.models import Agency

    connections.close_all()  # a forked child opens its own connection
    agency = Agency.objects.get(pk=agency_id)
    officer = get_user_model().objects.get(username="stp.motcua")
    at = dt.datetime(2023, 3, 6, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    barrier.wait()
    codes = []
    try:
        _receive(agency, officer, at, codes)
    except Exception as err:  # reported to the parent instead of leaving it waiting
        out.put(f"{type(err).__name__}: {err}")
    else:
        out.put(codes)
    finally:
        connections.close_all()


def _receive(agency, officer, at, codes: list[str]) -> None:
    from motcua.dossiers import services

    for index in range(EACH):
        dossier = services.receive(
            procedure_code=CODE,
            deciding_agency=agency,
            receiving_agency=agency,
            channel="direct",
            applicant=services.Applicant(name=f"Người nộp {index}"),
            documents=[services.Handed(name="Đơn", originals=1)],
            user=officer,
            at=at,
        )
        codes.append(dossier.code)


def test_parallel_receipts_never_share_a_code(published, stp):
    from django.db import connections

    connections.close_all()  # nothing shared across the fork
    context = multiprocessing.get_context("fork")
    barrier, out = context.Barrier(WORKERS), context.Queue()
    workers = [
        context.Process(target=_receive_many, args=(stp.pk, barrier, out)) for _ in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    answers = [out.get(timeout=120) for _ in workers]
    assert all(isinstance(answer, list) for answer in answers), answers
    codes = [code for answer in answers for code in answer]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert len(codes) == len(set(codes)) == WORKERS * EACH
    sequences = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert sequences == list(range(1, WORKERS * EACH + 1))  # no number skipped or reused
