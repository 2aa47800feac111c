"""The whole-video defect detectors: pure functions over small decoded frames and per-frame
summaries, with every threshold a named constant beside its reasoning and source.

- :mod:`.frame` — the ``Frame(width, height, rgb)`` buffer the pixel checks read;
- :mod:`.kinds` — flag, job-flag and fetch-failure names, severities, one finding;
- :mod:`.pixel` — ``black``, ``uniform``, ``blurred``, ``letterbox`` on one frame;
- :mod:`.dhash` — the imagehash-compatible 64-bit dHash and a multi-index Hamming search;
- :mod:`.sequence` — ``frozen``, ``repeat``, ``wrong_aspect`` over one job's summaries;
- :mod:`.job` — ``count_mismatch``, ``missing_index``, ``job_failed``, ``processing``,
  ``sprite_misaligned``;
- :mod:`.analysis` — one call per decoded snapshot (pixel flags + its summary).
"""
