"""Run vaplan as `python -m vaplan`."""

from vaplan.cli.start import main

main()
