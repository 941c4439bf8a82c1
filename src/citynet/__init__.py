"""citynet: a registry of city diplomacy kept as YAML files in git.

The package is a library first (load, validate, query, report) and a thin
command-line tool over it (`citynet.cli`). Nothing here prints or exits.
"""

__version__ = "0.1.0"
