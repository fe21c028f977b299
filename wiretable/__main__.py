"""``python -m wiretable``: the same command line as the ``wiretable`` script."""

from wiretable.cli import main

main()
