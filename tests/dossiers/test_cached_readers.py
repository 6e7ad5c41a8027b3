"""Every reader that keeps its result under the reference stamp (core.reference) reads only
tables an app registered."""

import datetime as dt

import pytest
from django.conf import settings

from motcua.accounts.permissions import Action, can
from motcua.agencies.selectors import known_agency
from motcua.core import reference
from tests.dossiers.conftest import user

pytestmark = pytest.mark.django_db


def test_every_cached_reader_reads_registered_tables_only(receive, stp):
    """Each reader that keeps its result under the stamp, run on the demo province with the
    guard on (the suite's setting): a table it reads that no app registered fails it."""
    from motcua.catalog.selectors import province_version_of
    from motcua.dossiers import services
    from motcua.dossiers.api.shapes import DOSSIER
    from motcua.dossiers.models import Dossier
    from motcua.workdays.selectors import current_version_key
    from tests.dossiers.conftest import CODE

    assert settings.MOTCUA_REFERENCE_GUARD
    dossier = receive()  # the receipt's terms: version, limit, process, calendar
    readers = [
        lambda: known_agency(stp.code, "agency"),
        lambda: province_version_of(CODE, dt.date(2023, 3, 6)),
        lambda: services.terms(CODE, dt.date(2023, 3, 6), stp, "direct"),
        current_version_key,
        lambda: can(user("stp.motcua"), Action.DOSSIER_RECEIVE, stp),
        lambda: DOSSIER.labelled(list(Dossier.objects.values(*DOSSIER.columns()))),
    ]
    for read in readers:
        reference._held = (None, {})  # nothing kept: each reads the database, watched
        assert read() is not None
    assert dossier.code
