"""Browser tests: built sites opened in headless Chromium through Playwright."""
