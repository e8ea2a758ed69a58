"""One screen per module. Only `title` is imported at start-up; the app imports
the others when they are first opened."""
