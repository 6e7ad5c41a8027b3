"""The control office in the admin: signing decisions, internal processes checked on save."""

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model

from motcua.agencies.models import Agency
from motcua.catalog import selectors, services
from motcua.catalog.models import DecisionItem, InternalProcess, Procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def controller(client, demo):
    client.force_login(get_user_model().objects.get(username="stp.kiemsoat"))
    return client


def test_signing_a_draft_from_the_admin(controller, sample_subset):
    decision = services.create_decision("77/QĐ-UBND")
    decision.signed_on = dt.date(2023, 2, 1)
    decision.save()
    services.add_item(decision, DecisionItem.Action.NEW, "1.012781")
    response = controller.post(
        "/admin/catalog/publicationdecision/",
        {"action": "sign", "_selected_action": [decision.pk]},
        follow=True,
    )
    assert response.status_code == 200
    decision.refresh_from_db()
    assert decision.state == "signed"
    assert selectors.province_version(Procedure.objects.get(code="1.012781"), dt.date(2023, 2, 1))


def test_a_refused_signature_is_explained(controller, sample_subset):
    decision = services.create_decision("78/QĐ-UBND")
    services.add_item(decision, DecisionItem.Action.ABOLISHED, "1.012781")
    page = controller.post(
        "/admin/catalog/publicationdecision/",
        {"action": "sign", "_selected_action": [decision.pk]},
        follow=True,
    ).content.decode()
    decision.refresh_from_db()
    assert decision.state == "draft"
    assert "1.012781" in page


def process_form(days: str) -> dict:
    data = {
        "procedure": Procedure.objects.get(code="1.012781").pk,
        "agency": Agency.objects.get(code="000.00.10.H03").pk,
        "channel": "online",
        "number": 1,
        "effective_from": "2023-03-01",
        "steps-TOTAL_FORMS": 2,
        "steps-INITIAL_FORMS": 0,
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": 1000,
        "segments-TOTAL_FORMS": 0,
        "segments-INITIAL_FORMS": 0,
        "segments-MIN_NUM_FORMS": 0,
        "segments-MAX_NUM_FORMS": 1000,
    }
    for index, (action, value, counted) in enumerate(
        [("Thẩm định", days, "on"), ("Trả kết quả", "0.25", "")]
    ):
        data.update(
            {
                f"steps-{index}-order": index + 1,
                f"steps-{index}-actor": "Chuyên viên",
                f"steps-{index}-action": action,
                f"steps-{index}-days": value,
            }
        )
        if counted:
            data[f"steps-{index}-counted"] = counted
    return data


def test_an_internal_process_is_checked_on_save(controller, sample_subset):
    url = "/admin/catalog/internalprocess/add/"
    refused = controller.post(url, process_form("11"))
    assert refused.status_code == 200
    assert "11" in refused.content.decode() and not InternalProcess.objects.exists()
    accepted = controller.post(url, process_form("10"))
    assert accepted.status_code == 302
    assert InternalProcess.objects.get().steps.count() == 2


def test_a_shared_budget_counts_instead_of_its_steps_in_the_admin(controller, sample_subset):
    url = "/admin/catalog/internalprocess/add/"
    form = process_form("3") | {
        "segments-TOTAL_FORMS": 1,
        "segments-0-first": 1,
        "segments-0-last": 1,
        "segments-0-days": "9",
    }
    refused = controller.post(url, form)
    assert refused.status_code == 200 and not InternalProcess.objects.exists()
    accepted = controller.post(url, form | {"segments-0-days": "10"})
    assert accepted.status_code == 302
    assert InternalProcess.objects.get().segments.get().days == 10


def run_worker() -> None:
    """The database task backend's own worker, until the queue is empty."""
    from django.core.management import call_command

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


# The worker closes connections left in a transaction: these tests commit for real.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_national_records_upload_runs_in_the_background_with_progress(
    controller, settings, tmp_path
):
    import gzip

    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.catalog.models import ImportJob
    from tests.catalog.conftest import sample_lines

    settings.MEDIA_ROOT = tmp_path
    data = gzip.compress("".join(sample_lines()[:120]).encode())
    response = controller.post(
        "/admin/catalog/procedure/import/",
        {"file": SimpleUploadedFile("records.jsonl.gz", data)},
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/import/{job.pk}/")
    assert (job.state, job.total_lines, job.done_lines) == ("queued", 120, 0)
    assert Procedure.objects.count() == 0  # nothing imported inside the request
    status = controller.get(f"/admin/catalog/procedure/import/{job.pk}/status/").json()
    assert status == {
        "state": "queued",
        "state_label": "đang chờ",
        "done_lines": 0,
        "total_lines": 120,
        "percent": 0,
        "finished": False,
    }
    assert (
        "db_worker" in controller.get(f"/admin/catalog/procedure/import/{job.pk}/").content.decode()
    )

    run_worker()
    job.refresh_from_db()
    assert (job.state, job.done_lines, job.percent) == ("done", 120, 100)
    assert job.summary["created"] == 120 and job.summary["rejected"] == 0
    assert Procedure.objects.count() == 120
    page = controller.get(f"/admin/catalog/procedure/import/{job.pk}/").content.decode()
    assert "Đọc 120 dòng: 120 thủ tục mới" in page
    assert controller.get(f"/admin/catalog/procedure/import/{job.pk}/status/").json()["finished"]


def test_progress_is_reported_between_records(sample_subset):
    from tests.catalog.conftest import sample_lines

    seen: list[int] = []
    services.import_national_records(sample_lines()[:130], progress=seen.append)
    assert seen == [50, 100]


# The worker closes connections left in a transaction: these tests commit for real.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_job_runs_once_however_often_it_is_delivered(controller, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.catalog.tasks import import_national_job
    from tests.catalog.conftest import sample_lines

    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("a.jsonl", "".join(sample_lines()[:5]).encode())
    job = services.start_import(upload)
    import_national_job.enqueue(job.pk)  # delivered a second time
    run_worker()
    job.refresh_from_db()
    assert job.state == "done" and job.summary["created"] == 5
    assert Procedure.objects.count() == 5


def test_an_unreadable_upload_is_refused_and_nothing_is_queued(controller, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.catalog.models import ImportJob

    settings.MEDIA_ROOT = tmp_path
    broken = b"\x1f\x8b\x08\x00 not really gzip"
    page = controller.post(
        "/admin/catalog/procedure/import/", {"file": SimpleUploadedFile("r.jsonl.gz", broken)}
    ).content.decode()
    assert "Không đọc được tệp" in page
    assert not ImportJob.objects.exists()
    assert not any(tmp_path.rglob("*.gz"))


def test_an_annex_upload_in_the_admin_makes_a_draft(controller, sample_subset):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.catalog.test_xlsx import workbook

    data = workbook([[1, "1.012781", "", "", "", "Ban hành mới", ""]])
    response = controller.post(
        "/admin/catalog/publicationdecision/import-annex/",
        {"number": "92/QĐ-UBND", "file": SimpleUploadedFile("a.xlsx", data)},
    )
    assert response.status_code == 302
    bad = controller.post(
        "/admin/catalog/publicationdecision/import-annex/",
        {"number": "93/QĐ-UBND", "file": SimpleUploadedFile("a.xlsx", b"nope")},
    ).content.decode()
    assert "xlsx" in bad.lower()


def test_a_form_template_is_attached_and_offered_for_download(
    controller, sample_subset, settings, tmp_path, client
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.catalog.models import ProcedureVersion

    settings.MEDIA_ROOT = tmp_path  # leave no file behind
    version = ProcedureVersion.objects.get(procedure__code="1.012781")
    documents = list(version.documents.all())
    data = {
        "documents-TOTAL_FORMS": len(documents),
        "documents-INITIAL_FORMS": len(documents),
        "documents-MIN_NUM_FORMS": 0,
        "documents-MAX_NUM_FORMS": 1000,
    }
    for prefix, rows in [("time_limits", version.time_limits), ("fees", version.fees)]:
        # Read-only on a published version, but the admin still expects their management forms.
        count = rows.count()
        data |= {f"{prefix}-TOTAL_FORMS": count, f"{prefix}-INITIAL_FORMS": count}
        for index, row in enumerate(rows.all()):
            data[f"{prefix}-{index}-id"] = row.pk
            data[f"{prefix}-{index}-version"] = version.pk
    for index, document in enumerate(documents):
        data[f"documents-{index}-id"] = document.pk
        data[f"documents-{index}-version"] = version.pk
    data["documents-0-form_file"] = SimpleUploadedFile("to-khai.docx", b"PK\x03\x04 docx bytes")
    response = controller.post(f"/admin/catalog/procedureversion/{version.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    documents[0].refresh_from_db()
    assert documents[0].form_file.name.endswith(".docx")
    page = client.get("/portal/thu-tuc/1.012781/").content.decode()
    assert documents[0].form_file.url in page

    data["documents-0-form_file"] = SimpleUploadedFile("virus.exe", b"MZ")
    refused = controller.post(f"/admin/catalog/procedureversion/{version.pk}/change/", data)
    assert refused.status_code == 200  # the form comes back with the error; nothing saved


def _inline_data(version, prefix: str, rows: list, fields: list[str]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": sum(1 for r in rows if r.get("id")),
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        data[f"{prefix}-{index}-version"] = version.pk
        for name in ["id", *fields]:
            value = row.get(name)
            data[f"{prefix}-{index}-{name}"] = "" if value is None else value
    return data


def test_a_draft_version_gets_its_own_time_limits_per_sub_case(controller, sample_subset):
    """Localization: before signing, the control office sets the province's time limits, one row
    per way of submitting and sub-case; once signed they are history and read-only."""
    from django.forms.models import model_to_dict

    from motcua.catalog.models import ProcedureVersion

    decision = services.create_decision("78/QĐ-UBND")
    services.add_item(decision, DecisionItem.Action.NEW, "1.012781")
    version = ProcedureVersion.objects.get(procedure__code="1.012781", status="pending")
    limit_fields = ["channel", "sub_case", "value", "unit", "text", "description"]
    limits = [model_to_dict(t, fields=["id", *limit_fields]) for t in version.time_limits.all()]
    limits.append(
        {
            "channel": "direct",
            "sub_case": "Trường hợp cấp đổi",
            "value": "7",
            "unit": "working_days",
        }
    )
    data = {
        **_inline_data(version, "time_limits", limits, limit_fields),
        **_inline_data(version, "fees", [], ["channel", "amount", "currency", "text"]),
        **_inline_data(version, "documents", [], []),
    }
    page = controller.get(f"/admin/catalog/procedureversion/{version.pk}/change/")
    for name, value in page.context["adminform"].form.initial.items():
        if name not in ("agencies",) and value is not None:
            data.setdefault(name, json.dumps(value) if isinstance(value, list | dict) else value)
    data["agencies"] = [a.pk for a in version.agencies.all()]

    bad = {**data, f"time_limits-{len(limits) - 1}-unit": ""}
    refused = controller.post(f"/admin/catalog/procedureversion/{version.pk}/change/", bad)
    assert refused.status_code == 200
    assert "Thời hạn có số cần có đơn vị" in refused.content.decode()
    assert not version.time_limits.filter(sub_case="Trường hợp cấp đổi").exists()

    saved = controller.post(f"/admin/catalog/procedureversion/{version.pk}/change/", data)
    assert saved.status_code == 302
    assert version.time_limits.get(sub_case="Trường hợp cấp đổi").value == 7

    services.sign_decision(decision, signed_on=dt.date(2023, 2, 1))
    published = controller.get(f"/admin/catalog/procedureversion/{version.pk}/change/")
    assert 'name="time_limits-0-value"' not in published.content.decode()  # read-only
    detail = controller.get("/portal/thu-tuc/1.012781/?ngay=2023-02-01").content.decode()
    assert "Trường hợp cấp đổi" in detail
