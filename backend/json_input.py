"""The one place request bodies become Python values, so hostile JSON never reaches a view.

Refused here, before any schema runs: bodies nested deeper than any of ours, invalid UTF-8,
numbers that aren't finite, NaN and Infinity, duplicate keys (which value would win is a guess),
and text that no database column can hold (a lone UTF-16 surrogate, NUL).
"""

import json
import math
from functools import cache

import marshmallow as ma
from flask.json.provider import DefaultJSONProvider
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

# Our deepest body (a sync push: batch, mutation, fields, reliefs, relief) is 5 levels.
MAX_DEPTH = 32
UNSTORABLE = "Contains characters that can't be stored (a lone surrogate or NUL)."


class MalformedJson(ValueError):
    """The body is not JSON we accept: answered 400 with the reason."""


class UnstorableText(ValueError):
    """Well-formed JSON whose strings can't be stored: answered 422 naming the fields."""

    def __init__(self, errors: dict):
        super().__init__(UNSTORABLE)
        self.errors = errors


def _refuse_constant(name: str):
    raise MalformedJson(f"{name} is not a number JSON allows.")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise MalformedJson("A number is too large.")
    return value


def _unique_keys(pairs: list) -> dict:
    keys = [key for key, _ in pairs]
    if len(keys) != len(set(keys)):
        raise MalformedJson("A key appears twice in one object.")
    return dict(pairs)


def load_json(data: bytes | str):
    try:
        value = json.loads(
            data, object_pairs_hook=_unique_keys, parse_constant=_refuse_constant, parse_float=_finite_float
        )
    except RecursionError:
        raise MalformedJson(f"The body is nested more than {MAX_DEPTH} levels deep.") from None
    except MalformedJson:
        raise
    except ValueError as error:
        # Invalid UTF-8, broken syntax, an integer too long to read: all the client's doing.
        raise MalformedJson("The body is not valid JSON.") from error
    errors = _check(value, depth=1)
    if errors:
        raise UnstorableText(errors)
    return value


def _check(value, depth: int) -> dict | list | None:
    """Field errors for strings that can't be stored, shaped like marshmallow's; refuses depth."""
    if depth > MAX_DEPTH:
        raise MalformedJson(f"The body is nested more than {MAX_DEPTH} levels deep.")
    if isinstance(value, dict):
        errors = {}
        for key, child in value.items():
            if not _storable(key):
                errors["(a key)"] = [UNSTORABLE]
            if found := _check(child, depth + 1):
                errors[key if _storable(key) else "(a key)"] = found
        return errors or None
    if isinstance(value, list):
        errors = {index: found for index, child in enumerate(value) if (found := _check(child, depth + 1))}
        return errors or None
    if isinstance(value, str) and not _storable(value):
        return [UNSTORABLE]
    return None


def _storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class GuardedJsonProvider(DefaultJSONProvider):
    """`request.get_json()` reads bodies the same way the schemas' parser does."""

    def loads(self, s, **kwargs):
        return load_json(s)


class GuardedParser(FlaskParser):
    """webargs' parser, reading bodies with `load_json`."""

    def _raw_load_json(self, req):
        if not is_json_request(req):
            return core.missing
        return load_json(req.get_data(cache=True))

    def _get_schema(self, argmap, req):
        # A schema given as a class (flask-smorest's paging parameters, some of ours) is built
        # once, not on every request as webargs would: loading leaves a schema as it was.
        if isinstance(argmap, type) and issubclass(argmap, ma.Schema):
            return _one_instance(argmap)
        return super()._get_schema(argmap, req)


@cache
def _one_instance(schema_class: type[ma.Schema]) -> ma.Schema:
    return schema_class()
