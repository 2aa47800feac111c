"""Event mode: Huawei VOD events opened, dropped or pasted, listed, shown beside the inspector and
checked for their signatures."""
