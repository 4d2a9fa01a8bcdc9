"""Reaching people who do not take part: permalinks, link previews, the embed widget."""
