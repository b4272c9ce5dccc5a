"""What a command does with a ledger: the procedure's steps, checks, sync and merge,
spreadsheet export and import."""
