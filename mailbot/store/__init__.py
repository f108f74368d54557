"""Storage: SQLModel tables and the unit of work."""
