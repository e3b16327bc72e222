"""Run vaplan as `python -m vaplan`."""

from vaplan.cli.main import main

main()
