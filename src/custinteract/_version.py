"""The version of custinteract, read by the build backend without importing the package."""

__version__ = "0.1.0"
