"""One declaration per representation of a resource.

A ``Shape`` names, in order, the fields of an API answer and where each comes from. Everything
else follows from it:

* ``columns`` — what to ask ``values()`` for (a row's own columns, the paths of joined ones, the
  ids behind its labels, what its computed fields need);
* ``write`` — the answer written directly from such a row: a list of fifty dossiers spent most
  of its time in DRF's per-field machinery, so the API writes rows itself;
* ``serializer`` — a DRF serializer of the same fields, generated: the OpenAPI schema's
  description, and the generic path tests compare ``write`` with.

Adding a field to an answer is one line in its shape.

Fields:

* ``Column(name, source=None)`` — a value read as it is (``source`` may follow relations,
  ``"agency__code"``); moments and dates are written as DRF writes them;
* ``Label(name, path)`` — the code or name of a row pointed to, ``"procedure.code"``: joined when
  one row is read, from the process's reference cache for a list (``labelled``) — with the joins
  the database's planner started from the small tables and sorted every match;
* ``Computed(name, needs, compute)`` — ``compute(row, context)`` from the columns it ``needs``;
* ``Nested(name, shape)`` — rows of another shape the reader puts under ``name``;
* ``Group(name, shape)`` — another shape read from the same row (``source="*"``).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, cast

from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from motcua.core import reference

Row = Mapping[str, Any]
Context = dict[str, Any]


def iso(moment: dt.datetime | None) -> str | None:
    """A moment as DRF's DateTimeField writes it: local time, ISO 8601, "Z" for UTC."""
    if moment is None:
        return None
    text = timezone.localtime(moment).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _iso_in(moment: dt.datetime | None, tz: dt.tzinfo) -> str | None:
    """``iso`` in the time zone ``tz`` (read once for a whole answer)."""
    if moment is None:
        return None
    text = moment.astimezone(tz).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _day(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _model_field(model: type[models.Model], path: str) -> Any:
    """The field ``path`` (``a__b``) ends at, following relations from ``model``."""
    *hops, last = path.split("__")
    for hop in hops:
        model = cast(type[models.Model], model._meta.get_field(hop).related_model)
    return model._meta.get_field(last)


def _writer_for(model_field: models.Field) -> Callable[[Any], Any] | None:
    if isinstance(model_field, models.DateTimeField):
        return iso
    if isinstance(model_field, models.DateField):
        return _day
    return None


def _follow(obj: Any, path: str) -> Any:
    """``values()``'s ``a__b`` read from an instance and the ones it points to."""
    for name in path.split("__"):
        if obj is None:
            return None
        try:
            obj = getattr(obj, name)
        except ObjectDoesNotExist:  # a reverse one-to-one not made: values() reads NULL
            return None
    return obj


def _init_kwargs(schema: serializers.Field) -> dict[str, Any]:
    """The arguments a DRF field was made with (DRF keeps them to copy fields)."""
    return getattr(schema, "_kwargs", {})


def _with_source(schema: serializers.Field, name: str, source: str) -> serializers.Field:
    """``schema`` for the field ``name`` reading ``source`` (dotted), unless it names its own."""
    kwargs = _init_kwargs(schema)
    if "source" in kwargs or source == name:
        return copy.deepcopy(schema)
    return type(schema)(*getattr(schema, "_args", ()), **{**kwargs, "source": source})


@dataclass(frozen=True)
class Column:
    name: str
    source: str | None = None
    schema: serializers.Field | None = None

    @property
    def path(self) -> str:
        return self.source or self.name


@dataclass(frozen=True)
class Label:
    name: str
    path: str  # "procedure.code": the relation, then the field shown
    schema: serializers.Field | None = None

    @property
    def relation(self) -> str:
        return self.path.split(".")[0]

    @property
    def column(self) -> str:
        return self.path.replace(".", "__")


@dataclass(frozen=True)
class Computed:
    name: str
    needs: tuple[str, ...]
    compute: Callable[[Row, Context], Any]
    # The DRF field the schema shows; with a source of its own, the generic path reads it.
    schema: serializers.Field | None = None
    help_text: str = ""


@dataclass(frozen=True)
class Nested:
    name: str
    shape: Shape
    source: str | None = None  # the ORM's related rows, for the generic path
    # The ORM's rows when no relation names them (the generic path).
    orm: Callable[[Any], Iterable[Any]] | None = None
    schema_kwargs: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Group:
    name: str
    shape: Shape


Field = Column | Label | Computed | Nested | Group


class Shape:
    """The fields of one representation of ``model`` (see the module's description)."""

    def __init__(self, name: str, model: type[models.Model], *fields: Field) -> None:
        self.name, self.model, self.fields = name, model, fields
        names = [f.name for f in fields]
        if len(set(names)) != len(names):
            raise ImproperlyConfigured(f"{name}: a field is declared twice")
        self._write = self._compile()

    # --- what to read ---------------------------------------------------------------------
    @cached_property
    def labels(self) -> tuple[Label, ...]:
        return tuple(f for f in self.fields if isinstance(f, Label))

    def columns(self, *, joined: bool = False) -> tuple[str, ...]:
        """What ``values()`` reads for a row: with ``joined``, the labels by a join; without,
        the ids ``labelled`` turns into labels."""
        wanted: list[str] = []
        for f in self.fields:
            if isinstance(f, Column):
                wanted.append(f.path)
            elif isinstance(f, Label):
                wanted.append(f.column if joined else self._fk(f).attname)
            elif isinstance(f, Computed):
                wanted.extend(f.needs)
            elif isinstance(f, Group):
                wanted.extend(f.shape.columns(joined=joined))
        return tuple(dict.fromkeys(wanted))

    def _fk(self, label: Label) -> Any:
        """The foreign key a label follows."""
        return self.model._meta.get_field(label.relation)

    @cached_property
    def _label_plan(self) -> list[tuple[str, str, type[models.Model], str]]:
        """For each label: the key it is written under, the id it is read by, the model and
        field it shows. Only reference data is labelled from the cache."""
        plan = []
        for label in self.labels:
            fk = self._fk(label)
            if fk.related_model._meta.db_table not in reference.tables():
                raise ImproperlyConfigured(
                    f"{self.name}.{label.name}: {fk.related_model.__name__} is not reference "
                    "data (core.reference.register); read it with a Column instead"
                )
            plan.append((label.column, fk.attname, fk.related_model, label.path.split(".")[1]))
        return plan

    def labelled(self, rows: list[dict]) -> list[dict]:
        """``rows`` (read with ``columns()``) with their labels, from the reference cache."""
        plan = self._label_plan
        if not plan:
            return rows
        wanted = {
            (model, shown, row[id_])
            for row in rows
            for _c, id_, model, shown in plan
            if row[id_] is not None
        }
        found = reference.cached_each(wanted, _read_labels)
        for row in rows:
            for column, id_, model, shown in plan:
                row[column] = found.get((model, shown, row[id_]))
        return rows

    # --- how to write ---------------------------------------------------------------------
    def _compile(self) -> Callable[[Row, Context, dt.tzinfo], dict]:
        """The writer, as Python source made from the fields (as ``dataclasses`` makes its
        methods): one dict display a row, no call per plain field."""
        namespace: dict[str, Any] = {"iso": _iso_in, "day": _day}
        parts = []
        for index, f in enumerate(self.fields):
            if isinstance(f, Column):
                convert = _writer_for(_model_field(self.model, f.path))
                value = f"row[{f.path!r}]"
                if convert is iso:
                    value = f"iso({value}, tz)"
                elif convert is _day:
                    value = f"day({value})"
            elif isinstance(f, Label):
                value = f"row[{f.column!r}]"
            elif isinstance(f, Computed):
                namespace[f"compute{index}"] = f.compute
                value = f"compute{index}(row, context)"
            elif isinstance(f, Nested):
                namespace[f"write{index}"] = f.shape._write
                value = f"[write{index}(item, context, tz) for item in row[{f.name!r}]]"
            else:
                namespace[f"write{index}"] = f.shape._write
                value = f"write{index}(row, context, tz)"
            parts.append(f"{f.name!r}: {value}")
        source = "def write(row, context, tz):\n    return {" + ", ".join(parts) + "}\n"
        exec(source, namespace)  # noqa: S102 - made from our own declarations, never input
        return namespace["write"]

    def write(self, row: Row, context: Context) -> dict:
        """The answer for one row read with ``columns()`` (and its labels)."""
        return self._write(row, context, timezone.get_current_timezone())

    def write_all(self, rows: list[dict], context: Context) -> list[dict]:
        """The answers for rows read with ``columns()``, their labels read once for all."""
        tz = timezone.get_current_timezone()
        return [self._write(row, context, tz) for row in self.labelled(rows)]

    def row_of(self, instance: models.Model) -> dict:
        """What ``values(*columns(joined=True))`` reads, taken from an instance already loaded
        (and the ones it points to)."""
        row = {path: _follow(instance, path) for path in self.columns(joined=True)}
        for f in self.fields:
            if isinstance(f, Nested):
                items = f.orm(instance) if f.orm else getattr(instance, f.source or f.name).all()
                row[f.name] = [f.shape.row_of(item) for item in items]
        return row

    def write_instance(self, instance: models.Model, context: Context) -> dict:
        return self.write(self.row_of(instance), context)

    # --- how it is described --------------------------------------------------------------
    @cached_property
    def serializer(self) -> type[serializers.ModelSerializer]:
        """A DRF serializer of the same fields (``<name>Serializer``: the schema's component
        ``<name>``), writing them through DRF's generic path from model instances."""
        # The model's own columns without a schema are described by their model fields.
        declared: dict[str, Any] = {}
        for f in self.fields:
            if isinstance(f, Column):
                if f.schema is not None:
                    declared[f.name] = _with_source(f.schema, f.name, f.path.replace("__", "."))
                elif f.source is not None:
                    raise ImproperlyConfigured(f"{self.name}.{f.name}: a source needs a schema")
            elif isinstance(f, Label):
                declared[f.name] = _with_source(f.schema or serializers.CharField(), f.name, f.path)
            elif isinstance(f, Computed):
                if f.schema is not None and "source" in _init_kwargs(f.schema):
                    declared[f.name] = copy.deepcopy(f.schema)
                else:
                    declared[f.name] = serializers.SerializerMethodField(help_text=f.help_text)
                    declared[f"get_{f.name}"] = self._computed_method(f)
            elif isinstance(f, Nested):
                inner = f.shape.serializer
                if f.orm is None:
                    kwargs = {"many": True, **f.schema_kwargs}
                    if f.source and f.source != f.name:
                        kwargs["source"] = f.source
                    declared[f.name] = inner(**kwargs)
                else:
                    declared[f.name] = serializers.SerializerMethodField()
                    declared[f"get_{f.name}"] = self._nested_method(f)
            else:
                declared[f.name] = f.shape.serializer(source="*")
        meta = type("Meta", (), {"model": self.model, "fields": [f.name for f in self.fields]})
        body = {**declared, "Meta": meta, "__module__": self.model.__module__}
        return type(f"{self.name}Serializer", (serializers.ModelSerializer,), body)

    def _computed_method(self, f: Computed) -> Callable:
        @extend_schema_field(f.schema or serializers.CharField())
        def method(serializer: serializers.Serializer, instance: models.Model) -> Any:
            row = {path: _follow(instance, path) for path in f.needs}
            return f.compute(row, dict(serializer.context))

        return method

    def _nested_method(self, f: Nested) -> Callable:
        @extend_schema_field(f.shape.serializer(many=True))
        def method(serializer: serializers.Serializer, instance: models.Model) -> Any:
            rows = f.orm(instance) if f.orm else []
            return f.shape.serializer(rows, many=True, context=serializer.context).data

        return method


def _read_labels(keys: list[tuple]) -> dict[tuple, Any]:
    ids: dict[tuple, set[int]] = defaultdict(set)
    for model, shown, pk in keys:
        ids[(model, shown)].add(pk)
    return {
        (model, shown, pk): value
        for (model, shown), pks in ids.items()
        for pk, value in model.objects.filter(pk__in=pks).values_list("pk", shown)
    }


def read(qs: QuerySet, shape: Shape, *extra: str, joined: bool = True) -> list[dict]:
    """The rows of ``qs`` as ``shape`` reads them (and the ``extra`` columns a reader needs)."""
    return list(qs.values(*dict.fromkeys((*shape.columns(joined=joined), *extra))))


class Query:
    """``read`` of a query that differs only by one value (a code, a dossier's id), compiled
    once per database: a detail runs five such queries, and compiling them through the ORM
    cost more than running them. ``build(key)`` makes the query for ``key``."""

    def __init__(
        self, build: Callable[[Any], QuerySet], shape: Shape, *extra: str, joined: bool = True
    ) -> None:
        self.build, self.shape, self.extra, self.joined = build, shape, extra, joined
        self._compiled: dict[str, tuple[str, list[str], list]] = {}

    def _compile(self, connection: BaseDatabaseWrapper, key: Any) -> tuple[str, list[str], list]:
        qs = self.build(key).values(
            *dict.fromkeys((*self.shape.columns(joined=self.joined), *self.extra))
        )
        query = qs.query
        compiler = query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        if list(params) != [key]:
            raise ImproperlyConfigured(f"{self.shape.name}: a query of one value only")
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        selected = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
        return sql, names, selected

    def __call__(self, key: Any) -> list[dict]:
        connection = connections[DEFAULT_DB_ALIAS]
        compiled = self._compiled.get(connection.vendor)
        if compiled is None:
            compiled = self._compiled[connection.vendor] = self._compile(connection, key)
        sql, names, selected = compiled
        converters = [
            (position, convert, column)
            for position, column in enumerate(selected)
            for convert in (
                *connection.ops.get_db_converters(column),
                *column.get_db_converters(connection),
            )
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, [key])
            fetched = cursor.fetchall()
        rows = []
        for values in fetched:
            values = list(values)
            for position, convert, column in converters:
                values[position] = convert(values[position], column, connection)
            rows.append(dict(zip(names, values, strict=True)))
        return rows
