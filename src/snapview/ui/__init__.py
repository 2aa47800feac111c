"""Qt widgets and item models; talks to services through signals and async slots."""
