"""Jaring: from residents' social-media complaints to SP4N-LAPOR! reports."""

__version__ = "0.1.0"
