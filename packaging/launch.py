"""The frozen build's entry point (PyInstaller runs this file as __main__)."""

from certdesk.app import main

raise SystemExit(main())
