"""The Tiny Hands app: the command line, the child's screens and the wiring of engine,
games and progress. The engine stays generic; this package composes it."""

__version__ = "0.1.0"
