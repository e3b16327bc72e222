"""Run vaplan as `python -m vaplan`."""

from vaplan.cli import main

main()
