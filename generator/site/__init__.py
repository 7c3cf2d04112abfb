"""Render an Archive into a static site: urls · pages · render · search · build."""
