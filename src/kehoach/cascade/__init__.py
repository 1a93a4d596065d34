"""Reconstruct the cascade of a corpus: which document implements which.

`cascade_files(paths)` reads files and folders with the pipeline and returns the `Cascade`
(and the files it could not read, with the reason); `build_cascade(profiles)` works on
profiles already made (`profile(doc, idx)`), e.g. from a store. Explicit citations first,
text reuse second (see `engine`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kehoach.cascade.engine import DEFAULT, CascadeOptions, Override, build_cascade
from kehoach.cascade.model import Cascade, CascadeEdge, CascadeNode
from kehoach.cascade.profile import Profile, profile

SUFFIXES = {".txt", ".md", ".pdf", ".docx", ".doc", ".html", ".htm", ".odt"}


@dataclass
class CascadeRun:
    cascade: Cascade
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, Vietnamese reason)


def collect_paths(args: Iterable[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Files named, and the documents inside folders named (recursively), as given; unknown paths reported."""
    out: list[str] = []
    bad: list[tuple[str, str]] = []
    for arg in args:
        p = Path(arg)
        if p.is_dir():
            out += [str(f) for f in sorted(p.rglob("*")) if f.is_file() and f.suffix.lower() in SUFFIXES]
        elif p.is_file():
            out.append(arg)
        else:
            bad.append((arg, "Không tìm thấy tệp hoặc thư mục"))
    return out, bad


def _profile_one(args: tuple[str, int, bool]) -> tuple[Profile | None, str | None]:
    from kehoach.errors import KehoachError
    from kehoach.pipeline import process_file

    path, idx, keep_units = args
    try:
        return profile(process_file(path), idx, keep_units=keep_units, path=path), None
    except KehoachError as exc:
        return None, exc.message


def profiles_from_files(
    paths: Sequence[str], *, keep_units: bool = True, workers: int = 1
) -> tuple[list[Profile], list[tuple[str, str]]]:
    """Read and parse each file (in `workers` processes); a file that cannot be read is reported,
    never skipped silently."""
    jobs = [(path, i, keep_units) for i, path in enumerate(paths)]
    if workers > 1 and len(jobs) > 50:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_profile_one, jobs, chunksize=64))
    else:
        results = [_profile_one(job) for job in jobs]
    profiles: list[Profile] = []
    failed: list[tuple[str, str]] = []
    for path, (prof, error) in zip(paths, results, strict=True):
        if prof is None:
            failed.append((path, error or "Không đọc được tệp"))
            continue
        prof.idx = len(profiles)
        profiles.append(prof)
    return profiles, failed


def cascade_files(
    args: Iterable[str], options: CascadeOptions = DEFAULT, overrides: Sequence[Override] = ()
) -> CascadeRun:
    """The cascade of the documents in files and folders."""
    paths, failed = collect_paths(args)
    profiles, bad = profiles_from_files(paths, keep_units=options.align)
    return CascadeRun(build_cascade(profiles, options, overrides), failed + bad)


__all__ = [
    "DEFAULT",
    "Cascade",
    "CascadeEdge",
    "CascadeNode",
    "CascadeOptions",
    "CascadeRun",
    "Override",
    "Profile",
    "build_cascade",
    "cascade_files",
    "collect_paths",
    "profile",
    "profiles_from_files",
]
