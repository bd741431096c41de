"""First run: set up the school and the passphrase, then show the recovery key once."""

from misuse_responder.ui.first_run.flow import FirstRunWidget

__all__ = ["FirstRunWidget"]
