"""One module per `fanzha` subcommand."""
