"""A local VOD emulator: a real HTTP server that behaves like Alibaba Cloud VOD and Huawei Cloud VOD."""
