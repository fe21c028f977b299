"""``python -m demo``: run the demo bookshop."""

import sys

from demo.server import main

sys.exit(main())
