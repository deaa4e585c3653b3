"""Converter for the rule-of-law report archive: raw reports in, Markdown pages and data out."""

__version__ = "0.1.0"
