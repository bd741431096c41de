"""Settings: the school profile and contacts, the lock times, and the passphrase.

The page is imported from ``settings.page`` where it is opened: the case list needs only
``settings.labels``, and importing the whole page here made every start pay for it.
"""
