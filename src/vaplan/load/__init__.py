"""Reading a plan directory into data with positions: files, YAML, faults in plain words."""
