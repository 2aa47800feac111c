"""The video library pane: the account's videos, searched, filtered and paged as the list scrolls
(:mod:`.model`, :mod:`.pane`), wired into the main window and the grid by :mod:`.feature`."""
