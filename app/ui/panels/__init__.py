"""Qt panels of the user interface."""
