"""The main-window flow for Alibaba Cloud VOD videos: VideoIds in, a thumbnail grid out, with the
job, the frames view, the recent videos, the inspector beside it and the ``--demo`` driver."""
