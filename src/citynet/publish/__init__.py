"""Turning the registry into documents: reports and their sandboxed templates,
output formats, export, names in the reader's language.

May import `citynet.lint`, `citynet.query` and below.
"""
