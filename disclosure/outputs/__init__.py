"""Machine-readable outputs: one per module (feed, sitemap, data files)."""
