"""Request bodies checked without building a DRF serializer for each request.

DRF deep-copies every declared field of a serializer, and of its nested ones, for each instance:
for the receipt's nested body that copy was most of the validation's cost (about 0.5 ms of a
5 ms request). ``validated`` checks a body against fields bound once per serializer class,
following DRF's own rules for the field kinds below, and returns what the serializer's
``validated_data`` would be. Anything it is not sure of — an error, a value DRF would coerce
(``"5"`` for an integer), a field kind not listed, form-encoded input — goes to the serializer
itself, so every refusal and every edge case is DRF's, word for word. tests/core/test_plain_input.py
checks the two against each other on generated bodies.

A serializer used here must not depend on its context in ``validate()``: the bound-once instance
has none.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import fields, serializers
from rest_framework.exceptions import ValidationError

_TEXT = (fields.CharField, fields.RegexField, fields.EmailField)


class _Unsure(Exception):
    """The serializer must decide."""


_bound: dict[type[serializers.Serializer], serializers.Serializer] = {}


def validated(serializer_class: type[serializers.Serializer], data: Any) -> dict:
    """``serializer_class(data=data)``'s ``validated_data``; DRF's ``ValidationError`` if invalid."""
    bound = _bound.get(serializer_class)
    if bound is None:
        bound = _bound[serializer_class] = serializer_class()
    try:
        return _serializer(bound, data)
    except _Unsure:
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


def _run_validators(field: fields.Field, value: Any) -> None:
    validator: Any  # DRF's validators take the field when they say so
    for validator in field.validators:
        try:
            if getattr(validator, "requires_context", False):
                validator(value, field)
            else:
                validator(value)
        except (ValidationError, DjangoValidationError) as err:
            raise _Unsure from err


def _serializer(serializer: serializers.Serializer, data: Any) -> dict:
    if type(data) is not dict or serializer.validators:
        raise _Unsure
    result: dict = {}
    for field in serializer.fields.values():
        if field.read_only or hasattr(serializer, f"validate_{field.field_name}"):
            raise _Unsure
        value = data.get(field.field_name, fields.empty)
        if value is fields.empty:
            if field.required or getattr(field.default, "requires_context", False):
                raise _Unsure
            try:
                value = field.get_default()
            except fields.SkipField:
                continue
        else:
            value = _field(field, value)
        serializer.set_value(result, field.source_attrs, value)
    try:
        result = serializer.validate(result)
    except (ValidationError, DjangoValidationError) as err:
        raise _Unsure from err
    if result is None:
        raise _Unsure
    return result


def _field(field: fields.Field, value: Any) -> Any:
    """One present value, as ``field.run_validation`` would return it."""
    if value is None:
        raise _Unsure
    # The exact types only (a subclass may validate otherwise); cast() names what each is.
    kind = type(field)
    if kind in _TEXT:
        text = cast(fields.CharField, field)
        if type(value) is not str:
            raise _Unsure
        if text.trim_whitespace:
            value = value.strip()
        if value == "":
            if not text.allow_blank:
                raise _Unsure
            return ""
        _run_validators(field, value)
        return value
    if kind is fields.ChoiceField:
        choice = cast(fields.ChoiceField, field)
        if type(value) is not str:
            raise _Unsure
        if value == "" and choice.allow_blank:
            return ""
        try:
            value = choice.choice_strings_to_values[value]
        except KeyError as err:
            raise _Unsure from err
        _run_validators(field, value)
        return value
    if kind is fields.IntegerField:
        if type(value) is not int:
            raise _Unsure
        _run_validators(field, value)
        return value
    if kind is fields.ListField:
        items = cast(fields.ListField, field)
        if type(value) is not list or (not value and not items.allow_empty):
            raise _Unsure
        value = [_field(items.child, item) for item in value]
        _run_validators(field, value)
        return value
    if kind is serializers.ListSerializer:
        many = cast(serializers.ListSerializer, field)
        if type(value) is not list or (not value and not many.allow_empty):
            raise _Unsure
        longest, shortest = getattr(many, "max_length", None), getattr(many, "min_length", None)
        if longest is not None and len(value) > longest:
            raise _Unsure
        if shortest is not None and len(value) < shortest:
            raise _Unsure
        value = [_serializer(cast(serializers.Serializer, many.child), item) for item in value]
        _run_validators(field, value)
        try:
            return many.validate(value)
        except (ValidationError, DjangoValidationError) as err:
            raise _Unsure from err
    if isinstance(field, serializers.Serializer) and not isinstance(
        field, serializers.ModelSerializer
    ):
        return _serializer(field, value)
    raise _Unsure
