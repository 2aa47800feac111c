"""Whole-video defect scan in the app: the Scan video action, the Defects panel, F8."""
