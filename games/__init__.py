"""The games. Importing this package registers every game with engine.registry."""
