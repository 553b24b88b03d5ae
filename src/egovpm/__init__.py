"""egovpm — the Yangpu e-government project platform (杨浦区电子政务项目管理平台)."""

__version__ = "0.1.0"
