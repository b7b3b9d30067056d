"""Streaming XML for the report kinds (Cobertura, JUnit): flat memory, one-line errors.

The file is read in chunks that feed both expat and the SHA-256 digest, so a 100 MB report
is read once and never held whole, and no element tree is built. A truncated file, a binary
file or text that is not XML becomes a `MetricError` naming the file, the problem and where
the parser stopped ("no element found: line 812, column 0").
"""

from __future__ import annotations

import hashlib
import math
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from okrs.metrics.base import MetricError, describe
from okrs.metrics.inputs import existing_file

CHUNK = 1 << 20


def local_name(tag: str) -> str:
    """`{namespace}name` → `name`."""
    return tag.rpartition("}")[2]


def open_report(source: str) -> Path:
    """The path of an existing, non-empty file; the same errors as `inputs.read_bytes`."""
    path = existing_file(source)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise MetricError(source, f"cannot be read: {error.strerror}") from None
    if size == 0:
        raise MetricError(source, "is empty")
    return path


def check_text(source: str, head: bytes) -> None:
    """Refuse binary content and whitespace-only files by name, from the first chunk."""
    if b"\x00" in head[:8192]:
        raise MetricError(source, "is a binary file, not text")
    if not head.strip():
        raise MetricError(source, "is empty")


def read_head(source: str, size: int = 1 << 16) -> bytes:
    path = open_report(source)
    try:
        with path.open("rb") as handle:
            head = handle.read(size)
    except OSError as error:
        raise MetricError(source, f"cannot be read: {error.strerror}") from None
    check_text(source, head)
    return head


def _elements(parser: ET.XMLPullParser[Any]) -> Iterator[tuple[str, ET.Element]]:
    for item in parser.read_events():
        event, element = item[0], item[-1]
        if isinstance(element, ET.Element):
            yield event, element


def root_attributes(source: str, head: bytes) -> tuple[str, dict[str, str]]:
    """The local name and attributes of the first element, read from the head of the file."""
    parser: ET.XMLPullParser[Any] = ET.XMLPullParser(events=("start",))
    try:
        parser.feed(head)
        for _, element in _elements(parser):
            return local_name(element.tag), dict(element.attrib)
    except ET.ParseError as error:
        raise MetricError(source, f"is not well-formed XML: {error}") from None
    raise MetricError(source, f"has no XML element in its first {len(head)} bytes")


def parse(source: str, target: object) -> str:
    """Feed the whole file to an `XMLParser` whose `target` gets the callbacks; the digest.

    No tree is built: the target's `start(tag, attrib)` / `end(tag)` (either may be left
    out, and expat then skips the call) see each element once, so memory stays flat
    whatever the file's size, and a target without them parses at expat's own speed.
    """
    path = open_report(source)
    hasher = hashlib.sha256()
    parser: ET.XMLParser[Any] = ET.XMLParser(target=target)
    first = True
    try:
        with path.open("rb") as handle:
            while block := handle.read(CHUNK):
                hasher.update(block)
                if first:
                    check_text(source, block)
                    first = False
                parser.feed(block)
        parser.close()
    except ET.ParseError as error:
        raise MetricError(source, f"is not well-formed XML: {error}") from None
    except OSError as error:
        raise MetricError(source, f"cannot be read: {error.strerror}") from None
    return "sha256:" + hasher.hexdigest()


def whole_number(source: str, where: str, raw: str | None) -> int:
    """An attribute that must be a count: `where` names it in the error."""
    if raw is None:
        raise MetricError(source, f"{where} is missing")
    try:
        value = int(raw)
    except ValueError:
        try:
            number = float(raw)
        except ValueError:
            raise MetricError(source, f"{where}={describe(raw)} is not a number") from None
        if not number.is_integer():
            raise MetricError(source, f"{where}={describe(raw)} is not a whole number") from None
        value = int(number)
    if value < 0:
        raise MetricError(source, f"{where}={describe(raw)} is negative")
    return value


def seconds(source: str, where: str, raw: str | None) -> float:
    """A duration attribute in seconds; absent means 0. JUnit writers may use `1,234.5`."""
    if raw is None or not raw.strip():
        return 0.0
    try:
        value = float(raw.replace(",", ""))
    except ValueError:
        raise MetricError(source, f"{where}={describe(raw)} is not a number of seconds") from None
    if not math.isfinite(value):
        raise MetricError(source, f"{where}={describe(raw)} is not a finite number")
    return value
