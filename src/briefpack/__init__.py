"""briefpack: briefing packs in Word for meetings with a software vendor's account team."""

__version__ = "0.1.0"
