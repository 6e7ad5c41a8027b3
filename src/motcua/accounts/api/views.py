from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.accounts.permissions import ROLE_ACTIONS, active_roles
from motcua.core.api import ErrorSerializer
from motcua.core.errors import DomainError


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class TokenView(APIView):
    """Exchange a username and password for an API token (``Authorization: Token <token>``)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        operation_id="auth_token",
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer("TokenResponse", {"token": serializers.CharField()}),
            400: ErrorSerializer,
            401: ErrorSerializer,
            429: ErrorSerializer,
        },
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # The plain HttpRequest goes to authenticate() so django-axes counts failures and its
        # middleware answers a locked-out client.
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise DomainError(
                _("Wrong username or password."), code="invalid_credentials", status=401
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class RoleSerializer(serializers.Serializer):
    agency = serializers.CharField(source="agency.code")
    agency_name = serializers.CharField(source="agency.name")
    role = serializers.CharField()
    actions = serializers.ListField(child=serializers.CharField())


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    kind = serializers.CharField()
    superuser = serializers.BooleanField()
    roles = RoleSerializer(many=True)


class MeView(APIView):
    """Who the token belongs to, and what it may do where."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="auth_me", responses={200: MeSerializer, 401: ErrorSerializer}, tags=["auth"]
    )
    def get(self, request: Request) -> Response:
        user = request.user
        roles = [
            {"agency": r.agency, "role": r.role, "actions": sorted(ROLE_ACTIONS.get(r.role, ()))}
            for r in active_roles(user)
        ]
        data = {
            "username": user.username,
            "full_name": str(user),
            "kind": user.kind,
            "superuser": user.is_superuser,
            "roles": roles,
        }
        return Response(MeSerializer(data).data)
