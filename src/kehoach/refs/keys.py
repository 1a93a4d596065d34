"""A citation key from what a user types; the key scheme itself is `kehoach.identity`'s.

The key functions are re-exported for the citation readers (`refs.merge`, `refs.relation`);
new code imports them from `kehoach.identity`.
"""

from __future__ import annotations

from kehoach.identity import base_key, numbered_key, parse_number_symbol, same_base, slug, split_key

__all__ = ["base_key", "numbered_key", "parse_user_key", "same_base", "slug", "split_key"]


def parse_user_key(text: str) -> str | None:
    """A key from what a user types: a key, a number symbol (`40-KH/TU`), or a citation."""
    text = text.strip()
    if text.startswith(("named:", "incomplete:", "partial:")):
        return text
    parsed = parse_number_symbol(text)
    if parsed:
        number, symbol, year = parsed
        return numbered_key(number, symbol, year if "@" in text else None)
    from kehoach.refs import extract_references  # a citation as printed: `Kế hoạch số 40-KH/TU ngày …`

    refs = extract_references(text)
    return refs[0].key if refs else None
