from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.accounts.api.permissions import PublicReadsMixin, needs
from motcua.accounts.permissions import Action
from motcua.agencies.models import Agency
from motcua.catalog import decision_document, search, selectors, services, xlsx
from motcua.catalog.api.serializers import (
    ITEM_TEXT_FIELDS,
    AsOfSerializer,
    DecisionCreateSerializer,
    DecisionDetailSerializer,
    DecisionSerializer,
    DocumentReadingSerializer,
    DocumentUploadSerializer,
    ItemCreateSerializer,
    ProcedureDetailSerializer,
    ProcedureListSerializer,
    ProcedureQuerySerializer,
    ProcessInSerializer,
    ProcessOutSerializer,
    RowResolveSerializer,
    SignSerializer,
    StatisticsSerializer,
)
from motcua.catalog.models import (
    Field,
    InternalProcess,
    Procedure,
    ProcedureVersion,
    PublicationDecision,
)
from motcua.catalog.services import documents
from motcua.catalog.shapes import SUMMARY, primary_level
from motcua.core import reference
from motcua.core.api import PERIOD, WRITE_ERRORS, ErrorSerializer, period
from motcua.core.errors import DomainError, NotFound
from motcua.core.idempotency import idempotent
from motcua.core.text import fold, nfc
from motcua.core.xlsx import XLSX_TYPE


class ProcedureListView(APIView):
    """Search the catalog: accent-insensitive, forgiving of typos, best match first."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="procedures_list",
        parameters=[ProcedureQuerySerializer],
        responses={200: ProcedureListSerializer, 400: ErrorSerializer},
        tags=["catalog"],
    )
    def get(self, request: Request) -> Response:
        query = ProcedureQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        offset, limit = data.pop("offset"), data.pop("limit")
        result = search.search(
            data.get("q", ""),
            on=data.get("as_of") or timezone.localdate(),
            scope=data.get("scope"),
            field=data.get("field"),
            level=data.get("level"),
            agency=data.get("agency"),
            online=data.get("online"),
            kind=data.get("kind"),
            offset=offset,
            limit=limit,
        )

        def link(new_offset: int) -> str:
            params = request.query_params.copy()
            params["offset"] = str(new_offset)
            params["limit"] = str(limit)
            return request.build_absolute_uri(f"{request.path}?{urlencode(params)}")

        return Response(
            {
                "count": result.total,
                "count_is_estimate": result.estimated,
                "next": link(offset + limit) if result.has_more else None,
                "previous": link(max(0, offset - limit)) if offset else None,
                "corrected": result.corrected,
                "results": [SUMMARY.write_instance(v, {}) for v in result.versions],
            }
        )


class ProcedureDetailView(APIView):
    """A procedure as in force on a date (default today), and the decisions that changed it."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="procedures_retrieve",
        parameters=[AsOfSerializer],
        responses={200: ProcedureDetailSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
        tags=["catalog"],
    )
    def get(self, request: Request, code: str) -> Response:
        query = AsOfSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        on = query.validated_data.get("as_of") or timezone.localdate()
        version = selectors.version_with_content(code, on)
        if version is None:
            if not Procedure.objects.filter(code=code).exists():
                raise selectors.no_such_procedure(code)
            raise NotFound(
                _("Procedure %(code)s is not in force on %(day)s.")
                % {"code": code, "day": on.strftime("%d/%m/%Y")},
                code="not_in_force",
            )
        procedure = version.procedure
        data = {
            "code": procedure.code,
            "name": version.name,
            "kind": procedure.kind,
            "level": primary_level(version.level_list),
            "in_province_list": version.source == ProcedureVersion.Source.PROVINCE,
            "version": version,
            "history": selectors.history(procedure),
        }
        return Response(ProcedureDetailSerializer(data).data)


class FieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = Field
        fields = ["id", "name", "code"]


class FieldListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="fields_list", responses={200: FieldSerializer(many=True)}, tags=["catalog"]
    )
    def get(self, request: Request) -> Response:
        return Response(FieldSerializer(Field.objects.all(), many=True).data)


class DecisionListSerializer(serializers.Serializer):
    results = DecisionSerializer(many=True)


class DecisionListView(PublicReadsMixin, APIView):
    """Publication decisions signed in a period; the control office creates drafts here."""

    write_action = Action.CATALOG_MANAGE

    @extend_schema(
        operation_id="decisions_list",
        parameters=PERIOD,
        responses={200: DecisionListSerializer, 400: ErrorSerializer},
        tags=["catalog"],
    )
    def get(self, request: Request) -> Response:
        start, end = period(request)
        decisions = (
            PublicationDecision.objects.filter(
                state=PublicationDecision.State.SIGNED, signed_on__gte=start, signed_on__lte=end
            )
            .prefetch_related("items")
            .order_by("signed_on", "number")
        )
        return Response({"results": DecisionSerializer(decisions, many=True).data})

    @extend_schema(
        operation_id="decisions_create",
        request=DecisionCreateSerializer,
        responses={201: DecisionDetailSerializer, **WRITE_ERRORS},
        tags=["catalog"],
    )
    @idempotent
    def post(self, request: Request) -> Response:
        body = DecisionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decision = services.create_decision(**body.validated_data, created_by=request.user)
        return Response(DecisionDetailSerializer(decision).data, status=201)


class DecisionDetailView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="decisions_retrieve",
        responses={200: DecisionDetailSerializer, 404: ErrorSerializer},
        tags=["catalog"],
    )
    def get(self, request: Request, pk: int) -> Response:
        decision = get_object_or_404(
            PublicationDecision.objects.prefetch_related(
                "items__procedure", "items__successor", "items__version", "duties"
            ),
            pk=pk,
        )
        return Response(DecisionDetailSerializer(decision).data)


class DecisionItemsView(APIView):
    permission_classes = [needs(Action.CATALOG_MANAGE)]

    @extend_schema(
        operation_id="decisions_items_create",
        request=ItemCreateSerializer,
        responses={201: DecisionDetailSerializer, **WRITE_ERRORS},
        tags=["catalog"],
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        decision = get_object_or_404(PublicationDecision, pk=pk)
        body = ItemCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        changes = item_changes(data)
        services.add_item(
            decision,
            data["action"],
            data["procedure"],
            successor_code=data.get("successor") or None,
            changes=changes,
            note=data.get("note", ""),
        )
        return Response(DecisionDetailSerializer(decision).data, status=201)


def _agencies(codes: list[str], field: str) -> list[Agency]:
    found = {a.code: a for a in Agency.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        message = _("Unknown agency code: %(code)s.") % {"code": ", ".join(unknown)}
        raise DomainError(message, code="agency_not_found", fields={field: [message]})
    return [found[code] for code in codes]


def item_changes(data: dict) -> dict:
    """An item's content as the API takes it, in the shape ``add_item`` applies: what is
    given replaces the base record's; what is left out is the base record's."""
    changes: dict = {k: data[k] for k in ITEM_TEXT_FIELDS if data.get(k) is not None}
    if not changes.get("name"):
        changes.pop("name", None)
    if data.get("field"):
        changes["field"] = Field.objects.filter(folded=fold(data["field"])).first() or (
            Field.objects.create(name=nfc(data["field"]))
        )
    if "levels" in data:
        changes["levels"] = "," + ",".join(dict.fromkeys(data["levels"])) + ","
    for name in ("online", "mechanism", "boundary_independent", "centralised_system"):
        if name in data:
            changes[name] = data[name]
    children = {k: [dict(row) for row in data[k]] for k in services.CHILD_FIELDS if k in data}
    if children:
        changes["children"] = children
    if "agencies" in data:
        changes["agencies"] = _agencies(data["agencies"], "agencies")
    return changes


class DecisionSignView(APIView):
    permission_classes = [needs(Action.DECISION_SIGN)]

    @extend_schema(
        operation_id="decisions_sign",
        request=SignSerializer,
        responses={200: DecisionDetailSerializer, **WRITE_ERRORS},
        tags=["catalog"],
    )
    @idempotent
    def post(self, request: Request, pk: int) -> Response:
        decision = get_object_or_404(PublicationDecision, pk=pk)
        body = SignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decision = services.sign_decision(decision, by=request.user, **body.validated_data)
        return Response(DecisionDetailSerializer(decision).data)


class CatalogStatisticsView(APIView):
    """Decisions signed and procedures published in a period, by action."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="catalog_statistics",
        parameters=PERIOD,
        responses={200: StatisticsSerializer, 400: ErrorSerializer},
        tags=["catalog"],
    )
    def get(self, request: Request) -> Response:
        start, end = period(request)
        stats = selectors.catalog_statistics(start, end)
        size = selectors.catalog_size(end)
        return Response(
            {
                "from": start,
                "to": end,
                "decisions": stats["decisions"],
                "procedures": stats["procedures"],
                "size": size,
            }
        )


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class CatalogExportView(APIView):
    """The catalog in force on a date as XLSX (default: the province's published list)."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="catalog_export",
        parameters=[
            OpenApiParameter("as_of", str, description="YYYY-MM-DD, default today"),
            OpenApiParameter("scope", str, enum=["province", "all"]),
        ],
        responses={(200, XLSX_TYPE): OpenApiTypes.BINARY, 400: ErrorSerializer},
        tags=["catalog"],
    )
    def get(self, request: Request) -> HttpResponse:
        query = AsOfSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        on = query.validated_data.get("as_of") or timezone.localdate()
        scope = request.query_params.get("scope", "province")
        if scope not in ("province", "all"):
            raise DomainError(
                _("Unknown scope."), code="invalid", fields={"scope": [_("Not a valid choice.")]}
            )
        # Made once per state of the catalog: every download of the same list between two
        # changes is the same workbook (half a second to write).
        data = reference.shared(
            ("catalog.export", on, scope, get_language()),
            lambda: xlsx.export_catalog(on, scope=scope),
        )
        return _xlsx_response(data, f"danh-muc-tthc-{on}.xlsx")


class DecisionAnnexView(APIView):
    """A decision's annex (the list of procedures it publishes) as XLSX."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="decisions_annex",
        responses={(200, XLSX_TYPE): OpenApiTypes.BINARY, 404: ErrorSerializer},
        tags=["catalog"],
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        decision = get_object_or_404(PublicationDecision, pk=pk)
        safe = decision.number.replace("/", "-")
        return _xlsx_response(xlsx.export_annex(decision), f"phu-luc-{safe}.xlsx")


class AnnexUploadSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=100)
    title = serializers.CharField(required=False, allow_blank=True, default="")
    file = serializers.FileField(max_length=255)


class DecisionImportView(APIView):
    """A draft decision from an annex spreadsheet (STT, Mã TTHC, Tên TTHC, Lĩnh vực, Cơ quan thực
    hiện, Hình thức [, Mã TTHC thay thế]): every row becomes an item, or nothing is stored."""

    permission_classes = [needs(Action.CATALOG_MANAGE)]
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="decisions_import",
        request={"multipart/form-data": AnnexUploadSerializer},
        responses={201: DecisionDetailSerializer, **WRITE_ERRORS},
        tags=["catalog"],
    )
    @idempotent
    def post(self, request: Request) -> Response:
        body = AnnexUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise DomainError(
                _("The file is larger than 10 MB."),
                code="file_too_large",
                fields={"file": [_("Too large.")]},
            )
        decision = xlsx.import_annex(
            upload.read(),
            number=body.validated_data["number"],
            title=body.validated_data["title"],
            created_by=request.user,
        )
        return Response(DecisionDetailSerializer(decision).data, status=201)


class DecisionDocumentImportView(APIView):
    """A publication decision read from its signed document (DOCX, or PDF with a text layer):
    number, date, signer, the follow-up duties of its articles, every annex row matched to the
    catalog. With ``confirm=true`` the draft is created (rows that cannot become items are kept
    on it and block signing); without, nothing is stored."""

    permission_classes = [needs(Action.CATALOG_MANAGE)]
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="decisions_import_document",
        request={"multipart/form-data": DocumentUploadSerializer},
        responses={
            200: DocumentReadingSerializer,
            201: DocumentReadingSerializer,
            **WRITE_ERRORS,
        },
        tags=["catalog"],
    )
    @idempotent
    def post(self, request: Request) -> Response:
        body = DocumentUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        data, read = documents.read_upload(upload)
        result = documents.summary(read, documents.check(read))
        result.update(decision=None, unresolved=0)
        if not body.validated_data["confirm"]:
            return Response(result)
        decision = documents.create_draft(read, filename=upload.name, data=data, by=request.user)
        result.update(decision=decision.pk, unresolved=len(decision.unresolved))
        return Response(result, status=201)


class DecisionDocumentView(APIView):
    """The decision as the document to sign: DOCX (default) or PDF, in the Decree 30 layout.
    A signed decision is public; a draft is for the control office."""

    permission_classes = [AllowAny]

    def perform_content_negotiation(self, request, force=False):
        # ``format`` chooses the document here, not a DRF renderer: errors stay JSON.
        return JSONRenderer(), JSONRenderer.media_type

    @extend_schema(
        operation_id="decisions_document",
        parameters=[OpenApiParameter("format", str, enum=["docx", "pdf"])],
        responses={
            (200, decision_document.DOCX_TYPE): OpenApiTypes.BINARY,
            (200, "application/pdf"): OpenApiTypes.BINARY,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
        tags=["catalog"],
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        decision = get_object_or_404(PublicationDecision, pk=pk)
        if decision.state != PublicationDecision.State.SIGNED:
            permission = needs(Action.CATALOG_MANAGE)()
            if not permission.has_permission(request, self):
                self.permission_denied(request)
        fmt = request.query_params.get("format", "docx")
        if fmt not in ("docx", "pdf"):
            raise DomainError(
                _("Unknown format."), code="invalid", fields={"format": [_("docx or pdf.")]}
            )
        return decision_document.document_response(decision, fmt)


class DecisionRowView(APIView):
    """Resolve a row of an imported document that did not become an item: its code, or drop."""

    permission_classes = [needs(Action.CATALOG_MANAGE)]

    @extend_schema(
        operation_id="decisions_rows_resolve",
        request=RowResolveSerializer,
        responses={200: DecisionDetailSerializer, **WRITE_ERRORS},
        tags=["catalog"],
    )
    @idempotent
    def post(self, request: Request, pk: int, order: int) -> Response:
        decision = get_object_or_404(PublicationDecision, pk=pk)
        body = RowResolveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        decision = documents.resolve_row(decision, order, **body.validated_data)
        return Response(DecisionDetailSerializer(decision).data)


class ProcedureProcessesView(APIView):
    """A procedure's internal processes (quy trình nội bộ): read those in force on a date,
    write a new version for an agency (checked against the legal time limit)."""

    permission_classes = [AllowAny]

    def get_permissions(self):
        if self.request.method == "POST":
            return [needs(Action.CATALOG_MANAGE)()]
        return super().get_permissions()

    @extend_schema(
        operation_id="procedures_processes_list",
        parameters=[
            OpenApiParameter("agency", str, description="identifier code"),
            OpenApiParameter("as_of", str, description="YYYY-MM-DD, default today"),
        ],
        responses={
            200: ProcessOutSerializer(many=True),
            400: ErrorSerializer,
            404: ErrorSerializer,
        },
        tags=["catalog"],
    )
    def get(self, request: Request, code: str) -> Response:
        procedure = Procedure.objects.filter(code=code).first()
        if procedure is None:
            raise selectors.no_such_procedure(code)
        query = AsOfSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        on = query.validated_data.get("as_of") or timezone.localdate()
        found = (
            InternalProcess.objects.filter(procedure=procedure, effective_from__lte=on)
            .exclude(effective_to__lt=on)
            .select_related("procedure", "agency")
            .order_by("agency__code", "channel", "-number")
        )
        agency = request.query_params.get("agency")
        if agency:
            found = found.filter(agency__code=agency[:20])
        return Response(ProcessOutSerializer(found, many=True).data)

    @extend_schema(
        operation_id="procedures_processes_create",
        request=ProcessInSerializer,
        responses={201: ProcessOutSerializer, **WRITE_ERRORS},
        tags=["catalog"],
    )
    @idempotent
    def post(self, request: Request, code: str) -> Response:
        procedure = Procedure.objects.filter(code=code).first()
        if procedure is None:
            raise selectors.no_such_procedure(code)
        body = ProcessInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        (agency,) = _agencies([data["agency"]], "agency")
        step_agencies = [s.get("agency") for s in data["steps"]] + [
            s.get("agency") for s in data.get("segments", [])
        ]
        known = {a.code: a for a in _agencies([c for c in step_agencies if c], "steps")}
        steps = [{**step, "agency": known.get(step.get("agency") or "")} for step in data["steps"]]
        segments = [
            {**seg, "agency": known.get(seg.get("agency") or "")}
            for seg in data.get("segments", [])
        ]
        process = services.save_internal_process(
            procedure,
            agency,
            steps=steps,
            segments=segments,
            effective_from=data["effective_from"],
            channel=data["channel"],
            approval_decision=data["approval_decision"],
            approved_on=data.get("approved_on"),
        )
        return Response(ProcessOutSerializer(process).data, status=201)
