"""Misuse Responder: an offline guide for UK schools responding to online misuse incidents."""

__version__ = "0.1.0"
