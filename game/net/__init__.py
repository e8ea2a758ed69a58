"""Servers that host a face over the network: `fanzha serve` puts the Textual
game in a browser tab."""
