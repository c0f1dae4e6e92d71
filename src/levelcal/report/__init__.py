"""Summaries (data) and the renderers that print them."""
