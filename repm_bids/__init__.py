"""repm-bids: evaluate, rank and allocate bids under India's REPM manufacturing scheme."""

__version__ = "0.1.0"
TOOL_NAME = "repm-bids"
