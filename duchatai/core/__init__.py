"""The rules: items and their history, working days, deadlines, escalation, dates,
the messages users read. Pure: no I/O, no clock, no typer, rich, ruamel, sqlite3 or git."""
