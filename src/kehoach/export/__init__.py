"""Exporters: one model, many formats (JSON, Markdown, side-by-side HTML, DOCX, Akoma Ntoso)."""
