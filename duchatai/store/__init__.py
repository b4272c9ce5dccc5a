"""The ledger on disk: YAML files, atomic writes and the lock, the journal, config,
the SQLite cache, git, ``--output`` files."""
