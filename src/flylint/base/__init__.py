"""Base helpers with no flylint imports: records and lazily compiled patterns."""
