"""Text <-> plain data: reading with YAML 1.2 meanings (a fast canonical path and
libyaml), positions of fields, and canonical writing (ruamel.yaml round trip).

May import `citynet.model` and `citynet.errors`.
"""
