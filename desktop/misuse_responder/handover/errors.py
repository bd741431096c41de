"""One exception type whose text is a plain sentence a stressed teacher can read as is."""

from __future__ import annotations


class HandoverError(Exception):
    """A hand-over file or address that cannot be used; ``str()`` is the sentence to show."""


class AddressError(HandoverError):
    """A hand-over address that is damaged, altered or not an address at all."""


class BundleError(HandoverError):
    """A hand-over bundle that cannot be written or must not be trusted."""


class ReceiptError(HandoverError):
    """A receipt that is damaged, not for a case sent from here, or signed by the wrong key."""
