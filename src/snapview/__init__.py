"""snapview: a desktop viewer for VOD snapshots (Alibaba Cloud VOD and Huawei Cloud VOD) for video QA staff."""

__version__ = "0.1.0"
APP_NAME = "snapview"
ORG_NAME = "snapview"
ORG_DOMAIN = "snapview.dev"
DESKTOP_FILE_NAME = "dev.snapview.Snapview"
