"""Reusable widgets shared by the wizard and the case view."""
