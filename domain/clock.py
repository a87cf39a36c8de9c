"""The service's one clock for "today": the date in Meizhou (China time), whatever the
server's zone. Tests replace `today_in_china` to stand on another day."""

import datetime as dt
from zoneinfo import ZoneInfo

CHINA_TIME = ZoneInfo("Asia/Shanghai")


def today_in_china() -> dt.date:
    return dt.datetime.now(CHINA_TIME).date()
