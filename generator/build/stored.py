"""store() and restore(): what a build keeps for the next one, as data that cannot execute.

The build state and the content cache lie beside the site, where anyone who can write a file
there could plant one.  So they are JSON (never pickle), with a header naming the format and
a SHA-256 of the body; a file that is not exactly that, or holds a type outside the few
records listed here, restores as None, and the build simply starts from scratch.

JSON has no tuples, sets, non-text keys or records, so those are tagged: each is a one-key
object whose key starts with a NUL character (which no path, URL or text of an archive holds).
Long texts (article bodies) are not JSON strings but slices of one UTF-8 text after the JSON:
reading them back is one decode and a slice each, faster than pickle.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from sys import intern

from generator import schema
from generator.model import Article

HEADER = b"dcsx-stored 1 "
PLAIN = b"dcsx-stored 1p"  # the same length: the digest starts at the same place
_TUPLE, _DICT, _PAIRS, _SET, _RECORD, _TEXT = "\0t", "\0d", "\0m", "\0s", "\0r", "\0x"
LONG = 200  # characters: a text this long goes to the text part
_PRIMITIVE = frozenset({int, float, bool, type(None)})
# The records a stored value may hold: what the content cache keeps (read_article's Article,
# the Checked front matter).  Any other name restores as None.
_RECORDS: dict[str, type] = {cls.__name__: cls for cls in (Article, schema.Checked)}
_FIELDS: dict[type, tuple[tuple[str, ...], frozenset[str]]] = {}


def _fields(cls: type) -> tuple[tuple[str, ...], frozenset[str]]:
    """A record's field names, and those that hold tuples (stored as plain arrays: a tuple is
    its field's type, so it needs no tag of its own)."""
    known = _FIELDS.get(cls)
    if known is None:
        fields = dataclasses.fields(cls)
        known = _FIELDS[cls] = (tuple(f.name for f in fields),
                                frozenset(f.name for f in fields if str(f.type).startswith("tuple[")))
    return known


class _Encoder:
    def __init__(self):
        self.texts: list[str] = []
        self.at = 0

    def text(self, s: str):
        if len(s) < LONG:
            return s
        self.texts.append(s)
        self.at += len(s)
        return {_TEXT: [self.at - len(s), len(s)]}

    def encode(self, o):
        t = type(o)
        if t is str:
            return o if len(o) < LONG else self.text(o)
        if t in _PRIMITIVE:
            return o
        enc = self.encode
        if t is tuple:
            return {_TUPLE: [x if type(x) in _PRIMITIVE else enc(x) for x in o]}
        if t is list:
            return [enc(x) for x in o]
        if t is dict:
            if all(type(k) is str for k in o):
                return {_DICT: {k: enc(v) for k, v in o.items()}}
            return {_PAIRS: [[enc(k), enc(v)] for k, v in o.items()]}
        if t is frozenset or t is set:
            return {_SET: [enc(x) for x in sorted(o, key=repr)]}
        if _RECORDS.get(t.__name__) is t:
            names, tuples = _fields(t)
            state = o.__dict__
            values = []
            for n in names:
                v = state[n]
                tv = type(v)
                if tv in _PRIMITIVE:
                    values.append(v)
                elif tv is str:
                    values.append(v if len(v) < LONG else self.text(v))
                elif tv is tuple and n in tuples:
                    values.append([x if type(x) is str and len(x) < LONG else enc(x) for x in v])
                else:
                    values.append(enc(v))
            extra = [x for k, v in state.items() if k not in names for x in (k, enc(v))]  # cached properties
            return {_RECORD: [t.__name__, values, extra]}
        raise TypeError(f"cannot store a {t.__name__}")


class _Unknown(ValueError):
    pass


_NONE = object()


def _decoder(texts: str):
    return lambda d: _decode(d, texts)


def _decode(d: dict, texts: str):
    if len(d) != 1:
        return d
    value = d.get(_TUPLE, _NONE)  # the tags by how often they occur; each a hash lookup
    if value is not _NONE:
        return tuple(value)
    value = d.get(_TEXT, _NONE)
    if value is not _NONE:
        start, length = value
        if start < 0 or start + length > len(texts):
            raise _Unknown(_TEXT)
        return texts[start:start + length]
    value = d.get(_RECORD, _NONE)
    if value is not _NONE:
        name, values, extra = value
        cls = _RECORDS.get(name)
        if cls is None:
            raise _Unknown(name)
        names, tuples = _fields(cls)
        if len(values) != len(names):
            raise _Unknown(name)
        obj = object.__new__(cls)
        fields = obj.__dict__
        # Short texts (a date, a section, a name) are shared, as pickle shares them: the pages
        # that group thousands of articles by them compare and hash them by identity first.
        fields.update(zip(names, [intern(v) if type(v) is str and len(v) < 64 else v for v in values]))
        for n in tuples:
            if type(fields[n]) is list:
                fields[n] = tuple([intern(x) if type(x) is str and len(x) < 64 else x for x in fields[n]])
        for i in range(0, len(extra) - 1, 2):
            fields[extra[i]] = extra[i + 1]
        return obj
    value = d.get(_DICT, _NONE)
    if value is not _NONE:
        return value
    value = d.get(_PAIRS, _NONE)
    if value is not _NONE:
        return {k: v for k, v in value}
    value = d.get(_SET, _NONE)
    if value is not _NONE:
        return frozenset(value)
    for key in d:
        if key[:1] == "\0":
            raise _Unknown(key)
    return d


def store(value, *, plain: bool = False) -> bytes:
    """The bytes of a value (records, tuples, sets, dicts with any keys): header, digest, the
    JSON's length, the JSON, the long texts.  ``plain``: the value is JSON as it is (lists,
    dicts with text keys, text, numbers), stored without tags, for speed."""
    if plain:
        body, texts = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), b""
    else:
        encoder = _Encoder()
        body = json.dumps(encoder.encode(value), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        texts = "".join(encoder.texts).encode("utf-8")
    data = b"%d\n" % len(body) + body + texts
    return (PLAIN if plain else HEADER) + hashlib.sha256(data).hexdigest().encode() + b"\n" + data


def restore(data: bytes):
    """The value stored in ``data``, or None when it is not exactly what store() writes."""
    plain = data.startswith(PLAIN)
    if not (plain or data.startswith(HEADER)):
        return None
    try:
        start = data.index(b"\n", len(HEADER)) + 1  # after the digest
        at = data.index(b"\n", start) + 1  # after the JSON's length
        view = memoryview(data)  # 100 MB of texts are neither copied nor sliced
        if hashlib.sha256(view[start:]).hexdigest().encode() != data[len(HEADER):start - 1]:
            return None
        end = at + int(data[start:at - 1])
        if plain:
            return json.loads(data[at:end]) if end == len(data) else None
        texts = str(view[end:], "utf-8")
        return json.loads(data[at:end], object_hook=_decoder(texts))
    except (ValueError, TypeError, KeyError, RecursionError):
        return None
