"""Settings, domain vocabulary, city profiles and logging: imports nothing else of Jaring."""
