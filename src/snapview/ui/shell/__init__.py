"""The application shell: the main window, its action ids, the window state kept between runs, the
crash dialog and the interface language. Features plug into it; it knows none of them."""
