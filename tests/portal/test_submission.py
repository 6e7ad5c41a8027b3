"""Online submission: a draft filled in over visits, one idempotent submit, the officer's check,
the applicant's data store, and nobody else seeing any of it."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from motcua.agencies.models import Role, StaffRole
from motcua.catalog.models import ProcedureVersion
from motcua.core.errors import PermissionDenied
from motcua.dossiers import selectors, services
from motcua.dossiers.models import DigitizedCopy, Dossier, State
from motcua.portal.models import Draft, DraftFile
from tests.dossiers.conftest import CODE

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def citizen(email="an@example.vn", phone="0912345678"):
    return get_user_model().objects.create_user(
        username=email,
        email=email,
        phone=phone,
        password="x-Long-pass-1",
        kind="citizen",
        full_name="Nguyễn Văn An",
        id_number="006090001234",
        address="Phường Đức Xuân",
    )


@pytest.fixture
def version(published):
    return ProcedureVersion.objects.filter(procedure__code=CODE, source="province").get()


@pytest.fixture
def agency(version):
    return selectors.deciding_agencies(version, timezone.localdate()).first()


def form_data(version, agency, **extra):
    data = {
        "agency": agency.pk,
        "name": "Nguyễn Văn An",
        "kind": "person",
        "id_number": "006090001234",
        "phone": "0912345678",
        "email": "an@example.vn",
        "address": "Phường Đức Xuân",
        "representative_name": "",
        "result_delivery": "online",
    }
    for document in version.documents.all():
        data[f"doc_{document.pk}"] = SimpleUploadedFile(f"{document.pk}.pdf", PDF)
    return data | extra


def start(client, version):
    response = client.post(reverse("portal:start", args=[CODE]))
    assert response.status_code == 302, response
    return Draft.objects.latest("id")


def test_a_citizen_saves_a_draft_then_submits_once(client, version, agency):
    client.force_login(citizen())
    draft = start(client, version)
    assert draft.applicant["name"] == "Nguyễn Văn An"  # filled in from the profile
    assert start(client, version) == draft  # the open draft again, not a second one
    url = reverse("portal:draft", args=[draft.pk])
    saved = client.post(url, form_data(version, agency, save="1"))
    assert saved.status_code == 302
    assert DraftFile.objects.filter(draft=draft).count() == version.documents.count()
    assert not Dossier.objects.exists()
    mine = client.get(reverse("portal:mine")).content.decode()
    assert version.name in mine  # the draft is listed by its procedure's name, not a code alone
    submitted = client.post(url, {**form_data(version, agency), "submit": "1"})
    dossier = Dossier.objects.get()
    assert submitted["Location"] == reverse("portal:dossier", args=[dossier.code])
    assert dossier.state == State.SUBMITTED and dossier.channel == "online"
    assert dossier.owner.email == "an@example.vn" and dossier.submitted_at is not None
    assert dossier.scans.filter(kind=DigitizedCopy.Kind.ONLINE).count() == len(
        version.documents.all()
    )
    assert dossier.events.get().action == "submit"
    again = client.post(url, {**form_data(version, agency), "submit": "1"})
    assert again["Location"] == submitted["Location"]
    assert Dossier.objects.count() == 1
    page = client.get(submitted["Location"])
    assert page.status_code == 200 and "Nộp trực tuyến" in page.content.decode()


def test_a_file_that_is_not_pdf_jpeg_png_is_refused_and_nothing_kept(client, version, agency):
    client.force_login(citizen())
    draft = start(client, version)
    document = version.documents.first()
    data = form_data(version, agency, save="1")
    data[f"doc_{document.pk}"] = SimpleUploadedFile("thing.pdf", b"MZ\x90\x00 not a pdf")
    response = client.post(reverse("portal:draft", args=[draft.pk]), data)
    assert response.status_code == 400
    assert f"doc_{document.pk}" in response.context["form"].errors
    assert not DraftFile.objects.exists()


def test_missing_documents_are_named_and_no_dossier_is_made(client, version, agency):
    client.force_login(citizen())
    draft = start(client, version)
    data = {k: v for k, v in form_data(version, agency).items() if not k.startswith("doc_")}
    response = client.post(reverse("portal:draft", args=[draft.pk]), {**data, "submit": "1"})
    assert response.status_code == 400
    assert not Dossier.objects.exists()
    assert (
        "hồ sơ" in response.context["form"].non_field_errors()[0].lower()
        or response.context["form"].non_field_errors()
    )


def test_a_procedure_not_offered_online_cannot_be_started(client, version):
    version.online = ProcedureVersion.Online.NONE
    version.save()
    client.force_login(citizen())
    response = client.post(reverse("portal:start", args=[CODE]), follow=True)
    assert not Draft.objects.exists()
    assert "không được cung cấp trực tuyến" in response.content.decode()


def test_an_expired_draft_is_refused(client, version, agency):
    client.force_login(citizen())
    draft = start(client, version)
    Draft.objects.filter(pk=draft.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    response = client.post(
        reverse("portal:draft", args=[draft.pk]), {**form_data(version, agency), "submit": "1"}
    )
    assert response.status_code == 410
    assert not Dossier.objects.exists()


def test_nobody_else_sees_a_draft_or_a_dossier(client, version, agency):
    client.force_login(citizen())
    draft = start(client, version)
    client.post(
        reverse("portal:draft", args=[draft.pk]), {**form_data(version, agency), "submit": "1"}
    )
    dossier = Dossier.objects.get()
    client.force_login(citizen("other@example.vn", "0988000111"))
    assert client.get(reverse("portal:draft", args=[draft.pk])).status_code == 404
    assert client.get(reverse("portal:dossier", args=[dossier.code])).status_code == 404
    scan = dossier.scans.first()
    assert client.get(reverse("portal:file", args=[dossier.code, scan.pk])).status_code == 404


def test_the_officer_accepts_and_the_clock_counts_from_the_submission(version, agency):
    owner = citizen()
    documents = [services.Handed(required_id=d.pk, copies=1) for d in version.documents.all()]
    saturday = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)
    dossier = services.submit_online(
        procedure_code=CODE,
        agency=agency,
        applicant=services.Applicant(name="An"),
        documents=documents,
        attachments=[
            services.Attached(document=i, name="a.pdf", data=PDF) for i in range(len(documents))
        ],
        owner=owner,
        at=saturday,
    )
    officer = get_user_model().objects.create_user(username="check", password="x")
    StaffRole.objects.create(user=officer, agency=agency, role=Role.ONE_STOP_OFFICER)
    monday = dt.datetime(2026, 11, 30, 3, 0, tzinfo=dt.UTC)  # 10:00 in Hà Nội
    accepted = services.act(dossier.code, "accept", user=officer, at=monday)
    assert accepted.state == State.RECEIVED
    assert accepted.received_at == saturday  # counted from the next working moment
    assert accepted.due_at is not None and accepted.due_at > monday
    with pytest.raises(PermissionDenied):
        services.act(dossier.code, "hand_over", user=owner, at=monday)


def test_a_document_in_the_data_store_is_reused_not_uploaded_again(client, version, agency):
    owner = citizen()
    client.force_login(owner)
    draft = start(client, version)
    client.post(
        reverse("portal:draft", args=[draft.pk]), {**form_data(version, agency), "submit": "1"}
    )
    first = Dossier.objects.get()
    second = start(client, version)
    assert second != draft
    document = version.documents.first()
    source = first.scans.get(document__required=document)  # the paper of that document's kind
    # A stored paper of each document's kind is proposed already (the newest), and only
    # papers of its kind are offered for it.
    from motcua.dossiers.digitization import paper_kind

    form = client.get(reverse("portal:draft", args=[second.pk])).context["form"]
    kinds = dict(first.scans.values_list("pk", "paper_kind"))
    for wanted in version.documents.all():
        field = f"reuse_{wanted.pk}"
        assert field in form.fields and kinds[int(form[field].value())] == paper_kind(wanted.name)
        offered = [int(v) for v, _label in form.fields[field].choices if v]
        assert {kinds[pk] for pk in offered} == {paper_kind(wanted.name)}
    data = form_data(version, agency, submit="1")
    del data[f"doc_{document.pk}"]
    data[f"reuse_{document.pk}"] = str(source.pk)
    response = client.post(reverse("portal:draft", args=[second.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    reused = Dossier.objects.exclude(pk=first.pk).get().scans.get(document__required=document)
    assert reused.reused_from == source and reused.sha256 == source.sha256
    assert reused.file.name == source.file.name


def submitted(version, agency, owner):
    documents = [services.Handed(required_id=d.pk, copies=1) for d in version.documents.all()]
    return services.submit_online(
        procedure_code=CODE,
        agency=agency,
        applicant=services.Applicant(name="An"),
        documents=documents,
        attachments=[],
        owner=owner,
    )


def test_the_applicant_sends_the_papers_asked_for_from_the_portal(client, version, agency):
    from motcua.dossiers import selectors

    owner = citizen()
    dossier = submitted(version, agency, owner)
    services.act(dossier.code, "request_supplement", missing=["Bản vẽ thửa đất", "Tờ khai"])
    client.force_login(owner)
    page = client.get(reverse("portal:dossier", args=[dossier.code]))
    assert "Bản vẽ thửa đất" in page.content.decode()
    bad = client.post(
        reverse("portal:supplement", args=[dossier.code]),
        {"paper_0": SimpleUploadedFile("x.exe", b"MZ not a pdf")},
    )
    assert bad.status_code == 302
    assert Dossier.objects.get(pk=dossier.pk).state == State.SUPPLEMENT
    assert not Dossier.objects.get(pk=dossier.pk).documents.filter(name="Bản vẽ thửa đất").exists()
    client.post(
        reverse("portal:supplement", args=[dossier.code]),
        {
            "paper_0": SimpleUploadedFile("ban-ve.pdf", PDF),
            "paper_1": SimpleUploadedFile("tk.pdf", PDF),
        },
    )
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.state == State.SUBMITTED  # back to the desk's check
    event = dossier.events.get(action="supplement")
    assert event.actor == owner
    assert dossier.scans.filter(document__name="Tờ khai", kind="online").exists()
    assert selectors.replay(dossier) == (dossier.state, dossier.due_at)


def test_applicants_may_ask_to_stop_but_not_act_for_the_desk(client, version, agency):
    owner = citizen()
    dossier = submitted(version, agency, owner)
    with pytest.raises(PermissionDenied):
        services.act(dossier.code, "accept", applicant=owner)
    other = citizen("b@example.vn", "0988000111")
    with pytest.raises(PermissionDenied):
        services.act(dossier.code, "request_stop", applicant=other)
    client.force_login(owner)
    client.post(reverse("portal:stop", args=[dossier.code]), {"reason": "Không cần nữa"})
    assert Dossier.objects.get(pk=dossier.pk).state == State.STOP_REQUESTED


def test_an_online_submission_waits_in_the_queue_with_its_checking_deadline(
    client, version, agency
):
    owner = citizen()
    saturday = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)
    documents = [services.Handed(required_id=d.pk, copies=1) for d in version.documents.all()]
    dossier = services.submit_online(
        procedure_code=CODE,
        agency=agency,
        applicant=services.Applicant(name="An"),
        documents=documents,
        attachments=[],
        owner=owner,
        at=saturday,
    )
    # Sent on a Saturday: checked by the end of Monday (8 working hours from Monday's start).
    assert (
        dossier.check_due_at.astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%a %H:%M")
        == "Mon 17:00"
    )
    officer = get_user_model().objects.create_user(username="check", password="x")
    StaffRole.objects.create(user=officer, agency=agency, role=Role.ONE_STOP_OFFICER)
    client.force_login(officer)
    Dossier.objects.filter(pk=dossier.pk).update(
        check_due_at=timezone.now() - dt.timedelta(hours=1)
    )
    late = client.get(reverse("dossiers:queue"), {"tab": "late"})
    assert dossier.code in late.content.decode()
    page = client.get(reverse("dossiers:detail", args=[dossier.code]))
    assert "Tiếp nhận (đủ điều kiện)" in page.content.decode()


def test_the_data_store_page_lists_only_the_owners_copies(client, version, agency):
    owner = citizen()
    client.force_login(owner)
    draft = start(client, version)
    client.post(
        reverse("portal:draft", args=[draft.pk]), {**form_data(version, agency), "submit": "1"}
    )
    page = client.get(reverse("portal:data-store"))
    dossier = Dossier.objects.get()
    assert page.status_code == 200 and dossier.code in page.content.decode()
    client.force_login(citizen("other@example.vn", "0988000111"))
    assert dossier.code not in client.get(reverse("portal:data-store")).content.decode()
