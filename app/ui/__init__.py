"""Qt user interface: talks to services only, through the runner."""
