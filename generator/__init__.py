"""dcsx: a static, offline-first archive generator for the 东昌府讯 newspaper."""

__version__ = "0.1.0"
