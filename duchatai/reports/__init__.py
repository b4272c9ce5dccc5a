"""The reports' data: the morning report, what falls due, weekly standings, stats."""
