"""Small reusable widgets the features share (after Vorta's ``views/partials``)."""
