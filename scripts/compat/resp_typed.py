"""redis-py parsers that keep each reply's RESP type, and their conversion to stable JSON.

redis-py folds `+OK` and `$2 OK` into the same bytes, `:1` and `#t` into ints, `*` and `~` into lists, and
turns `-ERR x` into exceptions whose text loses the `ERR` prefix. A compatibility check must see the exact
shape a server sent, so these parsers return subclasses of the native types (redis-py's own handshake still
works with them) tagged with the RESP type byte, and errors with their full text.
"""

from redis._parsers import _RESP2Parser, _RESP3Parser
from redis.exceptions import ConnectionError, InvalidResponse, ResponseError
from redis._parsers.socket import SERVER_CLOSED_CONNECTION_ERROR


class Simple(bytes):
    """`+text`"""


class Bulk(bytes):
    """`$len` payload"""


class Verbatim(bytes):
    """`=len` payload without its format; the format is kept in `.format`."""
    format = b""


class Int(int):
    """`:n`"""


class BigNumber(int):
    """`(n`"""


class Double(float):
    """`,d`"""


class Boolean(int):
    """`#t` / `#f` (bool cannot be subclassed)."""


class Array(list):
    """`*n`"""


class Set(list):
    """`~n`"""


class Push(list):
    """`>n`"""


class Map(dict):
    """`%n`; `.pairs` keeps the wire order and any duplicate keys."""
    pairs = ()


class Marker:
    """A null kind without a Python equivalent."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


NULL_BULK = None                 # `$-1`
NULL_ARRAY = Marker("*-1")        # `*-1`
NULL3 = Marker("_")               # RESP3 `_`


class ExactError(ResponseError):
    """An error reply with its full text, prefix included; `.blob` is True for RESP3 `!` errors."""

    def __init__(self, text, blob=False):
        super().__init__(text)
        self.text = text
        self.blob = blob


class TypedReading:
    """Reads one reply keeping its type; shared by the RESP2 and RESP3 parser classes."""

    def _read_response(self, disable_decoding=False, push_request=False, timeout=None, **_):
        kwargs = {} if timeout is None else {"timeout": timeout}
        raw = self._buffer.readline(**kwargs)
        if not raw:
            raise ConnectionError(SERVER_CLOSED_CONNECTION_ERROR)
        kind, rest = raw[:1], raw[1:]
        if kind == b"-":
            return ExactError(rest.decode("utf-8", errors="replace"))
        if kind == b"!":
            return ExactError(self._buffer.read(int(rest), **kwargs).decode("utf-8", errors="replace"), blob=True)
        if kind == b"+":
            return Simple(rest)
        if kind == b":":
            return Int(int(rest))
        if kind == b"(":
            return BigNumber(int(rest))
        if kind == b",":
            return Double(float(rest))
        if kind == b"#":
            return Boolean(1 if rest == b"t" else 0)
        if kind == b"_":
            return NULL3
        if kind == b"$":
            if rest == b"-1":
                return NULL_BULK
            return Bulk(self._buffer.read(int(rest), **kwargs))
        if kind == b"=":
            payload = self._buffer.read(int(rest), **kwargs)
            value = Verbatim(payload[4:])
            value.format = payload[:3]
            return value
        if kind in (b"*", b"~", b">", b"%"):
            if kind == b"*" and rest == b"-1":
                return NULL_ARRAY
            count = int(rest) * (2 if kind == b"%" else 1)
            items = [self._read_response(disable_decoding, push_request, timeout) for _ in range(count)]
            if kind == b"%":
                pairs = list(zip(items[0::2], items[1::2]))
                result = Map()
                for key, value in pairs:
                    try:
                        result[key] = value
                    except TypeError:
                        pass  # unhashable keys stay only in .pairs
                result.pairs = pairs
                return result
            return {b"*": Array, b"~": Set, b">": Push}[kind](items)
        raise InvalidResponse(f"Protocol Error: {raw!r}")


class TypedRESP2Parser(TypedReading, _RESP2Parser):
    """A RESP2-handshake parser that also understands every RESP3 type (after HELLO 3)."""


class TypedRESP3Parser(TypedReading, _RESP3Parser):
    """The parser for `protocol=3` connections."""


def to_json(value, text):
    """Converts a typed reply to JSON-able data; `text(bytes)` maps strings (id placeholders)."""
    if isinstance(value, ExactError):
        return {"!" if value.blob else "-": value.text}
    if value is NULL_BULK:
        return None
    if value is NULL_ARRAY:
        return {"nil": "*-1"}
    if value is NULL3:
        return {"nil": "_"}
    if isinstance(value, Simple):
        return {"+": text(bytes(value))}
    if isinstance(value, Verbatim):
        return {"=": [value.format.decode("latin-1"), text(bytes(value))]}
    if isinstance(value, bytes):
        return text(bytes(value))
    if isinstance(value, Boolean):
        return {"#": bool(value)}
    if isinstance(value, BigNumber):
        return {"(": str(int(value))}
    if isinstance(value, Double):
        return {",": repr(float(value))}
    if isinstance(value, int):
        return int(value)
    if isinstance(value, Map):
        return {"%": [[to_json(k, text), to_json(v, text)] for k, v in value.pairs]}
    if isinstance(value, Set):
        import json
        return {"~": sorted((to_json(v, text) for v in value), key=lambda item: json.dumps(item, sort_keys=True))}
    if isinstance(value, Push):
        return {">": [to_json(v, text) for v in value]}
    if isinstance(value, list):
        return [to_json(v, text) for v in value]
    if isinstance(value, str):
        return value
    raise TypeError(f"unexpected reply object {value!r}")
