"""`python -m certdesk`."""

if __name__ == "__main__":  # not when a worker process of an import reads this module
    import multiprocessing

    from certdesk.app import main

    multiprocessing.freeze_support()
    raise SystemExit(main())
