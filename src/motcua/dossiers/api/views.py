"""The one-stop shop's API (API-CONTRACT.md, "Dossiers")."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.accounts.permissions import Action as Perm
from motcua.accounts.permissions import agencies_for
from motcua.agencies.models import Agency
from motcua.agencies.selectors import known_agency
from motcua.core.api import ErrorSerializer
from motcua.core.errors import DomainError, NotFound
from motcua.core.idempotency import idempotent
from motcua.core.pagination import KeysetPagination
from motcua.core.parsers import JSONParser
from motcua.core.plain_input import validated
from motcua.dossiers import digitization, results, selectors, services, slips
from motcua.dossiers.api.detail import detail
from motcua.dossiers.api.serializers import (
    ActionSerializer,
    DossierCreateSerializer,
    DossierDetailSerializer,
    DossierQuerySerializer,
    DossierSerializer,
    ScanSerializer,
    ScanUploadSerializer,
    VerdictSerializer,
    VerifyRequestSerializer,
)
from motcua.dossiers.api.shapes import DOSSIER, SCAN
from motcua.dossiers.models import Dossier

ERRORS = {code: ErrorSerializer for code in (400, 401, 403, 404, 409, 422)}
IDEMPOTENCY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    description="A replay with the same key returns the first answer and writes nothing.",
)


def _receiving_agency(request: Request, code: str | None, deciding: Agency) -> Agency:
    if code:
        return deciding if code == deciding.code else known_agency(code, "receiving_agency")
    found = agencies_for(request.user, Perm.DOSSIER_RECEIVE)
    desks = None if found is None else list(found)
    if desks is not None and len(desks) == 1:
        return deciding if desks[0] == deciding.pk else Agency.objects.get(pk=desks[0])
    raise DomainError(
        _("Say at which one-stop desk the dossier is received."),
        code="invalid",
        fields={"receiving_agency": [_("This field is required.")]},
    )


class DossierCursor(KeysetPagination):
    ordering = "-id"
    page_size = 50


class DossierListView(ListAPIView):
    """Dossiers the caller may see, newest first, filtered; keyset pages. POST receives one."""

    permission_classes = [IsAuthenticated]
    serializer_class = DossierSerializer
    pagination_class = DossierCursor
    filter_backends: list = []

    def get_queryset(self):
        query = DossierQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        wanted = dict(query.validated_data)
        if not any(value not in (None, "") for value in wanted.values()):
            newest = self._newest_page()
            if newest is not None:
                return Dossier.objects.filter(id__in=newest)
        qs = selectors.visible_to(self.request.user)
        if queue := wanted.pop("queue", None):
            qs = selectors.in_queue(qs, self.request.user, queue)
        return selectors.search(qs, **wanted)

    def _newest_page(self) -> list[int] | None:
        """Without filters, a forward page's ids found by the per-index walk of ``selectors.
        newest`` (the OR of the ways an agency sees a dossier reads them all: 0.4 s at a million);
        None for a page the walk does not serve (backwards), which takes the general query."""
        paginator = self.paginator
        assert isinstance(paginator, DossierCursor)  # pagination_class
        cursor = paginator.decode_cursor(self.request)
        if cursor is not None and (cursor.reverse or cursor.offset):
            return None
        below = int(cursor.position) if cursor is not None and cursor.position else None
        size = paginator.get_page_size(self.request) or DossierCursor.page_size
        return selectors.newest(self.request.user, size + 1, below=below)

    def list(self, request: Request, *args, **kwargs) -> Response:
        # One query of the dossiers alone, as values (building six model instances a row cost
        # more than the query); the codes and names of what they point to from the process.
        # The id: the page's key.
        rows = self.paginate_queryset(self.get_queryset().values("id", *DOSSIER.columns())) or []
        return self.get_paginated_response(DOSSIER.write_all(rows, {"request": request}))

    @extend_schema(
        operation_id="dossiers_list",
        parameters=[DossierQuerySerializer],
        responses={200: DossierSerializer(many=True), 400: ErrorSerializer, 401: ErrorSerializer},
        tags=["dossiers"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="dossiers_create",
        request=DossierCreateSerializer,
        parameters=[IDEMPOTENCY],
        responses={201: DossierSerializer, **ERRORS},
        tags=["dossiers"],
    )
    @idempotent
    def post(self, request: Request) -> Response:
        data = validated(DossierCreateSerializer, request.data)
        applicant = dict(data["applicant"])
        deciding = known_agency(data["agency"], "agency")
        dossier = services.receive(
            procedure_code=data["procedure"],
            deciding_agency=deciding,
            receiving_agency=_receiving_agency(request, data.get("receiving_agency"), deciding),
            channel=data["channel"],
            applicant=services.Applicant(**applicant),
            documents=[
                services.Handed(
                    required_id=d.get("document"),
                    name=d.get("name", ""),
                    originals=d["originals"],
                    copies=d["copies"],
                    scan_exemption=d.get("scan_exemption", ""),
                )
                for d in data["documents"]
            ],
            outcome=services.Outcome(data["outcome"], data["missing"], data["reason"]),
            user=request.user,
            result_delivery=data.get("result_delivery", ""),
        )
        # The summary of the dossier just written (its steps and journal: GET dossiers/<code>).
        body = DOSSIER.write_instance(dossier, {"request": request})
        return Response(body, status=201)


def _detail(request: Request, code: str) -> dict:
    return detail(request.user, code, {"request": request})


class DossierDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="dossiers_retrieve",
        responses={200: DossierDetailSerializer, 401: ErrorSerializer, 404: ErrorSerializer},
        tags=["dossiers"],
    )
    def get(self, request: Request, code: str) -> Response:
        return Response(_detail(request, code))


class DossierActionView(APIView):
    """One action of the table on a dossier (409 ``transition_not_allowed`` when its state does
    not allow it)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="dossiers_act",
        request=ActionSerializer,
        parameters=[IDEMPOTENCY],
        responses={200: DossierDetailSerializer, **ERRORS},
        tags=["dossiers"],
    )
    @idempotent
    def post(self, request: Request, code: str) -> Response:
        if not selectors.visible_to(request.user).filter(code=code).exists():
            raise selectors.no_such_dossier(code)
        params = dict(validated(ActionSerializer, request.data))
        action = params.pop("action")
        revision = params.pop("revision", None)
        services.act(code, action, user=request.user, revision=revision, **params)
        return Response(_detail(request, code))


class DossierSlipView(APIView):
    """A slip of the dossier as PDF: receipt, supplement, refusal, apology, stop, control."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="dossiers_slip",
        parameters=[OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=list(slips.KINDS))],
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            401: ErrorSerializer,
            404: ErrorSerializer,
        },
        tags=["dossiers"],
    )
    def get(self, request: Request, code: str, kind: str) -> HttpResponse:
        slip = slips.render(selectors.dossier_for(request.user, code), kind)
        response = HttpResponse(slip.pdf(), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{slip.filename}"'
        return response


def _visible(request: Request, code: str):
    dossier = selectors.visible_to(request.user).filter(code=code).first()
    if dossier is None:
        raise selectors.no_such_dossier(code)
    return dossier


class DossierScanView(APIView):
    """Digitize a paper document handed in (or the result): PDF, JPEG or PNG, by content."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="dossiers_scan",
        request={"multipart/form-data": ScanUploadSerializer},
        responses={201: ScanSerializer, **ERRORS},
        tags=["dossiers"],
    )
    def post(self, request: Request, code: str) -> Response:
        _visible(request, code)
        body = ScanUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        digitization.check_size(upload.size)  # before reading it into memory
        scan = digitization.digitize(
            code,
            data=upload.read(),
            name=upload.name,
            pages=body.validated_data["pages"],
            document_id=body.validated_data.get("document"),
            signature=body.validated_data["signature"],
            user=request.user,
        )
        return Response(SCAN.write_instance(scan, {}), status=201)


class DossierScanFileView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="dossiers_scan_file",
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            401: ErrorSerializer,
            404: ErrorSerializer,
        },
        tags=["dossiers"],
    )
    def get(self, request: Request, code: str, pk: int) -> FileResponse:
        dossier = _visible(request, code)
        scan = dossier.scans.filter(pk=pk).first()
        if scan is None:
            raise NotFound(_("This dossier has no such scan."), code="not_found")
        return FileResponse(
            scan.file.open("rb"), content_type=scan.content_type, filename=scan.file.name
        )


class ResultVerifyView(APIView):
    """Is this result one issued here, intact and validly signed, and still in force? For
    anyone — a citizen, a bank, another agency: a result's PDF (multipart ``file``), or its
    dossier code and number. Says nothing personal beyond what the document itself shows;
    rate-limited by address."""

    permission_classes = [AllowAny]
    authentication_classes: list = []  # public: no session, no CSRF, nobody's data
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        operation_id="results_verify",
        request={"multipart/form-data": VerifyRequestSerializer},
        responses={200: VerdictSerializer, 400: ErrorSerializer, 429: ErrorSerializer},
        tags=["results"],
    )
    def post(self, request: Request) -> Response:
        body = VerifyRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        verdict = results.verify(
            body.validated_data.get("file"),
            body.validated_data["dossier"],
            body.validated_data["result_number"],
            client=get_client_ip_address(request) or "-",
        )
        return Response(verdict.as_json(), headers={"Cache-Control": "no-store"})
