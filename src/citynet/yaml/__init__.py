"""Text <-> plain data: reading with YAML 1.2 meanings (a fast canonical path and
libyaml), positions of fields, and canonical writing that keeps every comment and
quotes what YAML 1.1 readers would read otherwise.

May import `citynet.model` and `citynet.errors`.
"""
