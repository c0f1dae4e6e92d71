"""Short names for the levels, as the tests of roles, history and trend write them."""

from levelcal.levels import Level

DOING = Level.IMPLEMENTATION
MANAGING = Level.UNIFICATION
DIRECTING = Level.COMMUNICATION
VISIONING = Level.BEYOND
OFF = Level.OTHER
