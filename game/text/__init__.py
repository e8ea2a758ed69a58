"""The text face: the story as plain lines and the steps a player types, for
`fanzha play --choices` and the line-by-line game (`--plain`). No Textual."""
