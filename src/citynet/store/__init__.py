"""Where records live: finding files (links checked), their stamps, the one store in
`.citynet/` (a SQLite database), the loaded registry, atomic writes.

May import `citynet.yaml`, `citynet.model`, `citynet.errors`.
"""
