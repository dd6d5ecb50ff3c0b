"""`python -m certdesk`."""

from certdesk.app import main

raise SystemExit(main())
