"""Bundled year files (`<year>.toml`), one per State Council holiday notice."""
