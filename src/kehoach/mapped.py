"""Text that remembers where each character came from.

`MappedText` holds a string and a piecewise-linear map from its offsets back to
the offsets of the original (raw) text. Every repair in `normalize` is an edit
on a `MappedText`, so the normalized text always maps back to the raw text.
Written by hand: no library keeps offset maps through regex edits, and storing
one integer per character would cost 8+ bytes per character on large files.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass
class MappedText:
    """A string plus breakpoints (offset here, offset in raw) of a piecewise map."""

    text: str
    bp_out: list[int] = field(default_factory=lambda: [0])
    bp_raw: list[int] = field(default_factory=lambda: [0])
    raw_len: int = -1

    def __post_init__(self) -> None:
        if self.raw_len < 0:
            self.raw_len = len(self.text)

    def to_raw(self, pos: int) -> int:
        """Offset in the raw text of the character at `pos` here."""
        bp_raw = self.bp_raw
        k = bisect_right(self.bp_out, pos) - 1
        if k < 0:
            k = 0
        raw = bp_raw[k] + (pos - self.bp_out[k])
        if k + 1 < len(bp_raw):  # not past the next piece's start (an insertion maps to one point)
            limit = bp_raw[k + 1] if bp_raw[k + 1] > bp_raw[k] else bp_raw[k]
            if raw > limit:
                raw = limit
        return raw if raw < self.raw_len else self.raw_len

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """A [start, end) span here as a span in the raw text."""
        if end <= start:
            r = self.to_raw(start)
            return (r, r)
        return (self.to_raw(start), self.to_raw(end - 1) + 1)

    def breakpoints(self) -> list[tuple[int, int]]:
        return list(zip(self.bp_out, self.bp_raw, strict=True))

    def sub(self, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]) -> MappedText:
        """Like `pattern.sub(repl, text)`, keeping the map."""
        edits = (
            (m.start(), m.end(), repl(m) if callable(repl) else m.expand(repl))
            for m in pattern.finditer(self.text)
        )
        return self.edit(edits)

    def edit(self, edits: Iterable[tuple[int, int, str]]) -> MappedText:
        """Replace each `[start, end)` by its new text (edits in text order, not overlapping), keeping the map."""
        b = Builder(self)
        last = 0
        for start, end, new in edits:
            if new == self.text[start:end]:
                continue
            b.copy(last, start)
            if not _copy_subsequence(b, self.text, start, end, new):
                b.insert(new, start)
            last = end
        if last == 0 and not b.pieces:
            return self
        b.copy(last, len(self.text))
        return b.build()


def _copy_subsequence(b: Builder, text: str, start: int, end: int, new: str) -> bool:
    """Emit `new` as copies from text[start:end] when it only deletes characters, so the map stays exact."""
    positions: list[int] = []
    j = start
    for ch in new:
        j = text.find(ch, j, end)
        if j < 0:
            return False
        positions.append(j)
        j += 1
    run_start = prev = None
    for pos in positions:
        if run_start is None:
            run_start = prev = pos
        elif pos == prev + 1:
            prev = pos
        else:
            b.copy(run_start, prev + 1)
            run_start = prev = pos
    if run_start is not None:
        b.copy(run_start, prev + 1)
    return True


class Builder:
    """Builds a new `MappedText` from slices of a source `MappedText` and inserted strings."""

    def __init__(self, src: MappedText) -> None:
        self.src = src
        self.pieces: list[str] = []
        self.bp_out: list[int] = []
        self.bp_raw: list[int] = []
        self.pos = 0
        # a source that maps linearly (one breakpoint, the usual case) needs no lookups per slice
        self._shift = src.bp_raw[0] - src.bp_out[0] if len(src.bp_out) == 1 else None

    def _bp(self, out: int, raw: int) -> None:
        if self.bp_out and self.bp_out[-1] == out:
            self.bp_raw[-1] = raw
            return
        if self.bp_out and self.bp_raw[-1] + (out - self.bp_out[-1]) == raw:
            return  # continues the previous linear piece
        self.bp_out.append(out)
        self.bp_raw.append(raw)

    def copy(self, start: int, end: int) -> None:
        """Append src.text[start:end], mapping each character where it came from."""
        if end <= start:
            return
        src = self.src
        if self._shift is not None:
            self._bp(self.pos, min(start + self._shift, src.raw_len))
            self.pieces.append(src.text[start:end])
            self.pos += end - start
            return
        self._bp(self.pos, src.to_raw(start))
        k0 = bisect_right(src.bp_out, start)
        k1 = bisect_left(src.bp_out, end)
        if k1 > k0:  # the source's own breakpoints inside the slice, shifted in bulk
            shift = self.pos - start
            self.bp_out.extend([o + shift for o in src.bp_out[k0:k1]])
            self.bp_raw.extend(src.bp_raw[k0:k1])
        self.pieces.append(src.text[start:end])
        self.pos += end - start

    def insert(self, text: str, at: int) -> None:
        """Append `text`, mapping it to the source offset `at`."""
        if not text:
            return
        if at >= len(self.src.text):
            raw = self.src.raw_len
        elif self._shift is not None:
            raw = min(at + self._shift, self.src.raw_len)
        else:
            raw = self.src.to_raw(at)
        self._bp(self.pos, raw)
        self.pieces.append(text)
        self.pos += len(text)

    def join(self, parts: list[tuple[str, int, int, str]]) -> None:
        """Append, for each (separator, start, end, piece), the separator then the piece, which is
        src.text[start:end] (the caller has it already: not sliced again).

        A separator stands for what it replaces, the character before `start` (the line end or
        indentation it joins over), so a line that follows its predecessor in the source after
        one newline continues the same linear piece of the map: no breakpoint at all.
        """
        if self._shift is None:
            for sep, start, end, _piece in parts:
                self.insert(sep, max(start - 1, 0))
                self.copy(start, end)
            return
        # The same as the loop above with a linear source map, inlined: this runs once per line.
        shift, raw_len = self._shift, self.src.raw_len
        pieces, bp_out, bp_raw = self.pieces, self.bp_out, self.bp_raw
        pos = self.pos
        last = -2  # source end of the piece just appended when it ends on the linear map, else -2
        for sep, start, end, piece in parts:
            if start == last + 1 and len(sep) == 1 and end > start and end + shift <= raw_len:
                # the next line after one newline, joined by one character standing for it: the
                # map goes on linearly, no breakpoint to check
                pieces.append(sep)
                pieces.append(piece)
                pos += 1 + end - start
                last = end
                continue
            if sep:
                raw = start - len(sep) + shift
                raw = 0 if raw < 0 else raw_len if raw > raw_len else raw
                if not bp_out or bp_raw[-1] + (pos - bp_out[-1]) != raw:
                    if bp_out and bp_out[-1] == pos:
                        bp_raw[-1] = raw
                    else:
                        bp_out.append(pos)
                        bp_raw.append(raw)
                pieces.append(sep)
                pos += len(sep)
            if end > start:
                raw = start + shift
                if raw > raw_len:
                    raw = raw_len
                if not bp_out or bp_raw[-1] + (pos - bp_out[-1]) != raw:
                    if bp_out and bp_out[-1] == pos:
                        bp_raw[-1] = raw
                    else:
                        bp_out.append(pos)
                        bp_raw.append(raw)
                pieces.append(piece)
                pos += end - start
                last = end if end + shift <= raw_len else -2
            else:
                last = -2
        self.pos = pos

    def build(self) -> MappedText:
        text = "".join(self.pieces)
        bp_out, bp_raw = self.bp_out or [0], self.bp_raw or [0]
        # drop trailing breakpoints past the end, keep at least one
        while len(bp_out) > 1 and bp_out[-1] >= len(text):
            bp_out.pop()
            bp_raw.pop()
        return MappedText(text, bp_out, bp_raw, self.src.raw_len)


@dataclass
class Segment:
    """A run of the raw text: kept as is, or changed by the repair step."""

    text: str
    repaired: bool
    repaired_to: str = ""


def original_segments(text: str, raw: str | None, offset_map: Iterable[tuple[int, int]]) -> list[Segment]:
    """The raw text cut into kept and repaired runs, from the repaired text and the offset map
    (`Document.text`, `.raw_text`, `.offset_map`); whitespace-only changes count as kept."""
    if raw is None:
        return [Segment(text, False)]
    kept = bytearray(len(raw))
    bps = list(offset_map) or [(0, 0)]
    for k, (o, r) in enumerate(bps):
        o_end = bps[k + 1][0] if k + 1 < len(bps) else len(text)
        n = max(0, min(o_end - o, len(text) - o, len(raw) - r))
        if n <= 0:
            continue
        if text[o : o + n] == raw[r : r + n]:
            kept[r : r + n] = b"\x01" * n  # the common case: a piece copied as is
            continue
        for i in range(n):
            if text[o + i] == raw[r + i]:
                kept[r + i] = 1
    segments: list[Segment] = []
    for m in re.finditer(rb"\x01+|\x00+", bytes(kept)):
        chunk = raw[m.start() : m.end()]
        repaired = m.group(0)[0] == 0 and bool(chunk.strip())
        if segments and segments[-1].repaired == repaired:
            segments[-1].text += chunk
        else:
            segments.append(Segment(chunk, repaired))
    return segments
