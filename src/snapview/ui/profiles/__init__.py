"""Credential profiles in the window: the profile combo, the Profiles dialog and the banner shown
when secrets can only be kept for this session."""
