"""Questions asked of a loaded registry: filters, rows, views for `show`,
organisation rules, regions, the difference between two states.

May import `citynet.store` and below.
"""
