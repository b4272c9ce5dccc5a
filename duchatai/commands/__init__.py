"""The commands of the command line, one module per family; ``duchatai/cli.py`` registers them.

Each command parses its options, calls one library function, hands the result
to the output format (``output.py``) and exits. Modules that are heavy to
import (the ledger, the procedure, Rich, openpyxl) are imported inside the
command that needs them, so that start-up stays within its budget.
"""
