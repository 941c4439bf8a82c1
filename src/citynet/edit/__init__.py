"""Changing the registry: fmt, new, import, init.

May import anything below `citynet.cli`.
"""
