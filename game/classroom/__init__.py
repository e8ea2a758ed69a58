"""Tools for the class meeting, built from the same cases: the story map, the
以案说法 lesson pack, the class pledge and the daily tip."""
