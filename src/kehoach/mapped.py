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
from collections.abc import Callable
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
        k = bisect_right(self.bp_out, pos) - 1
        k = max(k, 0)
        raw = self.bp_raw[k] + (pos - self.bp_out[k])
        if k + 1 < len(self.bp_raw):
            raw = min(raw, max(self.bp_raw[k + 1], self.bp_raw[k]))
        return min(raw, self.raw_len)

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
        b = Builder(self)
        last = 0
        for m in pattern.finditer(self.text):
            start, end = m.span()
            new = repl(m) if callable(repl) else m.expand(repl)
            if new == m.group(0):
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
        raw = self.src.to_raw(at) if at < len(self.src.text) else self.src.raw_len
        self._bp(self.pos, raw)
        self.pieces.append(text)
        self.pos += len(text)

    def build(self) -> MappedText:
        text = "".join(self.pieces)
        bp_out, bp_raw = self.bp_out or [0], self.bp_raw or [0]
        # drop trailing breakpoints past the end, keep at least one
        while len(bp_out) > 1 and bp_out[-1] >= len(text):
            bp_out.pop()
            bp_raw.pop()
        return MappedText(text, bp_out, bp_raw, self.src.raw_len)
