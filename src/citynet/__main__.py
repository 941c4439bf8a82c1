"""`python -m citynet` runs the command-line tool."""

from citynet.cli import main

raise SystemExit(main())
