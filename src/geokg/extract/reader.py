"""Reading a text to extract from: checked, decoded and split as it streams.

``read_sentences`` yields the same sentences, with the same offsets and
numbers, as ``geokg.claims.text.split_sentences`` on the whole text, but reads the
file in chunks and keeps one paragraph in memory at a time, so a huge file
costs no more memory than its longest paragraph. Problems (no such file,
binary content, not UTF-8, nothing but white space) raise
``ExtractInputError`` with what to do.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from pathlib import Path

from ..claims.dates import DateFormatError, DateValue, parse_date
from ..claims.text import PARAGRAPH_BREAK, Sentence, split_sentences
from ..errors import ExtractInputError

CHUNK = 1 << 16


def read_sentences(
    path: Path, progress: Callable[[int], None] | None = None, chunk: int = CHUNK
) -> Iterator[Sentence]:
    """The sentences of the UTF-8 text at ``path``, streamed paragraph by paragraph.

    ``progress`` is called with the number of bytes read after each chunk.
    """
    index = 0
    paragraph_no = 0
    for offset, paragraph in _paragraphs(path, progress, chunk):
        if not paragraph.strip():
            continue
        paragraph_no += 1
        for sentence in split_sentences(paragraph):
            index += 1
            yield Sentence(
                index=index,
                paragraph=paragraph_no,
                start=offset + sentence.start,
                end=offset + sentence.end,
                text=sentence.text,
            )
    if index == 0:
        raise ExtractInputError(f"{path}: the text is empty (nothing but white space)")


def _paragraphs(
    path: Path, progress: Callable[[int], None] | None, chunk: int
) -> Iterator[tuple[int, str]]:
    """(offset, text) of each paragraph, split where ``split_sentences`` splits them."""
    buffer = ""
    start = 0  # offset of buffer[0] in the text
    for piece, last in _decoded(path, progress, chunk):
        buffer += piece
        cut = 0
        for match in PARAGRAPH_BREAK.finditer(buffer):
            if match.end() == len(buffer) and not last:
                break  # the break may go on in the next chunk
            yield start + cut, buffer[cut : match.start()]
            cut = match.end()
        buffer = buffer[cut:]
        start += cut
    if buffer:
        yield start, buffer


def _decoded(
    path: Path, progress: Callable[[int], None] | None, chunk: int
) -> Iterator[tuple[str, bool]]:
    """The text in decoded pieces, with a flag on the last; checks it is UTF-8 text."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise ExtractInputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ExtractInputError(f"{path}: is a folder; give the text file") from None
    except OSError as err:
        raise ExtractInputError(f"{path}: cannot be read ({err.strerror})") from None
    decoder = codecs.getincrementaldecoder("utf-8")()
    read = 0
    first = True
    with handle:
        while True:
            data = handle.read(chunk)
            last = len(data) < chunk
            nul = data.find(b"\x00")
            if nul != -1:
                raise ExtractInputError(
                    f"{path}: contains NUL bytes (at offset {read + nul}): a binary file, not text"
                )
            try:
                text = decoder.decode(data, final=last)
            except UnicodeDecodeError as err:
                where = read + err.start
                bad = data[err.start] if err.start < len(data) else 0
                encoding = "cp1252" if 0x80 <= bad <= 0x9F else "latin1"
                raise ExtractInputError(
                    f"{path}: not UTF-8 (byte 0x{bad:02x} at offset {where}); convert it to "
                    f"UTF-8 first, e.g. iconv -f {encoding} -t utf-8 (if {encoding} is its "
                    "encoding)"
                ) from None
            read += len(data)
            if first:
                text = text.removeprefix("\ufeff")
                first = False
            if progress:
                progress(len(data))
            yield text, last
            if last:
                return


def source_date(meta: Path) -> DateValue | None:
    """The date a source.yaml gives its text (``date.value``), or None."""
    import yaml

    from ..namespaces import GK

    if not meta.is_file():
        return None
    try:
        doc = yaml.safe_load(meta.read_text(encoding="utf-8")) or {}
        raw = doc.get("date") if isinstance(doc, dict) else None
        raw = raw if isinstance(raw, dict) else {"value": raw}
        if raw.get("value") is None:
            return None
        value = parse_date(raw["value"])
    except (yaml.YAMLError, UnicodeDecodeError, OSError, DateFormatError):
        return None
    certainty = GK.Estimated if raw.get("certainty") == "estimated" else GK.Stated
    return value.with_(certainty=certainty)
