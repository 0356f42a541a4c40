"""``python -m lint`` runs the notelint command line."""

import sys

from lint.cli import main

sys.exit(main())
