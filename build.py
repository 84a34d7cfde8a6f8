#!/usr/bin/env python3
"""Build the disclosure site: `python build.py --help` lists the commands."""
from disclosure.cli import main

if __name__ == "__main__":
    main()
