"""The frozen build's entry point (PyInstaller runs this file as __main__)."""

if __name__ == "__main__":
    import multiprocessing

    from certdesk.app import main

    multiprocessing.freeze_support()  # a frozen import worker runs its task, not the app
    raise SystemExit(main())
