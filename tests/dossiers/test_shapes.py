"""``core.shapes``: a field declared once is read, written and described."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers

from motcua.core.shapes import Column, Label, Shape, read
from motcua.dossiers.api.shapes import DETAIL, DOSSIER
from motcua.dossiers.models import Dossier
from tests.dossiers.conftest import user

pytestmark = pytest.mark.django_db


def test_a_field_added_to_a_shape_is_read_written_and_described(receive):
    dossier = receive()
    Dossier.objects.filter(pk=dossier.pk).update(result_date=dt.date(2023, 3, 8))
    probe = Shape(
        "Probe",
        Dossier,
        *DOSSIER.fields,
        Column("result_date"),
        Column("owner", "owner__username", schema=serializers.CharField(allow_null=True)),
    )
    assert {"result_date", "owner__username", "procedure_id"} <= set(probe.columns())
    assert "procedure__code" in probe.columns(joined=True)

    listed = probe.write_all(read(Dossier.objects.all(), probe, joined=False), {})
    joined = probe.write(read(Dossier.objects.all(), probe)[0], {})
    assert listed == [joined]
    assert joined["result_date"] == "2023-03-08" and joined["owner"] is None
    assert joined["procedure"] == dossier.procedure.code and joined["actions"] == []

    generated = probe.serializer
    assert generated.__name__ == "ProbeSerializer"
    assert list(generated().fields) == [f.name for f in probe.fields]
    described = SchemaGenerator().get_schema(request=None, public=True)
    assert "result_date" not in described["components"]["schemas"]["Dossier"]["properties"]
    assert "result_date" in described["components"]["schemas"]["DossierDetail"]["properties"]


def test_every_declared_field_is_in_the_schema_in_order():
    described = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    for shape in (DOSSIER, DETAIL):
        assert list(described[shape.name]["properties"]) == [f.name for f in shape.fields]


def test_a_declaration_that_cannot_be_described_is_refused_when_it_is_made():
    with pytest.raises(ImproperlyConfigured):
        Shape("Twice", Dossier, Column("code"), Column("code"))
    shape = Shape("Loose", Dossier, Column("agency", "holder__code"))
    with pytest.raises(ImproperlyConfigured):
        shape.serializer  # noqa: B018 - a path needs a schema to be described
    # Accounts are not reference data: a label of one would be served stale from the cache.
    shape = Shape("Stale", Dossier, Label("owner", "owner.username"))
    with pytest.raises(ImproperlyConfigured):
        shape.labelled([{"owner_id": 1}])


def test_the_answer_to_a_receipt_is_the_row_its_list_shows(api, receive):
    dossier = receive()
    api.force_authenticate(user("stp.motcua"))
    request = type("Request", (), {"user": user("stp.motcua")})()
    written = DOSSIER.write_instance(dossier, {"request": request})
    assert written["actions"]  # the desk's
    assert api.get("/api/v1/dossiers").json()["results"] == [written]
