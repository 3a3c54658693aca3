"""Render: the sandboxed Jinja environment and the Markdown parser."""
