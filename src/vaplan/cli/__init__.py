"""The command line: a thin layer over the core that parses options, prints and exits."""
