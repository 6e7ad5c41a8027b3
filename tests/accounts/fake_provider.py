"""A minimal OpenID Connect provider for the sign-in test: the code flow with an HS256-signed ID
token, served by the test's live server beside the application (``urlpatterns``)."""

import secrets
import time

import jwt
from django.conf import settings
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

CLAIMS = {
    "sub": "079201004321",
    "name": "Đặng Thị Lụa",
    "email": "lua@example.vn",
    "phone_number": "+84 913 000 444",
    "personal_id": "079201004321",
}
_codes: dict[str, str] = {}  # code -> nonce
_tokens: set[str] = set()


def authorize(request):
    code = secrets.token_hex(8)
    _codes[code] = request.GET["nonce"]
    target = request.GET["redirect_uri"]
    return HttpResponseRedirect(f"{target}?code={code}&state={request.GET['state']}")


@csrf_exempt
def token(request):
    nonce = _codes.pop(request.POST.get("code", ""), None)
    if nonce is None or request.POST.get("client_secret") != settings.OIDC_RP_CLIENT_SECRET:
        return JsonResponse({"error": "invalid_grant"}, status=400)
    access = secrets.token_hex(16)
    _tokens.add(access)
    now = int(time.time())
    id_token = jwt.encode(
        {
            "iss": "fake",
            "sub": CLAIMS["sub"],
            "aud": settings.OIDC_RP_CLIENT_ID,
            "nonce": nonce,
            "iat": now,
            "exp": now + 300,
        },
        settings.OIDC_RP_CLIENT_SECRET,
        algorithm="HS256",
    )
    return JsonResponse({"access_token": access, "id_token": id_token, "token_type": "Bearer"})


def userinfo(request):
    access = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if access not in _tokens:
        return JsonResponse({"error": "invalid_token"}, status=401)
    return JsonResponse(CLAIMS)


urlpatterns = [
    path("fake-op/authorize", authorize),
    path("fake-op/token", token),
    path("fake-op/userinfo", userinfo),
    path("", include("motcua.urls")),
]
