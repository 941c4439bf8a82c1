"""Where records live: finding files (links checked), the cache, the loaded
registry, atomic writes.

May import `citynet.yaml`, `citynet.model`, `citynet.errors`.
"""
