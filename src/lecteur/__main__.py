"""``python -m lecteur``."""

from lecteur.cli import main

raise SystemExit(main())
