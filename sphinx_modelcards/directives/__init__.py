"""Directives: ``modelcard``, ``leaderboard`` and the ``mc:`` page directives."""
