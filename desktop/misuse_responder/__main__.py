"""`python -m misuse_responder` behaves exactly like the installed command."""

import sys

from misuse_responder.cli import main

sys.exit(main())
