#!/usr/bin/env python3
"""Build the Prevention Academy site.

    python build_site.py            validate, then build everything into site/
    python build_site.py --check    validate only (fast)
    python build_site.py serve      live preview at http://127.0.0.1:8000/
"""

import sys

from academy.cli import main

if __name__ == "__main__":
    sys.exit(main())
