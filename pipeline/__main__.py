"""Allow ``python -m pipeline`` as an alias of the ``qualscribe`` console script."""

from pipeline.cli import main

main()
