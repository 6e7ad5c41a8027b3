from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from motcua.accounts.api.views import MeView, TokenView
from motcua.core import views as core_views
from motcua.core.schema import OncePerProcessGenerator
from motcua.national.api import InboundDossierView

admin.site.site_header = _("motcua administration")
admin.site.site_title = _("motcua")
admin.site.index_title = _("Administration")

api_v1 = [
    path("auth/token", TokenView.as_view(), name="auth-token"),
    path("auth/me", MeView.as_view(), name="auth-me"),
    path("", include("motcua.workdays.api.urls")),
    path("", include("motcua.agencies.api.urls")),
    path("", include("motcua.catalog.api.urls")),
    path("", include("motcua.dossiers.api.urls")),
    path("", include("motcua.portal.api.urls")),
    path("", include("motcua.payments.api.urls")),
    path("", include("motcua.reviews.api.urls")),
    path("", include("motcua.reform.api.urls")),
    path("", include("motcua.reports.api.urls")),
    path("national/dossiers", InboundDossierView.as_view(), name="national-dossiers"),
    path(
        "schema/",
        SpectacularAPIView.as_view(api_version="v1", generator_class=OncePerProcessGenerator),
        name="schema",
    ),
    # The split view serves Swagger UI's start-up script as a file: no inline script under the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # Any other path under the API answers JSON, newlines in it included (<path:> stops at them).
    re_path(r"^(?P<rest>[\s\S]+)$", core_views.api_not_found_view, name="not-found"),
]

urlpatterns = [
    path("", core_views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("portal/", include("motcua.portal.urls")),
    path("mot-cua/", include("motcua.dossiers.urls")),
    path("thanh-toan/", include("motcua.payments.urls")),
    path("ra-soat/", include("motcua.reviews.urls")),
    path("cai-cach/", include("motcua.reform.urls")),
    path("dong-bo-quoc-gia/", include("motcua.national.urls")),
    path("", include("motcua.reports.urls")),
    path("", include("motcua.accounts.urls")),
    path("api/v1/", include((api_v1, "api"))),
    path("healthz", core_views.healthz, name="healthz"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "motcua.core.views.bad_request"
handler500 = "motcua.core.views.server_error"
