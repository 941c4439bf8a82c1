"""The language server: citynet's checks, completion and renames inside an editor.

A front end like the CLI: it keeps one loaded registry in memory, puts the
editor's unsaved texts in place of their files, and answers with the
library's own problems, ids and rename plans. Only `server` knows pygls.
"""
