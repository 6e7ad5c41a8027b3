"""The daily reconciliation: each dossier received or changed on a day, looked up on the national
side (``TraCuuHoSo``) and compared with what motcua would send now — missing there, another
status, another appointment or another end date. The result is kept (``Reconciliation``) for the
control office's page; a difference is fixed by sending the dossier again (``requeue``)."""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.national import delivery, mapping, payloads
from motcua.national.client import Client, NationalError
from motcua.national.models import Reconciliation

KINDS = {
    "missing": gettext_lazy("Missing on the national portal"),
    "status": gettext_lazy("Another status"),
    "appointment": gettext_lazy("Another appointment"),
    "end": gettext_lazy("Another end date"),
}
COMPARED = {"status": "TrangThaiHoSo", "appointment": "NgayHenTra", "end": "NgayKetThucXuLy"}


def dossiers_of(day: dt.date) -> list[int]:
    """Dossiers received on ``day`` or with an event on it (local day)."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time(), tzinfo=tz)
    end = start + dt.timedelta(days=1)
    changed = DossierEvent.objects.filter(at__gte=start, at__lt=end).values("dossier_id")
    return list(
        Dossier.objects.filter(
            Q(received_at__gte=start, received_at__lt=end) | Q(pk__in=changed)
        ).values_list("pk", flat=True)
    )


def run(day: dt.date, *, sample: int | None = None, client: Client | None = None) -> Reconciliation:
    """Compare ``day``'s dossiers (or ``sample`` of them, drawn at random) and keep the result."""
    client = client or Client.configured()
    ids = dossiers_of(day)
    if sample is not None and len(ids) > sample:
        ids = random.sample(ids, sample)
    result = Reconciliation(day=day, ran_at=timezone.now())
    statuses = mapping.statuses()
    rows = payloads.load(ids)
    codes = payloads.codes_for(rows)
    differences = []
    try:
        for row in sorted(rows, key=lambda r: r["code"]):
            try:
                here = payloads.prepare(row, statuses, 0, codes)
            except mapping.Unmapped as err:
                differences.append(
                    {"code": row["code"], "kind": "missing", "here": str(err), "there": ""}
                )
                continue
            found = client.look_up(here.madonvi, row["code"])
            there = found[0] if isinstance(found, list) and found else found
            if not there:
                differences.append(
                    {"code": row["code"], "kind": "missing", "here": "", "there": ""}
                )
                continue
            for kind, name in COMPARED.items():
                if str(there.get(name, "")) != here.item[name]:
                    differences.append(
                        {
                            "code": row["code"],
                            "kind": kind,
                            "here": here.item[name],
                            "there": str(there.get(name, "")),
                        }
                    )
            result.checked += 1
    except NationalError as err:
        result.failed = err.message[:2000]
    result.differences = differences
    result.save()
    return result


def requeue(codes: list[str]) -> int:
    """Send the dossiers ``codes`` again, whole (a difference's one action)."""
    return delivery.queue_whole(
        list(Dossier.objects.filter(code__in=codes).values_list("pk", flat=True))
    )
