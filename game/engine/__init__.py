"""The story engine: load and validate scenarios, play one (current node,
choices, choose, undo, ending, save/restore), explore every path. Pure Python:
it imports nothing from Textual and nothing above it (docs/architecture.md)."""
