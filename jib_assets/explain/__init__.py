"""Issue 13: explain a youth's place on the list (uitleg), simulate rule changes (wat_als)."""
