"""The national procedure database into the catalog: the simulator serves national records
(``LayDanhSachTTHC``/``LayThuTuc``); a reading stores what changed as the catalog's national
track and drafts a publication decision with what the national side added, changed or
abolished — or writes nothing when the national side stops answering halfway."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command

from motcua.agencies.models import StaffRole
from motcua.catalog import selectors
from motcua.catalog import services as catalog
from motcua.catalog.models import DecisionItem, Procedure, ProcedureVersion, PublicationDecision
from motcua.national import pull
from motcua.national.models import CatalogPull, ProcedureMapping
from motcua.national.records import thu_tuc
from motcua.national.simulator import Portal, Simulator
from tests.catalog.conftest import sample_lines
from tests.dossiers.conftest import user

pytestmark = pytest.mark.django_db
Action = DecisionItem.Action
DAY = dt.date(2023, 6, 1)
PROVINCE_CODES = ["1.012781", "1.001061", "2.002060"]  # the province publishes these three
NEWCOMER = "1.004286"  # not imported: new on the national side


def records() -> dict[str, dict]:
    wanted = set(PROVINCE_CODES) | {NEWCOMER}
    return {
        raw["ma_thu_tuc"]: raw
        for raw in (json.loads(line) for line in sample_lines())
        if raw["ma_thu_tuc"] in wanted
    }


class Portals(Portal):
    """The national side, with one procedure's record unreadable on demand."""

    broken: str = ""
    down_for: str = ""

    def answer(self, path: str, body: dict):
        if body.get("service") == "LayThuTuc" and body.get("maTTHC") == self.down_for:
            return 500, None, []
        if body.get("service") == "LayThuTuc" and body.get("maTTHC") == self.broken:
            return 200, {"error_code": -1, "message": "Không tìm thấy thủ tục"}, []
        return super().answer(path, body)


@pytest.fixture
def national(settings, demo):
    raws = records()
    catalog.import_national_records(
        [json.dumps(raws[code]) for code in PROVINCE_CODES], on=dt.date(2023, 1, 2)
    )
    decision = catalog.create_decision("1/QĐ-UBND")
    for code in PROVINCE_CODES:
        catalog.add_item(decision, Action.NEW, code)
    catalog.sign_decision(decision, signed_on=dt.date(2023, 1, 2))
    portal = Portals()
    portal.catalog = {code: thu_tuc(raw) for code, raw in raws.items()}
    simulator = Simulator(portal).start()
    settings.NATIONAL = {
        **settings.NATIONAL,
        "URL": simulator.url,
        "USERNAME": "motcua",
        "PASSWORD": "motcua-sim",
        "TIMEOUT": 0.5,
    }
    yield portal
    simulator.stop()


def read() -> CatalogPull:
    return pull.run(CatalogPull.objects.create(), on=DAY)


def national_versions(code: str) -> list[ProcedureVersion]:
    return list(
        ProcedureVersion.objects.filter(
            procedure__code=code, source=ProcedureVersion.Source.NATIONAL
        ).order_by("number")
    )


def test_what_the_national_side_added_is_stored_and_drafted_as_new(national):
    done = read()
    assert done.state == CatalogPull.State.DONE and done.listed == 4
    assert [row[0] for row in done.report["added"]] == [NEWCOMER]
    assert done.report["unchanged"] == 3 and not done.report["changed"]  # same content, new form
    stored = national_versions(NEWCOMER)
    assert len(stored) == 1 and stored[0].raw["_service"] == "LayThuTuc"
    assert stored[0].time_limits.exists() and stored[0].documents.exists()
    items = list(done.decision.items.select_related("procedure", "version"))
    assert done.decision.state == PublicationDecision.State.DRAFT
    assert [(i.action, i.procedure.code) for i in items] == [(Action.NEW, NEWCOMER)]
    assert items[0].version.name == stored[0].name  # the national content, to localise
    # Nothing new on the national side, and the draft is still open: nothing drafted twice.
    again = read()
    assert again.decision is None and again.report["added"] == []
    assert PublicationDecision.objects.filter(state="draft").count() == 1


def test_a_change_is_drafted_as_an_amendment_that_keeps_the_provinces_localisation(national):
    code = PROVINCE_CODES[0]
    province = selectors.province_version(Procedure.objects.get(code=code), DAY)
    province.agencies.set([StaffRole.objects.get(user__username="stp.motcua").agency])
    changed = copy.deepcopy(national.catalog[code])
    changed["CACHTHUCTHUCHIEN"][0]["THOIGIAN"][0]["THOIGIANGIAIQUYET"] = "7"
    changed["THANHPHANHOSO"][0]["GIAYTO"].append(
        {"MAGIAYTO": "", "TENGIAYTO": "Tờ khai điện tử", "TENMAUDON": "", "URL": ""}
    )
    national.catalog[code] = changed

    done = read()
    assert [(row[0], row[2]) for row in done.report["changed"]] == [
        (code, ["time_limits", "documents"])
    ]
    old, new = national_versions(code)
    assert old.effective_to == DAY - dt.timedelta(days=1) and new.effective_from == DAY
    assert new.procedure_type == old.procedure_type  # not in LayThuTuc: kept from the record held
    item = done.decision.items.get(procedure__code=code)
    assert item.action == Action.AMENDED
    assert "7" in [str(t.value.normalize()) for t in item.version.time_limits.all()]
    assert "Tờ khai điện tử" in [d.name for d in item.version.documents.all()]
    assert list(item.version.agencies.all()) == list(province.agencies.all())
    assert "thời hạn" in item.version.change_note.lower()
    # Signed, the amendment is the province's version in force.
    catalog.sign_decision(done.decision, signed_on=DAY)
    assert selectors.province_version(Procedure.objects.get(code=code), DAY) == item.version


def test_an_abolition_and_a_procedure_no_longer_listed_are_drafted_as_abolished(national):
    national.catalog[PROVINCE_CODES[1]]["TRANGTHAI"] = "0"
    del national.catalog[PROVINCE_CODES[2]]
    done = read()
    assert sorted(row[0] for row in done.report["abolished"]) == PROVINCE_CODES[1:]
    actions = dict(done.decision.items.values_list("procedure__code", "action"))
    assert actions == {
        NEWCOMER: Action.NEW,
        PROVINCE_CODES[1]: Action.ABOLISHED,
        PROVINCE_CODES[2]: Action.ABOLISHED,
    }
    assert national_versions(PROVINCE_CODES[1])[-1].effective_to == DAY - dt.timedelta(days=1)


def test_a_national_side_down_halfway_writes_nothing_and_a_refused_record_is_listed(national):
    national.down_for = NEWCOMER
    failed = read()
    assert failed.state == CatalogPull.State.FAILED and "HTTP 500" in failed.error
    assert (
        national_versions(NEWCOMER) == []
        and not PublicationDecision.objects.filter(state="draft").exists()
    )
    with pytest.raises(CommandError):
        call_command("pull_national_catalog", "--date", "2023-06-01")

    national.down_for, national.broken = "", NEWCOMER
    done = read()
    assert done.report["refused"] == [[NEWCOMER, "Không tìm thấy thủ tục"]]
    assert done.decision is None and national_versions(NEWCOMER) == []


def test_a_listing_that_is_not_what_it_says_is_refused_without_a_500(national):
    national.catalog["x; DROP TABLE"] = {"TENTTHC": "<script>"}
    national.catalog[NEWCOMER] = {"MATTHC": "1.0", "TENTTHC": "?"}
    done = read()
    assert done.state == CatalogPull.State.DONE
    assert {code for code, _message in done.report["refused"]} == {"x; DROP TABLE", NEWCOMER}
    assert done.decision is None and done.report["unchanged"] == 3
    national.catalog = {"x; DROP TABLE": {"TENTTHC": "<script>"}}
    assert read().decision is None  # a listing without one procedure abolishes nothing


def test_the_command_prints_the_changes(national, capsys):
    call_command("pull_national_catalog", "--date", "2023-06-01")
    out = capsys.readouterr().out
    assert f"+ {NEWCOMER}" in out and "QG-20230601" in out
    with pytest.raises(CommandError):
        call_command("pull_national_catalog", "--date", "01/06/2023")


def test_only_the_control_office_reads_the_national_catalog(
    client, national, django_capture_on_commit_callbacks
):
    client.force_login(user("stp.motcua"))
    assert client.post("/dong-bo-quoc-gia/", {"action": "pull"}).status_code == 403
    assert not CatalogPull.objects.exists()
    client.force_login(user("stp.kiemsoat"))
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post("/dong-bo-quoc-gia/", {"action": "pull"}, follow=True)
    assert response.status_code == 200 and len(queued) == 1  # the background job
    assert "Đang đọc danh mục TTHC quốc gia" in response.content.decode()
    again = client.post("/dong-bo-quoc-gia/", {"action": "pull"}, follow=True)
    assert "chưa xong" in again.content.decode() and CatalogPull.objects.count() == 1
    asked = CatalogPull.objects.get()
    pull.pull_catalog_job.call(asked.pk)  # what the worker runs
    done = CatalogPull.objects.get()
    assert done.state == CatalogPull.State.DONE and done.created_by == user("stp.kiemsoat")
    assert done.decision.created_by == done.created_by
    page = client.get("/dong-bo-quoc-gia/").content.decode()
    assert done.decision.number in page and "1 thêm mới" in page
    assert pull.pull_catalog_job.call(asked.pk) == "done"  # delivered twice: read once
    assert PublicationDecision.objects.count() == 2


def test_procedures_without_a_national_code_are_flagged_before_any_dossier(client, national):
    client.force_login(user("stp.kiemsoat"))
    page = client.get("/dong-bo-quoc-gia/").content.decode()
    assert "Mọi thủ tục trong danh mục của tỉnh đều có mã quốc gia." in page
    ProcedureMapping.objects.create(
        procedure=Procedure.objects.get(code=PROVINCE_CODES[0]), national_code=""
    )
    page = client.get("/dong-bo-quoc-gia/").content.decode()
    assert "1 thủ tục trong danh mục của tỉnh chưa có mã quốc gia" in page
    assert PROVINCE_CODES[0] in page
