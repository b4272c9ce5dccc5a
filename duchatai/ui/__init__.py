"""What the terminal shows: item and report layouts, the table grid."""
