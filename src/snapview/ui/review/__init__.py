"""The review half of the app: a triage session for the video the grid shows (:mod:`.binding`),
the review keys on the grid (:mod:`.triage`, :mod:`.reason_picker`), the marks painted on tiles
(:mod:`.marks`), the status line and the decision filter (:mod:`.status_line`), the report export
dialog (:mod:`.export_dialog`, :mod:`.export_job`), importing another reviewer's JSON
(:mod:`.import_decisions`), all put together by :mod:`.feature`."""
