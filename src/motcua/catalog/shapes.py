"""What a result of the catalog's search shows of a procedure (``core.shapes``): the columns a
search loads (``search``), the API's rows and their schema all follow from ``SUMMARY``."""

from __future__ import annotations

from rest_framework import serializers

from motcua.catalog.models import ProcedureVersion
from motcua.core.shapes import Column, Computed, Row, Shape

LEVEL_PRIORITY = ["province", "commune", "district", "vertical", "ministry", "other"]


def primary_level(levels: list[str]) -> str | None:
    for level in LEVEL_PRIORITY:
        if level in levels:
            return level
    return levels[0] if levels else None


def _levels(row: Row) -> list[str]:
    return [level for level in row["levels"].split(",") if level]


SUMMARY = Shape(
    "ProcedureSummary",
    ProcedureVersion,
    Column("code", "procedure__code", schema=serializers.CharField()),
    Column("name", schema=serializers.CharField()),
    Computed(
        "level",
        ("levels",),
        lambda row, context: primary_level(_levels(row)),
        schema=serializers.CharField(allow_null=True),
    ),
    Computed(
        "levels",
        ("levels",),
        lambda row, context: _levels(row),
        schema=serializers.ListField(child=serializers.CharField()),
    ),
    Column("field", "field__name", schema=serializers.CharField(allow_null=True, default=None)),
    Column("online", schema=serializers.CharField()),
    Column("kind", "procedure__kind", schema=serializers.CharField()),
    Column("source", schema=serializers.CharField()),
    Column("version", "number", schema=serializers.IntegerField()),
    Column("effective_from", schema=serializers.DateField(allow_null=True)),
)
