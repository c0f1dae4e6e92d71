"""levelcal: at which level of value does a leader's calendar actually go?"""

__version__ = "0.1.0"
